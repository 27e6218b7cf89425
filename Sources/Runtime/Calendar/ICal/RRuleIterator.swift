/// The period-by-period walk behind `RRuleExpander`: keeps the current period, its
/// pending candidates, the COUNT so far and the run of empty periods. Times are local
/// seconds (see `CivilDays`), so stepping a period is integer arithmetic.
struct RRuleIterator {
    private let rule: RRule
    private let expanderIncludesStart: Bool
    private let filter: RRuleDayFilter
    private let startSeconds: Int64
    /// DTSTART's minute and second, the defaults for HOURLY and MINUTELY candidates.
    private let startMinute: Int
    private let startSecond: Int
    private let untilSeconds: Int64?
    /// min(UNTIL, the window's end): a period starting after it ends the walk.
    private let stopAfter: Int64?
    /// Seconds within a day of every candidate time, for DAILY and longer periods.
    private let timesOfDay: [Int64]
    private let startDay: Int64
    /// First period: its year, week-year, month index (year * 12 + month - 1), first day
    /// of week, or first second (sub-daily), depending on the frequency.
    private let base: Int64
    /// Length of one sub-daily step in seconds (interval x unit).
    private let step: Int64

    /// Empty periods in a row after which the rule is taken to produce nothing more:
    /// the iteration cap, or sooner where the Gregorian calendar repeats (every 400
    /// years, weekdays included), since then nothing can ever turn up.
    private let emptyPeriodLimit: Int

    private var periodIndex: Int64 = 0
    private var pending: [Int64] = []
    private var pendingIndex = 0
    private var produced = 0
    private var emptyRun = 0
    private var finished = false
    /// DTSTART still has to be produced on its own (see `RRuleExpander.includesStart`).
    private var startPending: Bool
    private(set) var reachedIterationLimit = false

    init(_ expander: RRuleExpander, jumpTo lower: Int64?, stopAfter upper: Int64?) {
        let rule = expander.rule
        self.rule = rule
        expanderIncludesStart = expander.includesStart
        startSeconds = expander.start.utcSeconds
        startMinute = expander.start.minute
        startSecond = expander.start.second
        startPending = expander.includesStart
        untilSeconds = expander.until?.utcSeconds
        switch (untilSeconds, upper) {
        case let (until?, window?): stopAfter = min(until, window)
        case let (until, window): stopAfter = until ?? window
        }
        startDay = CivilDays.floorDiv(startSeconds, CivilDays.secondsPerDay)
        switch rule.frequency {
        case .yearly: emptyPeriodLimit = min(RRuleExpander.iterationLimit, 400)
        case .monthly: emptyPeriodLimit = min(RRuleExpander.iterationLimit, 400 * 12)
        default: emptyPeriodLimit = RRuleExpander.iterationLimit
        }
        filter = RRuleDayFilter(rule: rule, start: expander.start, useDefaults: rule.frequency >= .daily)
        let start = expander.start
        let interval = Int64(rule.interval)
        switch rule.frequency {
        case .yearly where !rule.byWeekNo.isEmpty:
            base = Int64(CivilDays.weekYear(of: startDay, weekStart: rule.weekStart.rawValue))
            step = 0
        case .yearly:
            base = Int64(start.year)
            step = 0
        case .monthly:
            base = Int64(start.year) * 12 + Int64(start.month - 1)
            step = 0
        case .weekly:
            base = startDay - Int64((start.isoWeekday - rule.weekStart.rawValue + 7) % 7)
            step = 0
        case .daily:
            base = startDay
            step = 0
        case .hourly:
            base = startSeconds - Int64(start.minute * 60 + start.second)
            step = 3600 * interval
        case .minutely:
            base = startSeconds - Int64(start.second)
            step = 60 * interval
        case .secondly:
            base = startSeconds
            step = interval
        }
        if rule.frequency >= .daily {
            if expander.dateOnly {
                timesOfDay = [0]
            } else {
                let hours = rule.byHour.isEmpty ? [start.hour] : rule.byHour
                let minutes = rule.byMinute.isEmpty ? [start.minute] : rule.byMinute
                let seconds = (rule.bySecond.isEmpty ? [start.second] : rule.bySecond).filter { $0 < 60 }
                var times = Set<Int64>()
                for hour in hours { for minute in minutes { for second in seconds {
                    times.insert(Int64(hour * 3600 + minute * 60 + second))
                } } }
                timesOfDay = times.sorted()
            }
        } else {
            timesOfDay = []
        }
        if let lower, lower > startSeconds { periodIndex = firstPeriod(near: lower) }
    }

