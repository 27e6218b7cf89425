/// Day-level civil-calendar arithmetic for recurrence expansion — epoch days, day of
/// year, weekdays, week numbers for any first weekday — built on the hand-written
/// algorithms of `CivilDateTime`, so expanding a rule needs no Foundation `Calendar`.
/// Times inside expansion are "local seconds": `CivilDateTime.utcSeconds` of a wall
/// clock, which makes wall-clock arithmetic plain integer arithmetic.
enum CivilDays {
    static let secondsPerDay: Int64 = 86_400

    /// Days since 1970-01-01 of a civil date.
    static func epochDay(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        CivilDateTime.days(fromCivil: year, month, day)
    }

    /// The civil date of an epoch day.
    static func date(_ epochDay: Int64) -> (year: Int, month: Int, day: Int) {
        CivilDateTime.civil(fromDays: epochDay)
    }

    /// ISO weekday (1 = Monday ... 7 = Sunday) of an epoch day; 1970-01-01 was a Thursday.
    static func isoWeekday(_ epochDay: Int64) -> Int {
        Int(floorMod(epochDay + 3, 7)) + 1
    }

    static func daysInYear(_ year: Int) -> Int { CivilDateTime.isLeapYear(year) ? 366 : 365 }

    /// Division rounding toward negative infinity (times before 1970 are negative).
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func floorMod(_ a: Int64, _ b: Int64) -> Int64 { a - floorDiv(a, b) * b }

    /// Division rounding toward positive infinity, for "the first step at or after".
    static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 { -floorDiv(-a, b) }

    /// The first day of week 1 of `year` when weeks start on `weekStart` (ISO 1...7):
    /// week 1 is the first week with at least four days in the year, i.e. the one
    /// holding January 4th (RFC 5545 BYWEEKNO, generalised from ISO 8601 to any WKST).
    static func firstDayOfWeekOne(year: Int, weekStart: Int) -> Int64 {
        let january4 = epochDay(year, 1, 4)
        let daysBack = (isoWeekday(january4) - weekStart + 7) % 7
        return january4 - Int64(daysBack)
    }

    /// The year a day's week belongs to (2024-12-31 is in week 1 of 2025 with WKST=MO).
    static func weekYear(of epochDay: Int64, weekStart: Int) -> Int {
        let year = date(epochDay).year
        if epochDay >= firstDayOfWeekOne(year: year + 1, weekStart: weekStart) { return year + 1 }
        if epochDay < firstDayOfWeekOne(year: year, weekStart: weekStart) { return year - 1 }
        return year
    }

    /// A wall-clock time from local seconds.
    static func civil(localSeconds: Int64) -> CivilDateTime { CivilDateTime(utcSeconds: localSeconds) }
}
