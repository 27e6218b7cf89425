/// Lookup tables over `EngineState.entries` and `.offers`, so an event costs what it touches
/// rather than the whole waitlist: waiting entries by local day of their chosen starts (the
/// candidates of a freed slot, kept sorted) and by chosen start (what the sweep drops as
/// starts pass), entries by link token and by phone, offers by token and the open offers.
/// Derived data: not persisted, rebuilt from the state on start and on rule reloads, and
/// kept in step by every status change and every offer made or closed. For rules whose
/// priority depends on the entry alone, the waiting entries also in priority order
/// (`RankedWaiting`), so a freed slot finds its first match without ranking everyone.

/// The engine's indexes over its entries.
struct EngineIndex: Sendable {
    /// Waiting entries by each chosen start they may still be offered: not refused and,
    /// when inserted, later than `stop_before` from now. The sweep drops starts once they
    /// are too close, so every id here could still be offered that start.
    private(set) var waitingByStart: [Instant: Set<Int>] = [:]
    /// The same entries by the establishment's local day (epoch day) of those starts, with
    /// how many of their filed starts fall on it: an entry leaves a day with its last start.
    private(set) var waitingByDay: [Int64: [Int: Int]] = [:]
    /// The ids of `waitingByDay[day]`, ascending, kept in step with it: a freed slot's
    /// candidates without sorting the day on every event (quadratic in a busy evening).
    private(set) var waitingIDsByDay: [Int64: [Int]] = [:]
    /// Position in `state.offers` of the last offer made with each token (Oui/Non links,
    /// expiry timers): no scan of every offer ever made per answer.
    private(set) var offerByToken: [String: Int] = [:]
    /// Positions in `state.offers` of each entry's offers, ascending.
    private(set) var offersByEntry: [Int: [Int]] = [:]
    /// Positions in `state.offers` of the open offers, ascending (the order the offers were made).
    private(set) var openOffers: [Int] = []
    /// Due time and scheduling order of each pending timer: `state.timers` is sorted by
    /// both, so a timer is found (or a new one placed) by binary search, not by a scan.
    private(set) var timerByID: [TimerID: TimerPlace] = [:]
    /// The establishment's time zone, which decides a start's local day.
    let zone: ZoneConverter
    /// The waiting entries in priority order, or nil when the priority reads `slot` or
    /// `now` (or no programs were given): filed exactly where `waitingByStart` (by start)
    /// or `waitingIDsByDay` (by day) files them.
    private(set) var ranked: RankedWaiting?
    /// First entry created with each link token.
    private(set) var entryByToken: [String: Int] = [:]
    /// Every entry of each phone, ascending ids.
    private(set) var entriesByPhone: [String: [Int]] = [:]
    /// Set when the index was rebuilt (start, rules reload, clock going back): the next
    /// sweep looks at every waiting entry instead of only the starts that just passed.
    var needsFullSweep = true
    /// The virtual time of the last sweep; an earlier `now` forces a rebuild.
    var lastSweep = Instant(seconds: .min)

    /// The index of `state` at `now`, with offers closing `stopBefore` ahead of a slot;
    /// with `programs`, also the waiting entries in priority order when the rules allow it.
    init(state: EngineState, now: Instant, stopBefore: Duration, zone: ZoneConverter, programs: EnginePrograms? = nil) {
        self.zone = zone
        ranked = programs?.rankedBucketing.map(RankedWaiting.init(bucketing:))
        for entry in state.entries { added(entry) }
        // Keys read `entry.visits`, counted once every entry of each phone is known.
        for entry in state.entries where entry.status == .waiting {
            var key: PriorityKey?
            if let programs, ranked != nil {
                let visits = (entriesByPhone[entry.phone] ?? []).reduce(0) { $0 + (state.entries[$1 - 1].status == .confirmed ? 1 : 0) }
                key = programs.entryOnlyPriorityKey(entry, visits: visits)
            }
            insertWaiting(entry, key: key, now: now, stopBefore: stopBefore)
        }
        for position in state.offers.indices { offerAdded(state.offers[position], at: position) }
        for timer in state.timers where timerByID[timer.id] == nil {
            timerByID[timer.id] = TimerPlace(at: timer.at, sequence: timer.sequence)
        }
    }

