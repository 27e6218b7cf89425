/// Lookup tables over `EngineState.entries`, so an event costs what it touches rather
/// than the whole waitlist: waiting entries by local day of their chosen starts (the
/// candidates of a freed slot) and by chosen start (what the sweep drops as starts pass),
/// entries by link token and by phone. Derived data: not persisted, rebuilt
/// from the state on start and on rule reloads, and kept in step by every status change.

/// The engine's indexes over its entries.
struct EngineIndex: Sendable {
    /// Waiting entries by each chosen start they may still be offered: not refused and,
    /// when inserted, later than `stop_before` from now. The sweep drops starts once they
    /// are too close, so every id here could still be offered that start.
    private(set) var waitingByStart: [Instant: Set<Int>] = [:]
    /// The same entries by the establishment's local day (epoch day) of those starts, with
    /// how many of their filed starts fall on it: an entry leaves a day with its last start.
    private(set) var waitingByDay: [Int64: [Int: Int]] = [:]
    /// The establishment's time zone, which decides a start's local day.
    let zone: ZoneConverter
    /// First entry created with each link token.
    private(set) var entryByToken: [String: Int] = [:]
    /// Every entry of each phone, ascending ids.
    private(set) var entriesByPhone: [String: [Int]] = [:]
    /// Set when the index was rebuilt (start, rules reload, clock going back): the next
    /// sweep looks at every waiting entry instead of only the starts that just passed.
    var needsFullSweep = true
    /// The virtual time of the last sweep; an earlier `now` forces a rebuild.
    var lastSweep = Instant(seconds: .min)

    /// The index of `state` at `now`, with offers closing `stopBefore` ahead of a slot.
    init(state: EngineState, now: Instant, stopBefore: Duration, zone: ZoneConverter) {
        self.zone = zone
        for entry in state.entries {
            added(entry)
            if entry.status == .waiting { insertWaiting(entry, now: now, stopBefore: stopBefore) }
        }
    }

    /// Notes a new entry (any status).
    mutating func added(_ entry: WaitlistEntry) {
        if entryByToken[entry.token] == nil { entryByToken[entry.token] = entry.id }
        // An erased entry has no phone left to find it by.
        if entry.anonymisedAt == nil { entriesByPhone[entry.phone, default: []].append(entry.id) }
    }

    /// Files a waiting entry under its chosen starts that can still be offered.
    mutating func insertWaiting(_ entry: WaitlistEntry, now: Instant, stopBefore: Duration) {
        for start in entry.form?.slots ?? [] where start - stopBefore > now && !entry.refusedSlots.contains(start) {
            if waitingByStart[start, default: []].insert(entry.id).inserted { fileDay(of: start, entry.id, +1) }
        }
    }

    /// Takes an entry that stopped waiting out of every bucket.
    mutating func removeWaiting(_ entry: WaitlistEntry) {
        for start in entry.form?.slots ?? [] {
            guard waitingByStart[start]?.remove(entry.id) != nil else { continue }
            if waitingByStart[start]?.isEmpty == true { waitingByStart[start] = nil }
            fileDay(of: start, entry.id, -1)
        }
    }

    /// Counts one more (`+1`) or one fewer (`-1`) filed start of `id` on the day of `start`.
    private mutating func fileDay(of start: Instant, _ id: Int, _ change: Int) {
        let day = zone.local(start).epochDay
        // Mutated in place through the subscripts: copying the inner dictionary out and
        // back would copy it on every call (quadratic when a million entries share a day).
        waitingByDay[day, default: [:]][id, default: 0] += change
        if waitingByDay[day]?[id] ?? 0 <= 0 { waitingByDay[day]?[id] = nil }
        if waitingByDay[day]?.isEmpty == true { waitingByDay[day] = nil }
    }

    /// Waiting entries that chose `start`, ascending ids (signup order).
    func waiting(at start: Instant) -> [Int] {
        (waitingByStart[start] ?? []).sorted()
    }

    /// Whether some waiting entry chose `start` and may still be offered it.
    func isWanted(_ start: Instant) -> Bool { waitingByStart[start] != nil }

    /// Waiting entries with a start they may still be offered on local day `day`, ascending ids.
    func waiting(onDay day: Int64) -> [Int] {
        (waitingByDay[day]?.keys).map { $0.sorted() } ?? []
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
            ids.formUnion(filed)
        }
        return ids.sorted()
    }
}
