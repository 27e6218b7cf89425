/// One concrete occurrence of a calendar event — a booking at a given time — after
/// recurrence expansion, EXDATE, RECURRENCE-ID overrides and STATUS have been applied.
/// This is what the waitlist engine sees of a recorded calendar.

/// An event occurrence on the timeline.
public struct EventOccurrence: Sendable, Hashable {
    /// The event's UID (shared by every occurrence of a repeating event).
    public var uid: String
    /// Unique per occurrence: the UID for a one-off event, `UID/<original start in UTC>`
    /// for a repeat (stable when an override moves it).
    public var id: String
    /// When the occurrence begins.
    public var start: Instant
    /// Exclusive end; equal to `start` for an event without DTEND or DURATION.
    public var end: Instant
    /// A whole-day event (DTSTART is a DATE), covering the local day(s).
    public var allDay: Bool
    /// STATUS:CANCELLED on the event or on this occurrence's override.
    public var cancelled: Bool
    /// SUMMARY, TEXT escapes undone.
    public var summary: String?
    /// X-SPEEDAI-PARTY: covers the booking takes, when given.
    public var party: Int?
    /// X-SPEEDAI-RESOURCE: the table, chair or staff member, when given.
    public var resource: String?
    /// TRANSP:TRANSPARENT on the event or this occurrence's override: it takes no time.
    public var transparent: Bool

    /// Creates an occurrence (the expansion builds them; tests and glue code may too).
    public init(uid: String, id: String, start: Instant, end: Instant, allDay: Bool, cancelled: Bool,
                summary: String?, party: Int?, resource: String?, transparent: Bool = false) {
        self.uid = uid
        self.id = id
        self.start = start
        self.end = end
        self.allDay = allDay
        self.cancelled = cancelled
        self.summary = summary
        self.party = party
        self.resource = resource
        self.transparent = transparent
    }

    /// Whether the occurrence touches `[from, to)`: it overlaps it, or is an instant inside it.
    func touches(from: Instant, to: Instant) -> Bool {
        start < to && (end > from || (end == start && start >= from))
    }
}
