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
        let namesDays = !rule.byDay.isEmpty || !rule.byMonthDay.isEmpty || !rule.byYearDay.isEmpty || !rule.byWeekNo.isEmpty
        let monthlyOrYearly = rule.frequency == .monthly || rule.frequency == .yearly
        impliedDay = useDefaults && monthlyOrYearly && !namesDays ? start.day : nil
        // A YEARLY rule naming days of the month but no month takes DTSTART's month, as
        // RFC 5545 says of any detail a rule leaves out ("FREQ=YEARLY;BYMONTHDAY=29" from
        // February 29th is every leap day, not the 29th of every month; libical agrees).
        let monthLeftOut = rule.byMonth.isEmpty && rule.byYearDay.isEmpty && rule.byWeekNo.isEmpty
            && (!namesDays || !rule.byMonthDay.isEmpty)
        impliedMonth = useDefaults && rule.frequency == .yearly && monthLeftOut ? start.month : nil
        var weekdays = [Bool](repeating: rule.byDay.isEmpty, count: 8)
        for entry in rule.byDay { weekdays[entry.weekday.rawValue] = true }
        let impliesWeekday = rule.frequency == .weekly || (rule.frequency == .yearly && !rule.byWeekNo.isEmpty)
        if useDefaults && impliesWeekday && rule.byDay.isEmpty && rule.byMonthDay.isEmpty && rule.byYearDay.isEmpty {
            weekdays = [Bool](repeating: false, count: 8)
            weekdays[start.isoWeekday] = true
        }
        allowedWeekdays = weekdays
        hasOrdinals = rule.byDay.contains { $0.ordinal != 0 }
    }

    /// Weekdays (ISO index 1...7) a day may fall on: a cheap first test in the walk.
    private let allowedWeekdays: [Bool]
    /// Some BYDAY entry is numbered (`-1SU`), so weekday alone does not decide.
    private let hasOrdinals: Bool

    /// DTSTART's day of the month when a MONTHLY or YEARLY rule names no days, and its
    /// month when a YEARLY rule names no month (nor weeks or days of the year): the walk
    /// visits only those.
    private let impliedDay: Int?
    private let impliedMonth: Int?

    /// Whether a whole month can hold accepted days (BYMONTH), so a period walk can skip it.
    func acceptsMonth(_ month: Int) -> Bool {
        (rule.byMonth.isEmpty || rule.byMonth.contains(month)) && (impliedMonth == nil || impliedMonth == month)
    }

    /// The only days of a month BYMONTHDAY (or DTSTART's implied day) allows, in order,
    /// or nil when it allows any: a walk visits just these (none for "February 30th").
    func monthDays(year: Int, month: Int) -> [Int]? {
        let length = CivilDateTime.daysInMonth(year, month)
        if let impliedDay { return impliedDay <= length ? [impliedDay] : [] }
        guard !rule.byMonthDay.isEmpty else { return nil }
        let days = rule.byMonthDay.map { $0 > 0 ? $0 : length + $0 + 1 }.filter { (1...length).contains($0) }
        return Set(days).sorted()
    }

    /// Whether the day `epochDay` (which is `year-month-day`) is accepted.
    func accepts(_ epochDay: Int64, year: Int, month: Int, day: Int, in period: Period) -> Bool {
        let weekday = CivilDays.isoWeekday(epochDay)
        if !allowedWeekdays[weekday] || !acceptsMonth(month) { return false }
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
        if hasOrdinals {
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