    /// The next occurrence (local seconds), or nil when the rule is over.
    mutating func next() -> Int64? {
        if startPending {
            startPending = false
            produced = 1
            if let count = rule.count, produced >= count { finished = true }
            return startSeconds
        }
        while !finished {
            if pendingIndex < pending.count {
                let candidate = pending[pendingIndex]
                pendingIndex += 1
                if candidate < startSeconds || (expanderIncludesStart && candidate == startSeconds) { continue }
                if let untilSeconds, candidate > untilSeconds {
                    finished = true
                    return nil
                }
                produced += 1
                if let count = rule.count, produced >= count { finished = true }
                return candidate
            }
            if emptyRun >= emptyPeriodLimit {
                reachedIterationLimit = true
                finished = true
                return nil
            }
            guard let (periodStart, candidates) = loadPeriod() else {
                // Past year 9999 while still finding nothing: as good as the cap.
                reachedIterationLimit = emptyRun > 0
                finished = true
                return nil
            }
            if let stopAfter, periodStart > stopAfter {
                finished = true
                return nil
            }
            pending = candidates
            pendingIndex = 0
            emptyRun = candidates.contains(where: { $0 >= startSeconds }) ? 0 : emptyRun + 1
        }
        return nil
    }

    /// A period index a little before the one holding `lower`, so a window far from
    /// DTSTART does not walk every period in between. Only used without COUNT.
    private func firstPeriod(near lower: Int64) -> Int64 {
        let interval = Int64(rule.interval)
        let lowerDay = CivilDays.floorDiv(lower, CivilDays.secondsPerDay)
        let lowerDate = CivilDays.date(lowerDay)
        let index: Int64
        switch rule.frequency {
        case .yearly: index = (Int64(lowerDate.year) - base) / interval
        case .monthly: index = (Int64(lowerDate.year) * 12 + Int64(lowerDate.month - 1) - base) / interval
        case .weekly: index = (lowerDay - base) / (7 * interval)
        case .daily: index = (lowerDay - base) / interval
        case .hourly, .minutely, .secondly: index = (lower - base) / step
        }
        return max(0, index - 1)
    }

    /// Loads the current period and advances to the next one: the period's first second
    /// and its candidates in order, after BYSETPOS; nil past year 9999.
    private mutating func loadPeriod() -> (Int64, [Int64])? {
        if rule.frequency >= .daily {
            guard let period = dayPeriod(periodIndex) else { return nil }
            periodIndex += 1
            var candidates: [Int64] = []
            // Walk the period month by month so months outside BYMONTH cost nothing and
            // each day's civil date comes from a counter, not a conversion.
            var monthStart = period.first
            var (year, month, day) = CivilDays.date(monthStart)
            while monthStart <= period.last {
                let daysLeftInMonth = Int64(CivilDateTime.daysInMonth(year, month) - day)
                let monthEnd = min(period.last, monthStart + daysLeftInMonth)
                if filter.acceptsMonth(month) {
                    let lastDay = day + Int(monthEnd - monthStart)
                    let days = filter.monthDays(year: year, month: month)?.filter { $0 >= day && $0 <= lastDay }
                    for dayOfMonth in days ?? Array(day...lastDay) {
                        let epochDay = monthStart + Int64(dayOfMonth - day)
                        if filter.accepts(epochDay, year: year, month: month, day: dayOfMonth, in: period) {
                            for time in timesOfDay { candidates.append(epochDay * CivilDays.secondsPerDay + time) }
                        }
                    }
                }
                monthStart = monthEnd + 1
                (year, month, day) = month == 12 ? (year + 1, 1, 1) : (year, month + 1, 1)
            }
            return (period.first * CivilDays.secondsPerDay, applySetPositions(candidates))
        }
        return subDailyPeriod()
    }

