/// Decides whether one day belongs to a rule's period: BYMONTH, BYWEEKNO, BYYEARDAY,
/// BYMONTHDAY and BYDAY, plus the days DTSTART implies when the rule names none (a
/// MONTHLY rule without BYDAY/BYMONTHDAY repeats on DTSTART's day of the month).
/// Filtering every day of a period by these tests gives exactly the "expand" and
/// "limit" behaviour of the table in RFC 5545 section 3.3.10, one rule at a time.
struct RRuleDayFilter {
    /// The days being considered for one period.
    struct Period {
        var first: Int64
        var last: Int64
        /// Weeks in the week-numbering year, for YEARLY rules with BYWEEKNO (whose
        /// periods are week-years: 2024-12-30 starts week 1 of 2025).
        var weekCount: Int
    }

    private let rule: RRule
    private let useDefaults: Bool
    private let startMonth: Int
    private let startDay: Int
    private let startWeekday: Int
    /// Whether numbered BYDAY entries count within the month (MONTHLY, or YEARLY with
    /// BYMONTH) rather than within the year.
    private let ordinalsWithinMonth: Bool

    init(rule: RRule, start: CivilDateTime, useDefaults: Bool) {
        self.rule = rule
        self.useDefaults = useDefaults
        startMonth = start.month
        startDay = start.day
        startWeekday = start.isoWeekday
        ordinalsWithinMonth = rule.frequency == .monthly || (rule.frequency == .yearly && !rule.byMonth.isEmpty)
    }

    /// Whether a whole month can hold accepted days (BYMONTH), so a period walk can skip it.
    func acceptsMonth(_ month: Int) -> Bool { rule.byMonth.isEmpty || rule.byMonth.contains(month) }

    /// The only days of a month BYMONTHDAY allows, in order, or nil when it allows any:
    /// a walk visits just these (and none at all for "February 30th").
    func monthDays(year: Int, month: Int) -> [Int]? {
        guard !rule.byMonthDay.isEmpty else { return nil }
        let length = CivilDateTime.daysInMonth(year, month)
        let days = rule.byMonthDay.map { $0 > 0 ? $0 : length + $0 + 1 }.filter { (1...length).contains($0) }
        return Set(days).sorted()
    }

    /// Whether the day `epochDay` (which is `year-month-day`) is accepted.
    func accepts(_ epochDay: Int64, year: Int, month: Int, day: Int, in period: Period) -> Bool {
        if !acceptsMonth(month) { return false }
        if !rule.byWeekNo.isEmpty {
            let week = Int((epochDay - period.first) / 7) + 1
            if !rule.byWeekNo.contains(where: { $0 == week || $0 == week - period.weekCount - 1 }) { return false }
        }
        var dayOfYear = 0
        var daysInYear = 0
        if !rule.byYearDay.isEmpty || (!rule.byDay.isEmpty && !ordinalsWithinMonth) {
            dayOfYear = Int(epochDay - CivilDays.epochDay(year, 1, 1)) + 1
            daysInYear = CivilDays.daysInYear(year)
        }
        if !rule.byYearDay.isEmpty
            && !rule.byYearDay.contains(where: { $0 == dayOfYear || $0 == dayOfYear - daysInYear - 1 }) {
            return false
        }
        let daysInMonth = CivilDateTime.daysInMonth(year, month)
        if !rule.byMonthDay.isEmpty
            && !rule.byMonthDay.contains(where: { $0 == day || $0 == day - daysInMonth - 1 }) {
            return false
        }
        let weekday = CivilDays.isoWeekday(epochDay)
        if !rule.byDay.isEmpty {
            let matches = rule.byDay.contains { entry in
                guard entry.weekday.rawValue == weekday else { return false }
                guard entry.ordinal != 0 else { return true }
                let (position, length) = ordinalsWithinMonth ? (day, daysInMonth) : (dayOfYear, daysInYear)
                return entry.ordinal == (position - 1) / 7 + 1 || entry.ordinal == -((length - position) / 7 + 1)
            }
            if !matches { return false }
        }
        return !useDefaults || acceptsImpliedDay(month: month, day: day, weekday: weekday)
    }

    /// The day DTSTART implies when the rule does not say which days (RFC 5545: "the
    /// information necessary to determine the set of recurrence instances ... is
    /// derived from DTSTART").
    private func acceptsImpliedDay(month: Int, day: Int, weekday: Int) -> Bool {
        let namesDays = !rule.byDay.isEmpty || !rule.byMonthDay.isEmpty || !rule.byYearDay.isEmpty
        switch rule.frequency {
        case .yearly where !rule.byWeekNo.isEmpty:
            // Week numbers without days: DTSTART's weekday in those weeks (as libical does).
            return namesDays || weekday == startWeekday
        case .yearly:
            return namesDays || (day == startDay && (!rule.byMonth.isEmpty || month == startMonth))
        case .monthly:
            return namesDays || day == startDay
        case .weekly:
            return namesDays || weekday == startWeekday
        default:
            return true
        }
    }
}
