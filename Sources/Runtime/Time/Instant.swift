/// A point in time, in whole seconds since 1970-01-01T00:00:00Z. The engine never reads a
/// wall clock: every instant comes in with an event or from the virtual clock, which is
/// what makes a dry-run replay deterministic.
public struct Instant: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// Seconds since the Unix epoch, UTC.
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (a: Instant, b: Instant) -> Bool { a.seconds < b.seconds }

    /// This instant moved by a Swift `Duration` (rounded down to whole seconds).
    public static func + (instant: Instant, duration: Duration) -> Instant {
        Instant(seconds: instant.seconds + duration.components.seconds)
    }

    public static func - (instant: Instant, duration: Duration) -> Instant {
        Instant(seconds: instant.seconds - duration.components.seconds)
    }

    /// The time between two instants.
    public static func - (a: Instant, b: Instant) -> Duration { .seconds(a.seconds - b.seconds) }

    /// RFC 3339 in UTC, e.g. `2025-01-18T18:30:00Z`.
    public var description: String {
        let civil = CivilDateTime(utcSeconds: seconds)
        return civil.isoText + "Z"
    }
}

/// A calendar date and wall-clock time with no time zone attached (what a person reads on
/// a clock in some place), with civil-calendar arithmetic done by hand (Howard Hinnant's
/// days-from-civil algorithm) so conversions are fast and need no Foundation `Calendar`.
public struct CivilDateTime: Sendable, Hashable, Comparable, Codable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The civil date and time of a UTC instant.
    public init(utcSeconds: Int64) {
        let days = Int64((Double(utcSeconds) / 86_400).rounded(.down))
        let secondsOfDay = Int(utcSeconds - days * 86_400)
        let (year, month, day) = Self.civil(fromDays: days)
        self.init(year: year, month: month, day: day,
                  hour: secondsOfDay / 3600, minute: (secondsOfDay % 3600) / 60, second: secondsOfDay % 60)
    }

    /// Seconds since the epoch if this wall-clock time were UTC.
    public var utcSeconds: Int64 {
        Self.days(fromCivil: year, month, day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// Days since 1970-01-01 of the date part.
    public var epochDay: Int64 { Self.days(fromCivil: year, month, day) }

    /// ISO weekday: 1 = Monday ... 7 = Sunday.
    public var isoWeekday: Int {
        let weekday = Int((epochDay + 3) % 7) // 1970-01-01 was a Thursday (3 when Monday = 0)
        return (weekday < 0 ? weekday + 7 : weekday) + 1
    }

    /// Minutes since midnight.
    public var minuteOfDay: Int { hour * 60 + minute }

    /// `2025-01-18T19:30:00`
    public var isoText: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))"
    }

    public static func < (a: CivilDateTime, b: CivilDateTime) -> Bool { a.utcSeconds < b.utcSeconds }

    /// Whether the date exists (February 30th does not).
    public var isValid: Bool {
        (1...12).contains(month) && day >= 1 && day <= Self.daysInMonth(year, month)
            && (0...23).contains(hour) && (0...59).contains(minute) && (0...60).contains(second)
    }

    public static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }
}
