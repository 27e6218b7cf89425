/// Expands a recurrence rule into occurrence start times, in the wall-clock time of
/// DTSTART's zone (RFC 5545 section 3.3.10: a weekly 19:00 stays at 19:00 across a DST
/// change). The rule is walked period by period — a year, month, week, day, hour,
/// minute or second, every INTERVAL — and each period's candidates are the days and
/// times its BY... parts allow, thinned by BYSETPOS. Rules without COUNT or UNTIL never
/// end, so expansion is always bounded by a window, a result limit, a cap on periods in
/// a row that produce nothing (a rule such as "every February 30th"), and a cap on the
/// starts walked in all (a COUNT rule is walked from DTSTART, so `FREQ=SECONDLY;COUNT=…`
/// from years ago would otherwise walk every second up to the window).

/// What an expansion produced.
public struct RRuleExpansion: Sendable, Hashable {
    /// Occurrence starts, wall clock of DTSTART's zone, in chronological order.
    public var starts: [CivilDateTime]
    /// Expansion gave up because `RRuleExpander.iterationLimit` periods in a row
    /// produced no occurrence, or it walked `RRuleExpander.walkLimit` starts.
    public var reachedIterationLimit: Bool
}

/// A rule bound to its DTSTART, ready to expand.
public struct RRuleExpander: Sendable {
    /// Periods in a row without an occurrence after which expansion stops.
    public static let iterationLimit = 10_000
    /// Starts one expansion walks through at most, those before the window included:
    /// far beyond any real calendar (a start every minute for two years), small enough
    /// that a hostile feed cannot hold a thread for long.
    public static let walkLimit = 1_000_000

    /// The rule being expanded.
    public let rule: RRule
    /// DTSTART's wall-clock value. Only times at or after it are produced.
    public let start: CivilDateTime
    /// DTSTART is a DATE: occurrences are whole days and BYHOUR/BYMINUTE/BYSECOND are ignored.
    public let dateOnly: Bool
    /// The last allowed start, inclusive, as a wall-clock time of the same zone.
    public let until: CivilDateTime?
    /// DTSTART is the first occurrence even when the rule does not match it, and counts
    /// toward COUNT — the RFC 5545 recurrence set. Off, only what the rule matches is
    /// produced (what libical's tests expect).
    public let includesStart: Bool

    /// - Parameter until: the rule's UNTIL already converted to DTSTART's wall clock
    ///   (see `RRule.Until.wallClockLimit(in:)`), or nil.
    public init(rule: RRule, start: CivilDateTime, dateOnly: Bool, until: CivilDateTime?, includesStart: Bool = false) {
        self.rule = rule
        self.includesStart = includesStart
        self.start = dateOnly ? CivilDateTime(year: start.year, month: start.month, day: start.day) : start
        self.dateOnly = dateOnly && rule.frequency >= .daily
        self.until = until
    }

    /// Occurrence starts in `[from, through]` (wall clock, both optional), at most `limit`.
    /// With COUNT the rule is walked from DTSTART (the count depends on every earlier
    /// occurrence); without it, expansion jumps straight to the window.
    public func expand(from lower: CivilDateTime? = nil, through upper: CivilDateTime? = nil,
                       limit: Int = .max) -> RRuleExpansion {
        let lowerSeconds = lower?.utcSeconds
        let upperSeconds = upper?.utcSeconds
        var iterator = RRuleIterator(self, jumpTo: rule.count == nil ? lowerSeconds : nil, stopAfter: upperSeconds)
        var starts: [CivilDateTime] = []
        var walked = 0
        while starts.count < limit, walked < Self.walkLimit, let next = iterator.next() {
            walked += 1
            if let upperSeconds, next > upperSeconds { break }
            if let lowerSeconds, next < lowerSeconds { continue }
            starts.append(CivilDays.civil(localSeconds: next))
        }
        return RRuleExpansion(starts: starts, reachedIterationLimit: iterator.reachedIterationLimit || walked == Self.walkLimit)
    }
}

extension RRule.Until {
    /// UNTIL as a wall-clock limit in the zone of DTSTART: a UTC value is converted with
    /// `zone`, a DATE covers its whole day, a local value is taken as written.
    public func wallClockLimit(in zone: ZoneConverter) -> CivilDateTime {
        if isDate {
            return CivilDateTime(year: time.year, month: time.month, day: time.day, hour: 23, minute: 59, second: 59)
        }
        if isUTC { return zone.local(Instant(seconds: time.utcSeconds)) }
        return time
    }
}
