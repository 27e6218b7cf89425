/// A freed slot's line walked best first. When the waiting index keeps entries in priority
/// order (`RankedWaiting`: the priority reads neither `slot` nor `now`), the engine
/// evaluates `match` down that order and stops at the first entry that suits (in turn) or
/// at the end (broadcast), instead of evaluating `match` and the priority for every
/// candidate and sorting them all (`ranked`), which cost 0.8 s for a million entries.
///
/// Why the result is `ranked`'s: both order by (key, id); the filed keys are the keys
/// `ranked` computes (the key cannot depend on the slot or the time, and the index re-keys
/// an entry whenever its inputs change); and the walked bucket holds every entry `ranked`
/// could accept: by start, only entries that chose the start can match (`match` requires
/// `slot.start in entry.slots`), and those are filed under it unless refused or too close,
/// which `ranked` rejects too; by day, the bucket is exactly `sameDayWaiting`.
import RuleLang

extension WaitlistEngine {
    /// The entries that match `slot` with `free` places, best first, up to and including
    /// the first for which `isEnough` holds (every one when none does): a prefix of `ranked`.
    func rankedPrefix(for slot: SlotInfo, free: Int, until isEnough: (Int) -> Bool) -> [Int] {
        guard let bucket = index.rankedBucket(for: slot.start), let order = index.ranked else {
            var prefix: [Int] = []
            for id in ranked(sameDayWaiting(slot), for: slot, free: free) {
                prefix.append(id)
                if isEnough(id) { break }
            }
            return prefix
        }
        guard isOfferable(slot.start) else { return [] }
        var variables = programs.activation(entry: .null, slot: slot.celValue(free: free), now: celTimestamp(now))
        var prefix: [Int] = []
        for place in order.places(in: bucket) {
            let entry = state.entries[place.id - 1]
            guard entry.status == .waiting, !entry.refusedSlots.contains(slot.start) else { continue }
            variables[programs.entrySlot] = entry.celValue(visits: visits(of: entry.phone))
            guard case .bool(true)? = try? programs.match.evaluate(variables) else { continue }
            assert(place.key.isSame(as: priorityKey(variables)), "entry \(place.id) is filed under a stale priority key")
            prefix.append(place.id)
            if isEnough(place.id) { break }
        }
        return prefix
    }

    /// The entry `slot` would be offered to in turn now: the first of `candidates(for:)`
    /// whose party fits the free places, found without ranking every candidate when the
    /// rules allow it. Nil when nobody matches or fits.
    public func firstCandidate(for slot: SlotInfo) -> Int? {
        let free = freeForBooking(slot)
        let fits = { (id: Int) in (state.entries[id - 1].form?.partySize ?? 1) <= free }
        guard let last = rankedPrefix(for: slot, free: free, until: fits).last, fits(last) else { return nil }
        return last
    }

    /// The priority key to file entry `id` under while it waits, when the index keeps the order.
    func rankingKey(_ id: Int) -> PriorityKey? {
        guard programs.rankedBucketing != nil else { return nil }
        let entry = state.entries[id - 1]
        return programs.entryOnlyPriorityKey(entry, visits: visits(of: entry.phone))
    }

    /// Re-files entry `id` under its key now, if it waits: its manual priority or its visits changed.
    mutating func rekeyIfWaiting(_ id: Int) {
        guard state.entries[id - 1].status == .waiting, let key = rankingKey(id) else { return }
        index.rekeyWaiting(state.entries[id - 1], key: key)
    }
}
