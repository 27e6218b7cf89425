/// Expands a calendar into the occurrences inside a time window: each event's DTSTART,
/// RRULE and RDATE starts, minus EXDATE, with RECURRENCE-ID overrides swapped in and
/// STATUS applied. Repeats are computed on the wall clock of DTSTART's zone and then
/// converted to instants, so a weekly 19:00 booking in Paris stays at 19:00 across the
/// DST changes; all-day and floating events use the zone given by the caller. A feed comes
/// from someone else's server, so one event yields at most `maximumOccurrencesPerEvent`
/// occurrences per call: `FREQ=SECONDLY` over the service's 400-day horizon would be 34
/// million (found by replaying probe inputs through the `ical` fuzz target: it never came back).

extension ICalCalendar {
    /// The most occurrences one event contributes to one `occurrences(from:to:defaultZone:)`
    /// call: a booking every 15 minutes for 400 days is 38 400.
    public static let maximumOccurrencesPerEvent = 50_000

    /// Occurrences that overlap `[from, to)` (an instant event counts when it lies in
    /// it), sorted by start, then UID. Cancelled ones are included with `cancelled`
    /// set; EXDATE'd ones are not.
    ///
    /// - Parameter defaultZone: the establishment's zone, for floating times and
    ///   all-day events.
    public func occurrences(from: Instant, to: Instant, defaultZone: ZoneConverter) -> [EventOccurrence] {
        guard from < to else { return [] }
        var overridesByUID: [String: [ICalEvent]] = [:]
        for event in events where event.recurrenceID != nil { overridesByUID[event.uid, default: []].append(event) }
        var result: [EventOccurrence] = []
        var masterUIDs = Set<String>()
        for event in events where event.recurrenceID == nil {
            masterUIDs.insert(event.uid)
            let expansion = ICalEventExpansion(event: event, defaultZone: defaultZone)
            result += expansion.occurrences(from: from, to: to, overrides: overridesByUID[event.uid] ?? [])
        }
        // An override whose event is not in the file stands alone.
        for (uid, overrides) in overridesByUID where !masterUIDs.contains(uid) {
            for override in overrides {
                let expansion = ICalEventExpansion(event: override, defaultZone: defaultZone)
                result += expansion.occurrences(from: from, to: to, overrides: [])
            }
        }
        return result.sorted { a, b in
            if a.start != b.start { return a.start < b.start }
            if a.uid != b.uid { return a.uid < b.uid }
            return a.id < b.id
        }
    }
}

/// One event's expansion: its clock, its length, and how an override or exception date
/// is matched to a generated occurrence.
struct ICalEventExpansion {
    let event: ICalEvent
    let defaultZone: ZoneConverter
    /// The wall clock repeats are computed on.
    let zone: ZoneConverter

    init(event: ICalEvent, defaultZone: ZoneConverter) {
        self.event = event
        self.defaultZone = defaultZone
        self.zone = event.start.form.zone(default: defaultZone)
    }

    func occurrences(from: Instant, to: Instant, overrides: [ICalEvent]) -> [EventOccurrence] {
        var result: [EventOccurrence] = []
        var seen = Set<Instant>()
        let replaced = overrides.compactMap { $0.recurrenceID }
        for (local, extra) in starts(from: from, to: to) {
            let start = instant(of: local)
            guard seen.insert(start).inserted else { continue }
            if event.exceptionDates.contains(where: { matches($0, local: local, instant: start) }) { continue }
            if replaced.contains(where: { matches($0, local: local, instant: start) }) { continue }
            let occurrence = EventOccurrence(
                uid: event.uid, id: event.recurs ? "\(event.uid)/\(start)" : event.uid,
                start: start, end: end(startingAt: local, instant: start, extra: extra), allDay: event.isAllDay,
                cancelled: event.isCancelled, summary: event.summary, party: event.party, resource: event.resource,
                transparent: event.isTransparent)
            if occurrence.touches(from: from, to: to) { result.append(occurrence) }
        }
        for override in overrides {
            guard let occurrence = replacement(override) else { continue }
            if occurrence.touches(from: from, to: to) { result.append(occurrence) }
        }
        return result
    }

    /// Wall-clock starts that may touch the window: DTSTART, RRULE and RDATE, each with
    /// its RDATE entry when it has its own end.
    private func starts(from: Instant, to: Instant) -> [(CivilDateTime, ICalEvent.ExtraDate?)] {
        // Look back by the longest occurrence so one that began earlier but is still
        // running is found; a day either side absorbs any UTC offset.
        let lookBack = Int64(longestLength()) + 2 * 86_400
        let lower = zone.local(Instant(seconds: from.seconds - lookBack))
        let upper = zone.local(Instant(seconds: to.seconds + 86_400))
        var starts: [(CivilDateTime, ICalEvent.ExtraDate?)] = []
        if let rule = event.rule {
            let expander = RRuleExpander(rule: rule, start: event.start.local, dateOnly: event.isAllDay,
                                         until: rule.until?.wallClockLimit(in: zone), includesStart: true)
            starts += expander.expand(from: lower, through: upper, limit: ICalCalendar.maximumOccurrencesPerEvent).starts.map { ($0, nil) }
        } else if lower <= event.start.local && event.start.local <= upper {
            starts.append((event.start.local, nil))
        }
        for extra in event.extraDates {
            let local = extra.start.isDate || extra.start.form == event.start.form
                ? extra.start.local : zone.local(extra.start.instant(defaultZone: defaultZone))
            if lower <= local && local <= upper { starts.append((local, extra)) }
        }
        return starts.sorted { $0.0 < $1.0 }
    }

