/// The recurrence rule of an iCalendar event (RFC 5545 section 3.3.10), as data: what
/// repeats, how often and until when. Parsing lives in `RRule+Parsing.swift` and
/// expansion into dates in `RRuleExpander.swift`, so this file is only the vocabulary.

/// A parsed `RRULE` value such as `FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10`.
public struct RRule: Sendable, Hashable {
    /// `FREQ`: the size of the period the rule steps through.
    public enum Frequency: Int, Sendable, Hashable, Comparable, CaseIterable {
        case secondly, minutely, hourly, daily, weekly, monthly, yearly

        /// The keyword as written in a rule, e.g. `WEEKLY`.
        public var keyword: String {
            switch self {
            case .secondly: "SECONDLY"
            case .minutely: "MINUTELY"
            case .hourly: "HOURLY"
            case .daily: "DAILY"
            case .weekly: "WEEKLY"
            case .monthly: "MONTHLY"
            case .yearly: "YEARLY"
            }
        }

        /// Shorter periods first: SECONDLY < ... < YEARLY.
        public static func < (a: Frequency, b: Frequency) -> Bool { a.rawValue < b.rawValue }
    }

    /// A day of the week, numbered as ISO 8601 does (Monday = 1 ... Sunday = 7) so it
    /// matches `CivilDateTime.isoWeekday`.
    public enum Weekday: Int, Sendable, Hashable, CaseIterable {
        case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

        /// The two-letter code used in rules, e.g. `MO`.
        public var code: String {
            switch self {
            case .monday: "MO"
            case .tuesday: "TU"
            case .wednesday: "WE"
            case .thursday: "TH"
            case .friday: "FR"
            case .saturday: "SA"
            case .sunday: "SU"
            }
        }

        /// The weekday for a two-letter code (any case), if it is one.
        public init?(code: String) {
            guard let day = Weekday.allCases.first(where: { $0.code == code.uppercased() }) else { return nil }
            self = day
        }
    }

    /// One `BYDAY` entry: a weekday, optionally with an ordinal such as the `-1` in `-1SU`
    /// (the last Sunday of the month or year).
    public struct WeekdayRule: Sendable, Hashable {
        /// 0 for every such weekday; 1 for the first, -1 for the last, and so on.
        public var ordinal: Int
        /// The day of the week.
        public var weekday: Weekday

        /// `ordinal` 0 means every such weekday of the period.
        public init(ordinal: Int = 0, weekday: Weekday) {
            self.ordinal = ordinal
            self.weekday = weekday
        }
    }

    /// `UNTIL`: the last moment an occurrence may start, inclusive.
    public struct Until: Sendable, Hashable {
        /// The wall-clock value as written (a UTC clock when `isUTC`).
        public var time: CivilDateTime
        /// Written with a trailing `Z`.
        public var isUTC: Bool
        /// Written as a DATE (`20250630`): the whole day is included.
        public var isDate: Bool

        /// An UNTIL value as written.
        public init(time: CivilDateTime, isUTC: Bool, isDate: Bool) {
            self.time = time
            self.isUTC = isUTC
            self.isDate = isDate
        }
    }

    /// `FREQ`.
    public var frequency: Frequency
    /// `INTERVAL`: every how many periods (1 = every one).
    public var interval: Int
    /// `COUNT`: how many occurrences in all, when the rule says so.
    public var count: Int?
    /// `UNTIL`, when the rule says so.
    public var until: Until?
    /// `BYSECOND` (0...60), empty when absent; the same for every BY... list below.
    public var bySecond: [Int]
    /// `BYMINUTE` (0...59).
    public var byMinute: [Int]
    /// `BYHOUR` (0...23).
    public var byHour: [Int]
    /// `BYDAY`, e.g. `MO`, `-1SU`.
    public var byDay: [WeekdayRule]
    /// `BYMONTHDAY` (1...31, negative from the end of the month).
    public var byMonthDay: [Int]
    /// `BYYEARDAY` (1...366, negative from the end of the year).
    public var byYearDay: [Int]
    /// `BYWEEKNO` (1...53, negative from the end of the week-numbering year).
    public var byWeekNo: [Int]
    /// `BYMONTH` (1...12).
    public var byMonth: [Int]
    /// `BYSETPOS`: which of each period's occurrences to keep (negative from the end).
    public var bySetPos: [Int]
    /// `WKST`: the first day of the week, for WEEKLY periods and week numbers.
    public var weekStart: Weekday

    /// A rule repeating every `interval` periods of `frequency`, with no limiting parts.
    public init(frequency: Frequency, interval: Int = 1) {
        self.frequency = frequency
        self.interval = interval
        self.count = nil
        self.until = nil
        self.bySecond = []
        self.byMinute = []
        self.byHour = []
        self.byDay = []
        self.byMonthDay = []
        self.byYearDay = []
        self.byWeekNo = []
        self.byMonth = []
        self.bySetPos = []
        self.weekStart = .monday
    }

    /// Whether the rule stops by itself (COUNT or UNTIL); otherwise it repeats forever
    /// and is only ever expanded inside a window.
    public var isBounded: Bool { count != nil || until != nil }
}