    /// Notes a timer scheduled (`place`) or gone (nil).
    mutating func timer(_ id: TimerID, _ place: TimerPlace?) {
        timerByID[id] = place
    }

    /// Where the pending timer `id` is in `timers` (sorted by due time, then sequence).
    func position(of id: TimerID, in timers: [EngineTimer]) -> Int? {
        guard let place = timerByID[id] else { return nil }
        let position = Self.firstPosition(in: timers) { TimerPlace(at: $0.at, sequence: $0.sequence) >= place }
        return position < timers.count && timers[position].id == id ? position : nil
    }

    /// The first position of `timers` where `isAtOrAfter` holds (it must hold on a suffix).
    static func firstPosition(in timers: [EngineTimer], where isAtOrAfter: (EngineTimer) -> Bool) -> Int {
        var low = 0, high = timers.count
        while low < high {
            let middle = (low + high) / 2
            if isAtOrAfter(timers[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// Notes the offer just appended at `position` of `state.offers`.
    mutating func offerAdded(_ offer: Offer, at position: Int) {
        offerByToken[offer.token] = position
        offersByEntry[offer.entryID, default: []].append(position)
        if offer.outcome == .open { Self.insert(position, into: &openOffers) }
    }

    /// Notes that the offer at `position` opened again (`open`) or closed.
    mutating func offerOutcomeChanged(at position: Int, open: Bool) {
        if open { Self.insert(position, into: &openOffers) } else { Self.remove(position, from: &openOffers) }
    }

    /// Notes a new entry (any status).
    mutating func added(_ entry: WaitlistEntry) {
        if entryByToken[entry.token] == nil { entryByToken[entry.token] = entry.id }
        // An erased entry has no phone left to find it by.
        if entry.anonymisedAt == nil { entriesByPhone[entry.phone, default: []].append(entry.id) }
    }

    /// Files a waiting entry under its chosen starts that can still be offered; `key` is
    /// its priority key when `ranked` is kept (the engine computes it).
    mutating func insertWaiting(_ entry: WaitlistEntry, key: PriorityKey?, now: Instant, stopBefore: Duration) {
        if let key { ranked?.setKey(key, of: entry.id) }
        for start in entry.form?.slots ?? [] where start - stopBefore > now && !entry.refusedSlots.contains(start) {
            if waitingByStart[start, default: []].insert(entry.id).inserted {
                fileDay(of: start, entry.id, +1)
                if ranked?.bucketing == .byStart { ranked?.file(entry.id, in: start.seconds) }
            }
        }
    }

    /// Moves a waiting entry to its new priority key (its manual priority or visits changed).
    mutating func rekeyWaiting(_ entry: WaitlistEntry, key: PriorityKey) {
        guard let bucketing = ranked?.bucketing else { return }
        var filed = Set<Int64>()
        for start in entry.form?.slots ?? [] where waitingByStart[start]?.contains(entry.id) == true {
            filed.insert(bucketing == .byStart ? start.seconds : zone.local(start).epochDay)
        }
        ranked?.rekey(entry.id, to: key, filedBuckets: filed)
    }

    /// The bucket of `ranked` a slot starting at `start` walks, or nil when none is kept
    /// or NaN keys make the order unusable.
    func rankedBucket(for start: Instant) -> Int64? {
        guard let ranked, ranked.unorderedKeys == 0 else { return nil }
        return ranked.bucketing == .byStart ? start.seconds : zone.local(start).epochDay
    }

    /// Takes an entry that stopped waiting out of every bucket.
    mutating func removeWaiting(_ entry: WaitlistEntry) {
        for start in entry.form?.slots ?? [] {
            guard waitingByStart[start]?.remove(entry.id) != nil else { continue }
            if waitingByStart[start]?.isEmpty == true { waitingByStart[start] = nil }
            fileDay(of: start, entry.id, -1)
            if ranked?.bucketing == .byStart { ranked?.unfile(entry.id, from: start.seconds) }
        }
        ranked?.forgetKey(of: entry.id)
    }

    /// Counts one more (`+1`) or one fewer (`-1`) filed start of `id` on the day of `start`.
    private mutating func fileDay(of start: Instant, _ id: Int, _ change: Int) {
        let day = zone.local(start).epochDay
        // Mutated in place through the subscripts: copying the inner dictionary out and
        // back would copy it on every call (quadratic when a million entries share a day).
        let before = waitingByDay[day]?[id] ?? 0
        waitingByDay[day, default: [:]][id, default: 0] += change
        if waitingByDay[day]?[id] ?? 0 <= 0 { waitingByDay[day]?[id] = nil }
        if waitingByDay[day]?.isEmpty == true { waitingByDay[day] = nil }
        let after = waitingByDay[day]?[id] ?? 0
        // The sorted ids follow the day's membership, edited in place (no copy of the array).
        if before <= 0 && after > 0 {
            Self.insert(id, into: &waitingIDsByDay[day, default: []])
            if ranked?.bucketing == .byDay { ranked?.file(id, in: day) }
        }
        if before > 0 && after <= 0 {
            Self.remove(id, from: &waitingIDsByDay[day, default: []])
            if ranked?.bucketing == .byDay { ranked?.unfile(id, from: day) }
            if waitingIDsByDay[day]?.isEmpty == true { waitingIDsByDay[day] = nil }
        }
    }

    /// Inserts `value` into the ascending `array` unless it is there.
    private static func insert(_ value: Int, into array: inout [Int]) {
        let position = lowerBound(value, in: array)
        if position == array.count || array[position] != value { array.insert(value, at: position) }
    }

    /// Removes `value` from the ascending `array` if it is there.
    private static func remove(_ value: Int, from array: inout [Int]) {
        let position = lowerBound(value, in: array)
        if position < array.count && array[position] == value { array.remove(at: position) }
    }

    /// The first position of the ascending `array` whose element is not below `value`.
    private static func lowerBound(_ value: Int, in array: [Int]) -> Int {
        var low = 0, high = array.count
        while low < high {
            let middle = (low + high) / 2
            if array[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    /// Waiting entries that chose `start`, ascending ids (signup order).
    func waiting(at start: Instant) -> [Int] {
        (waitingByStart[start] ?? []).sorted()
    }

    /// Whether some waiting entry chose `start` and may still be offered it.
    func isWanted(_ start: Instant) -> Bool { waitingByStart[start] != nil }

    /// Waiting entries with a start they may still be offered on local day `day`, ascending ids.
    func waiting(onDay day: Int64) -> [Int] {
        waitingIDsByDay[day] ?? []
    }

    /// Local days (epoch days) with at least one waiting entry, in order.
    var wantedDays: [Int64] { waitingByDay.keys.sorted() }

    /// Starts at least one waiting entry may still be offered, in order.
    var wantedStarts: [Instant] { waitingByStart.keys.sorted() }

    /// Removes the starts at or before `limit` (too close to offer now) and returns the
    /// entries that were filed under them, ascending: those that may have run out of slots.
    mutating func dropStarts(through limit: Instant) -> [Int] {
        let passed = waitingByStart.keys.filter { $0 <= limit }
        var ids = Set<Int>()
        for start in passed {
            let filed = waitingByStart.removeValue(forKey: start) ?? []
            for id in filed { fileDay(of: start, id, -1) }
            // Every entry leaves a passed start at once: drop its bucket whole (not one id
            // at a time from the front of a sorted array: quadratic for a busy start).
            if ranked?.bucketing == .byStart { ranked?.dropBucket(start.seconds) }
            ids.formUnion(filed)
        }
        return ids.sorted()
    }
}

/// A timer's due time and scheduling order: its place in the sorted `EngineState.timers`.
struct TimerPlace: Sendable, Comparable {
    var at: Instant
    var sequence: Int

    static func < (left: TimerPlace, right: TimerPlace) -> Bool {
        (left.at, left.sequence) < (right.at, right.sequence)
    }
}
