/// A VEVENT as read from an .ics file: when it starts, how long it lasts, how it
/// repeats, which repeats are removed or replaced, and the SpeedAI booking details
/// (party size, resource). Overrides (events with RECURRENCE-ID) are events too.
import RuleLang

/// One VEVENT component.
public struct ICalEvent: Sendable, Hashable {
    /// An `RDATE` entry: an extra start, or a start with its own end (`VALUE=PERIOD`).
    public struct ExtraDate: Sendable, Hashable {
        /// The extra occurrence's start.
        public var start: ICalDateTime
        /// The explicit end of a PERIOD value, if any.
        public var end: ICalDateTime?
        /// The duration of a `start/PT2H` PERIOD value, if any.
        public var duration: ICalDuration?

        /// An RDATE entry.
        public init(start: ICalDateTime, end: ICalDateTime? = nil, duration: ICalDuration? = nil) {
            self.start = start
            self.end = end
            self.duration = duration
        }
    }

    /// How long each occurrence lasts.
    public enum Length: Sendable, Hashable {
        /// `DTEND`: an exact time span, the same for every occurrence (RFC 5545 3.8.5.3).
        case end(ICalDateTime)
        /// `DURATION`: nominal days plus exact seconds, added on the wall clock.
        case duration(ICalDuration)
        /// Neither: a DATE event lasts one day, a timed one is an instant.
        case implied
    }

    /// UID: shared by an event and its overrides.
    public var uid: String
    /// DTSTART: the first occurrence, and the clock repeats are computed on.
    public var start: ICalDateTime
    /// DTEND, DURATION or neither.
    public var length: Length
    /// RRULE, if the event repeats by rule (never set on an override).
    public var rule: RRule?
    /// RDATE entries.
    public var extraDates: [ExtraDate]
    /// EXDATE entries: occurrences removed from the series.
    public var exceptionDates: [ICalDateTime]
    /// Set on an override: the original start of the occurrence it replaces.
    public var recurrenceID: ICalDateTime?
    /// `STATUS:CANCELLED`.
    public var isCancelled: Bool
    /// SUMMARY, TEXT escapes undone.
    public var summary: String?
    /// `X-SPEEDAI-PARTY`: how many people (covers) the booking is for.
    public var party: Int?
    /// `X-SPEEDAI-RESOURCE`: the table, chair or staff member it occupies.
    public var resource: String?
    /// `TRANSP:TRANSPARENT`: the event does not take time (a reminder, a note).
    public var isTransparent: Bool
    /// Where `BEGIN:VEVENT` is, for messages about the event as a whole.
    public var range: SourceRange

    /// An event; only `uid` and `start` are required.
    public init(uid: String, start: ICalDateTime, length: Length = .implied, rule: RRule? = nil,
                extraDates: [ExtraDate] = [], exceptionDates: [ICalDateTime] = [], recurrenceID: ICalDateTime? = nil,
                isCancelled: Bool = false, summary: String? = nil, party: Int? = nil, resource: String? = nil,
                range: SourceRange = .point(0), isTransparent: Bool = false) {
        self.uid = uid
        self.start = start
        self.length = length
        self.rule = rule
        self.extraDates = extraDates
        self.exceptionDates = exceptionDates
        self.recurrenceID = recurrenceID
        self.isCancelled = isCancelled
        self.summary = summary
        self.party = party
        self.resource = resource
        self.range = range
        self.isTransparent = isTransparent
    }

    /// An all-day event (DTSTART is a DATE).
    public var isAllDay: Bool { start.isDate }

    /// Whether the event repeats (RRULE or RDATE).
    public var recurs: Bool { rule != nil || !extraDates.isEmpty }
}

/// The events of one or more VCALENDAR blocks of a file.
public struct ICalCalendar: Sendable, Hashable {
    /// Every VEVENT in file order, overrides included.
    public var events: [ICalEvent]

    /// A calendar holding `events`.
    public init(events: [ICalEvent]) { self.events = events }
}
