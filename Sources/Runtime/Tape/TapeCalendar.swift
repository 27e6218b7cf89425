/// The calendar as the dry-run sees it: the bookings of the tape's `calendar.ics` over the
/// replayed window, then every change the timeline and the engine make. It answers the
/// engine's `calendarChanged` with the full busy list, as a calendar poll would.

/// One booking in the replayed calendar (one occurrence of a recurring event).
public struct TapeBooking: Sendable, Hashable {
    /// The event's UID (`speedai-booking-N` for the engine's own bookings).
    public var uid: String
    /// The occurrence's original start, to cancel one occurrence of a recurring event.
    public var occurrence: Instant
    /// When it starts now.
    public var start: Instant
    /// When it ends (exclusive).
    public var end: Instant
    /// Capacity taken: the party (`X-SPEEDAI-PARTY`), 1 when absent.
    public var units: Int
    /// The staff member or room (`X-SPEEDAI-RESOURCE`), "" for the whole establishment.
    public var resource: String

    /// A booking from its parts.
    public init(uid: String, occurrence: Instant, start: Instant, end: Instant, units: Int, resource: String) {
        self.uid = uid
        self.occurrence = occurrence
        self.start = start
        self.end = end
        self.units = units
        self.resource = resource
    }

    /// The busy interval the engine sees; recurring occurrences get distinct ids.
    var busy: BusyInterval {
        BusyInterval(id: uid, start: start, end: end, resource: resource, units: units)
    }
}

/// The replayed calendar's bookings, in a stable order.
public struct TapeCalendar: Sendable {
    /// Every booking, in the order added.
    public private(set) var bookings: [TapeBooking]

    /// A calendar holding `bookings`.
    public init(bookings: [TapeBooking]) { self.bookings = bookings }

    /// The bookings of an expanded iCalendar: cancelled, all-day and transparent
    /// (TRANSP:TRANSPARENT) occurrences are not bookings.
    public init(occurrences: [EventOccurrence]) {
        self.bookings = occurrences.filter { !$0.cancelled && !$0.allDay && !$0.transparent }.map {
            TapeBooking(uid: $0.uid, occurrence: $0.start, start: $0.start, end: $0.end,
                        units: max(1, $0.party ?? 1), resource: $0.resource ?? "")
        }
    }

    /// What the engine is told: one busy interval per booking; occurrences of a recurring
    /// event are told apart by their original start.
    public var busy: [BusyInterval] {
        let counts = Dictionary(bookings.map { ($0.uid, 1) }, uniquingKeysWith: +)
        return bookings.map { booking in
            var interval = booking.busy
            if counts[booking.uid, default: 0] > 1 { interval.id += "@\(booking.occurrence.seconds)" }
            return interval
        }
    }

    /// Every uid, sorted, for "did you mean".
    public var uids: [String] { Array(Set(bookings.map(\.uid))).sorted() }

    /// Whether a booking with this uid exists.
    public func contains(_ uid: String) -> Bool { bookings.contains { $0.uid == uid } }

    /// Adds a booking.
    public mutating func add(_ booking: TapeBooking) { bookings.append(booking) }

    /// Indices of the bookings a cancel or move addresses: the occurrence when given, else
    /// every occurrence of the uid.
    public func indices(of uid: String, occurrence: Instant?) -> [Int] {
        bookings.indices.filter { bookings[$0].uid == uid && (occurrence == nil || bookings[$0].occurrence == occurrence) }
    }

    /// Removes the bookings at `indices` and returns them.
    public mutating func remove(at indices: [Int]) -> [TapeBooking] {
        let removed = indices.map { bookings[$0] }
        for index in indices.sorted(by: >) { bookings.remove(at: index) }
        return removed
    }

    /// Moves the booking at `index`; returns it before and after.
    public mutating func move(at index: Int, start: Instant, end: Instant) -> (TapeBooking, TapeBooking) {
        let before = bookings[index]
        bookings[index].start = start
        bookings[index].end = end
        return (before, bookings[index])
    }
}
