/// The slot model of compiled rules: services (when the establishment takes bookings),
/// resources (staff or rooms with their own calendars) and closed days, with every
/// per-service override already resolved.
extension RuleSet {
    /// The `slots` block.
    public struct SlotModel: Sendable, Hashable {
        /// Default slot length (services may override it).
        public var length: Duration
        /// Default bookings per slot, per resource when resources exist.
        public var capacity: Int
        /// Weekdays the establishment is closed.
        public var closedWeekdays: [Weekday]
        /// Dates the establishment is closed (holidays), sorted.
        public var closedDates: [CalendarDate]
        /// Declared services in file order, or the two default services.
        public var services: [Service]
        /// Declared resources in file order; empty when bookings are not per resource.
        public var resources: [Resource]

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(length: Duration, capacity: Int, closedWeekdays: [Weekday], closedDates: [CalendarDate],
                    services: [Service], resources: [Resource]) {
            self.length = length
            self.capacity = capacity
            self.closedWeekdays = closedWeekdays
            self.closedDates = closedDates
            self.services = services
            self.resources = resources
        }

        /// The service with this label, if any.
        public func service(_ label: String) -> Service? { services.first { $0.label == label } }

        /// Whether the establishment is closed on a date that falls on `weekday`.
        public func isClosed(on date: CalendarDate, weekday: Weekday) -> Bool {
            closedWeekdays.contains(weekday) || closedDates.contains(date)
        }
    }

    /// A `service <label>` block: a window of the day in which slots are cut.
    public struct Service: Sendable, Hashable {
        /// The label, as `slot.service` and `entry.service` see it.
        public var label: String
        /// Display name.
        public var name: String
        /// Days the service runs, Monday first.
        public var days: [Weekday]
        /// Opening window; never crosses midnight.
        public var hours: TimeRange
        /// Slot length for this service.
        public var length: Duration
        /// Bookings per slot for this service.
        public var capacity: Int
        /// How long a booking of this service occupies its places from its slot's start
        /// (`booking_length`); never shorter than `length`. A booking longer than a slot
        /// takes a place in every slot it overlaps, like the restaurant's own bookings.
        public var bookingLength: Duration

        /// Creates a value from its parts; `RuleCompiler` is the usual producer. Without a
        /// booking length, a booking lasts one slot.
        public init(label: String, name: String, days: [Weekday], hours: TimeRange, length: Duration, capacity: Int,
                    bookingLength: Duration? = nil) {
            self.label = label
            self.name = name
            self.days = days
            self.hours = hours
            self.length = length
            self.capacity = capacity
            self.bookingLength = bookingLength ?? length
        }
    }

    /// A `resource <label>` block: a person or room with its own calendar.
    public struct Resource: Sendable, Hashable {
        /// The label, as `slot.resource` sees it.
        public var label: String
        /// Display name.
        public var name: String
        /// Labels of the services this resource takes part in.
        public var services: [String]
        /// Days the resource works, Monday first.
        public var days: [Weekday]

        /// Creates a value from its parts; `RuleCompiler` is the usual producer.
        public init(label: String, name: String, services: [String], days: [Weekday]) {
            self.label = label
            self.name = name
            self.services = services
            self.days = days
        }
    }
}
