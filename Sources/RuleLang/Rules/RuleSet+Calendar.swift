/// The calendar vocabulary of compiled rules: weekdays, times of day, time ranges and
/// dates, as plain values. They are nested in `RuleSet` so the names stay short without
/// clashing with the engine's own calendar types.
extension RuleSet {
    /// A day of the week. Rule files write the English abbreviation (`tue`); the French
    /// one (`mar`) is accepted too and formatted back to English.
    public enum Weekday: String, Sendable, Hashable, CaseIterable, Comparable {
        /// Monday to Sunday, as rule files write them.
        case mon, tue, wed, thu, fri, sat, sun

        /// The French abbreviations, in the same order as `allCases`.
        public static let frenchNames = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]

        /// Reads `tue` or `mar`; nil for anything else.
        public init?(symbol: String) {
            if let day = Weekday(rawValue: symbol) {
                self = day
            } else if let index = Self.frenchNames.firstIndex(of: symbol) {
                self = Self.allCases[index]
            } else {
                return nil
            }
        }

        /// Foundation's `Calendar` numbering: 1 is Sunday, 2 Monday, ... 7 Saturday.
        public var calendarWeekday: Int {
            self == .sun ? 1 : (Self.allCases.firstIndex(of: self)! + 2)
        }

        /// Monday first, as in a French week.
        public static func < (a: Weekday, b: Weekday) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// A span of the day from `start` to `end`, in minutes since midnight. `end` may be
    /// 1440 (`24:00`); when `end` is before `start` the range crosses midnight, as quiet
    /// hours `22:00-08:00` do.
    public struct TimeRange: Sendable, Hashable, CustomStringConvertible {
        /// Minutes since midnight, 0...1439.
        public var start: Int
        /// Minutes since midnight, 0...1440.
        public var end: Int

        /// A range from `start` to `end`, in minutes since midnight.
        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }

        /// `12:00-14:30` style, with hours and minutes, as `TimeRange(start: 720, end: 870)`.
        public init(_ startHour: Int, _ startMinute: Int, _ endHour: Int, _ endMinute: Int) {
            self.init(start: startHour * 60 + startMinute, end: endHour * 60 + endMinute)
        }

        /// True when the range runs past midnight into the next day.
        public var crossesMidnight: Bool { end < start }

        /// Length in minutes, counting across midnight when needed.
        public var minutes: Int { crossesMidnight ? 1440 - start + end : end - start }

        /// Whether a time of day (minutes since midnight) falls inside, end excluded.
        public func contains(minute: Int) -> Bool {
            crossesMidnight ? (minute >= start || minute < end) : (minute >= start && minute < end)
        }

        /// The canonical rule-file form, e.g. `12:00-14:30`.
        public var description: String { "\(Self.clock(start))-\(Self.clock(end))" }

        /// `9:05` as `09:05`.
        static func clock(_ minutes: Int) -> String {
            let hours = minutes / 60
            let rest = minutes % 60
            return (hours < 10 ? "0" : "") + "\(hours):" + (rest < 10 ? "0" : "") + "\(rest)"
        }
    }

    /// A calendar date without a time or a time zone, such as `2025-12-25`.
    public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
        /// The year, 1...9999.
        public var year: Int
        /// The month, 1...12.
        public var month: Int
        /// The day of the month, from 1.
        public var day: Int

        /// A date from its numbers; see `isValid`.
        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        /// Whether the date exists (no 30 February), in the proleptic Gregorian calendar.
        public var isValid: Bool {
            (1...9999).contains(year) && (1...12).contains(month) && day >= 1
                && day <= Self.daysIn(month: month, year: year)
        }

        /// Days in a month, accounting for leap years.
        static func daysIn(month: Int, year: Int) -> Int {
            switch month {
            case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }

        /// Chronological order.
        public static func < (a: CalendarDate, b: CalendarDate) -> Bool {
            (a.year, a.month, a.day) < (b.year, b.month, b.day)
        }

        /// ISO 8601: `2025-12-25`.
        public var description: String {
            let y = String(year)
            let m = month < 10 ? "0\(month)" : "\(month)"
            let d = day < 10 ? "0\(day)" : "\(day)"
            return "\(String(repeating: "0", count: max(0, 4 - y.count)))\(y)-\(m)-\(d)"
        }
    }
}