    private func instant(of local: CivilDateTime) -> Instant { zone.instant(local) }

    /// Whether an EXDATE or RECURRENCE-ID names the occurrence starting at `local`: a
    /// DATE names the whole local day, a date-time names the exact instant.
    private func matches(_ date: ICalDateTime, local: CivilDateTime, instant: Instant) -> Bool {
        if date.isDate || event.isAllDay {
            return date.local.year == local.year && date.local.month == local.month && date.local.day == local.day
        }
        // A floating EXDATE or RECURRENCE-ID is read on the series' own clock.
        return date.instant(defaultZone: zone) == instant
    }

    /// End of the occurrence starting at `local`: an RDATE period's own end, else the
    /// event's DTEND span (exact) or DURATION (days on the wall clock, then exact time).
    private func end(startingAt local: CivilDateTime, instant start: Instant, extra: ICalEvent.ExtraDate?) -> Instant {
        if let explicitEnd = extra?.end { return max(start, explicitEnd.instant(defaultZone: defaultZone)) }
        if let duration = extra?.duration { return adding(duration, to: local) }
        switch event.length {
        case .end(let end) where event.isAllDay:
            let days = end.local.epochDay - event.start.local.epochDay
            return zone.instant(CivilDays.civil(localSeconds: local.utcSeconds + days * 86_400))
        case .end(let end):
            let span = end.instant(defaultZone: defaultZone).seconds - event.start.instant(defaultZone: defaultZone).seconds
            return Instant(seconds: start.seconds + span)
        case .duration(let duration):
            return adding(duration, to: local)
        case .implied where event.isAllDay:
            return zone.instant(CivilDays.civil(localSeconds: local.utcSeconds + 86_400))
        case .implied:
            return start
        }
    }

    private func adding(_ duration: ICalDuration, to local: CivilDateTime) -> Instant {
        let wallEnd = CivilDays.civil(localSeconds: local.utcSeconds + Int64(duration.days) * 86_400)
        return Instant(seconds: zone.instant(wallEnd).seconds + Int64(duration.seconds))
    }

    /// An upper bound on one occurrence's length in seconds, for the look-back.
    private func longestLength() -> Int {
        var longest: Int
        switch event.length {
        case .end(let end):
            longest = Int(end.instant(defaultZone: defaultZone).seconds - event.start.instant(defaultZone: defaultZone).seconds)
        case .duration(let duration): longest = duration.days * 86_400 + duration.seconds
        case .implied: longest = event.isAllDay ? 86_400 : 0
        }
        for extra in event.extraDates {
            if let end = extra.end {
                longest = max(longest, Int(end.instant(defaultZone: defaultZone).seconds - extra.start.instant(defaultZone: defaultZone).seconds))
            }
            if let duration = extra.duration { longest = max(longest, duration.days * 86_400 + duration.seconds) }
        }
        return max(0, longest)
    }

    /// The occurrence an override puts in place of the one it names. Details it leaves
    /// out (length, summary, party, resource) are the series' own.
    private func replacement(_ override: ICalEvent) -> EventOccurrence? {
        guard let recurrenceID = override.recurrenceID else { return nil }
        let own = ICalEventExpansion(event: override, defaultZone: defaultZone)
        let start = own.instant(of: override.start.local)
        var end = own.end(startingAt: override.start.local, instant: start, extra: nil)
        if case .implied = override.length, !override.isAllDay {
            var inherited = event
            inherited.start = override.start
            inherited.extraDates = []
            if case .end(let seriesEnd) = event.length {
                // Keep the series' span rather than its fixed end date-time.
                let span = seriesEnd.instant(defaultZone: defaultZone).seconds - event.start.instant(defaultZone: defaultZone).seconds
                end = Instant(seconds: start.seconds + span)
            } else {
                end = ICalEventExpansion(event: inherited, defaultZone: defaultZone)
                    .end(startingAt: override.start.local, instant: start, extra: nil)
            }
        }
        let originalStart = recurrenceID.isDate
            ? defaultZone.instant(recurrenceID.local) : recurrenceID.instant(defaultZone: zone)
        return EventOccurrence(
            uid: event.uid, id: "\(event.uid)/\(originalStart)", start: start, end: end, allDay: override.isAllDay,
            cancelled: override.isCancelled || event.isCancelled, summary: override.summary ?? event.summary,
            party: override.party ?? event.party, resource: override.resource ?? event.resource,
            transparent: override.isTransparent)
    }
}