    /// The days of period `index` for DAILY ... YEARLY.
    private func dayPeriod(_ index: Int64) -> RRuleDayFilter.Period? {
        let interval = Int64(rule.interval)
        let offset = index * interval
        switch rule.frequency {
        case .yearly where !rule.byWeekNo.isEmpty:
            guard base + offset <= 9999 else { return nil }
            let year = Int(base + offset)
            let weekStart = rule.weekStart.rawValue
            let first = CivilDays.firstDayOfWeekOne(year: year, weekStart: weekStart)
            let next = CivilDays.firstDayOfWeekOne(year: year + 1, weekStart: weekStart)
            return .init(first: first, last: next - 1, weekCount: Int((next - first) / 7))
        case .yearly:
            guard base + offset <= 9999 else { return nil }
            let year = Int(base + offset)
            return .init(first: CivilDays.epochDay(year, 1, 1), last: CivilDays.epochDay(year + 1, 1, 1) - 1, weekCount: 0)
        case .monthly:
            let monthIndex = base + offset
            guard monthIndex / 12 <= 9999 else { return nil }
            let year = Int(monthIndex / 12)
            let month = Int(monthIndex % 12) + 1
            let first = CivilDays.epochDay(year, month, 1)
            return .init(first: first, last: first + Int64(CivilDateTime.daysInMonth(year, month)) - 1, weekCount: 0)
        case .weekly:
            let first = base + 7 * offset
            guard first <= Self.lastSupportedDay else { return nil }
            return .init(first: first, last: first + 6, weekCount: 0)
        default:
            let day = base + offset
            guard day <= Self.lastSupportedDay else { return nil }
            return .init(first: day, last: day, weekCount: 0)
        }
    }

    /// 9999-12-31: four-digit years are all iCalendar can write.
    private static let lastSupportedDay = CivilDays.epochDay(9999, 12, 31)

    /// HOURLY, MINUTELY, SECONDLY: BY... parts of a longer unit limit the period, and a
    /// period on a rejected day, hour or minute jumps to the first step after it.
    private mutating func subDailyPeriod() -> (Int64, [Int64])? {
        let periodStart = base + periodIndex * step
        let day = CivilDays.floorDiv(periodStart, CivilDays.secondsPerDay)
        guard day <= Self.lastSupportedDay else { return nil }
        let secondOfDay = periodStart - day * CivilDays.secondsPerDay
        let hour = Int(secondOfDay / 3600)
        let minute = Int(secondOfDay % 3600 / 60)
        let second = Int(secondOfDay % 60)
        func skip(to boundary: Int64) -> (Int64, [Int64]) {
            periodIndex = max(periodIndex + 1, CivilDays.ceilDiv(boundary - base, step))
            return (periodStart, [])
        }
        let date = CivilDays.date(day)
        if !filter.accepts(day, year: date.year, month: date.month, day: date.day, in: .init(first: day, last: day, weekCount: 0)) {
            return skip(to: (day + 1) * CivilDays.secondsPerDay)
        }
        if !rule.byHour.isEmpty && !rule.byHour.contains(hour) {
            return skip(to: periodStart - secondOfDay % 3600 + 3600)
        }
        if rule.frequency <= .minutely && !rule.byMinute.isEmpty && !rule.byMinute.contains(minute) {
            return skip(to: periodStart - secondOfDay % 60 + 60)
        }
        if rule.frequency == .secondly && !rule.bySecond.isEmpty && !rule.bySecond.contains(second) {
            return skip(to: periodStart + 1)
        }
        periodIndex += 1
        var candidates: [Int64] = []
        switch rule.frequency {
        case .hourly:
            let minutes = rule.byMinute.isEmpty ? [startMinute] : rule.byMinute.sorted()
            let seconds = rule.bySecond.isEmpty ? [startSecond] : rule.bySecond.sorted()
            for minute in minutes { for second in seconds where second < 60 {
                candidates.append(periodStart + Int64(minute * 60 + second))
            } }
        case .minutely:
            let seconds = rule.bySecond.isEmpty ? [startSecond] : rule.bySecond.sorted()
            for second in seconds where second < 60 { candidates.append(periodStart + Int64(second)) }
        default:
            candidates = [periodStart]
        }
        return (periodStart, applySetPositions(candidates))
    }

    /// BYSETPOS: keep the n-th candidates of the period (negative from the end).
    private func applySetPositions(_ candidates: [Int64]) -> [Int64] {
        guard !rule.bySetPos.isEmpty, !candidates.isEmpty else { return candidates }
        var picked = Set<Int>()
        for position in rule.bySetPos {
            let index = position > 0 ? position - 1 : candidates.count + position
            if candidates.indices.contains(index) { picked.insert(index) }
        }
        return picked.sorted().map { candidates[$0] }
    }
}
