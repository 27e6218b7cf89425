/// Waiting entries kept in priority order, per chosen start (when `match` requires the
/// start to be one the entry ticked) or per local day (otherwise: `match` may take a
/// nearby start), for rules whose priority depends on the entry alone (`StaticPriority`).
/// A freed slot then walks its bucket best first and stops at the first entry `match`
/// accepts: a single match costs the entries ranked ahead of it, not the whole evening.
///
/// Invariant: every id filed here is filed under its key in `keyByID`, and that key is what
/// `priority` gives for the entry now. The engine keeps it true by re-keying an entry
/// whenever an input of the key can change while it waits: its manual priority, and any
/// status change to or from `confirmed` of an entry of the same phone (`entry.visits`).
/// Every other input (the form, `offers`, `declines`) only changes while the entry is out
/// of the waiting index, and it is keyed afresh when it comes back. Derived data like the
/// rest of `EngineIndex`: rebuilt with it on start, rules reloads and erasures.
struct RankedWaiting: Sendable, Equatable {
    /// What a bucket gathers.
    enum Bucketing: Sendable {
        /// Entries that chose the start (bucket = start seconds).
        case byStart
        /// Entries with a chosen start on the local day (bucket = epoch day).
        case byDay
    }

    /// One entry's place in line: smaller key first, then signup order (as the full ranking).
    struct Place: Sendable, Comparable {
        var key: PriorityKey
        var id: Int

        static func < (left: Place, right: Place) -> Bool {
            (left.key, left.id) < (right.key, right.id)
        }
    }

    let bucketing: Bucketing
    /// Each bucket's entries, ascending by place.
    private(set) var buckets: [Int64: [Place]] = [:]
    /// The key every waiting entry is filed under.
    private(set) var keyByID: [Int: PriorityKey] = [:]
    /// How many of those keys are NaN. A NaN is unordered, so the full ranking's order is
    /// not a sort order then; the engine uses the full ranking while any is filed.
    private(set) var unorderedKeys = 0

    init(bucketing: Bucketing) {
        self.bucketing = bucketing
    }

    /// The places of a bucket, best first.
    func places(in bucket: Int64) -> [Place] {
        buckets[bucket] ?? []
    }

    /// Sets the key of an entry that starts waiting, before it is filed anywhere.
    mutating func setKey(_ key: PriorityKey, of id: Int) {
        forgetKey(of: id)
        keyByID[id] = key
        if key.isNaN { unorderedKeys += 1 }
    }

    /// Forgets the key of an entry that stopped waiting, after it left every bucket.
    mutating func forgetKey(of id: Int) {
        if let old = keyByID.removeValue(forKey: id), old.isNaN { unorderedKeys -= 1 }
    }

    /// Files `id` in `bucket` under its key.
    mutating func file(_ id: Int, in bucket: Int64) {
        guard let key = keyByID[id] else { return }
        // Edited in place through the subscript: no copy of a million-entry bucket.
        Self.insert(Place(key: key, id: id), into: &buckets[bucket, default: []])
    }

    /// Takes `id` out of `bucket`.
    mutating func unfile(_ id: Int, from bucket: Int64) {
        guard let key = keyByID[id], buckets[bucket] != nil else { return }
        Self.remove(Place(key: key, id: id), from: &buckets[bucket, default: []])
        if buckets[bucket]?.isEmpty == true { buckets[bucket] = nil }
    }

    /// Empties `bucket` (a start that passed: every entry leaves it; their keys stay).
    mutating func dropBucket(_ bucket: Int64) {
        buckets[bucket] = nil
    }

    /// Moves a waiting entry filed in `filedBuckets` to its new key.
    mutating func rekey(_ id: Int, to key: PriorityKey, filedBuckets: Set<Int64>) {
        guard let old = keyByID[id], !old.isSame(as: key) else { return }
        for bucket in filedBuckets { unfile(id, from: bucket) }
        setKey(key, of: id)
        for bucket in filedBuckets { file(id, in: bucket) }
    }

    /// Inserts `place` at its position in the ascending `places`.
    private static func insert(_ place: Place, into places: inout [Place]) {
        places.insert(place, at: lowerBound(place, in: places))
    }

    /// Removes the place of `place.id` from the ascending `places`, if there.
    private static func remove(_ place: Place, from places: inout [Place]) {
        var position = lowerBound(place, in: places)
        if position >= places.count || places[position].id != place.id {
            // Only a NaN key (unordered) can miss the binary search.
            guard let found = places.firstIndex(where: { $0.id == place.id }) else { return }
            position = found
        }
        places.remove(at: position)
    }

    /// The first position of the ascending `places` not below `place`.
    private static func lowerBound(_ place: Place, in places: [Place]) -> Int {
        var low = 0, high = places.count
        while low < high {
            let middle = (low + high) / 2
            if places[middle] < place { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension PriorityKey {
    /// A NaN number: compares neither below, equal to nor above any key.
    var isNaN: Bool {
        if case .number(let number) = self { return number.isNaN }
        return false
    }

    /// Equality that also holds for two NaN numbers, so a key compares equal to itself.
    func isSame(as other: PriorityKey) -> Bool {
        if case .number(let left) = self, case .number(let right) = other, left.isNaN && right.isNaN { return true }
        return self == other
    }
}
