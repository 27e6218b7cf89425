/// A busy list indexed once so that the capacity used in any slot is found in O(log n).
///
/// The units overlapping a slot [s, e) are the units of intervals starting before e minus
/// those of intervals ending at or before s (an interval that ends by s also starts before
/// e). Keeping starts and ends sorted with running unit totals answers both with a binary
/// search, and a single very long interval (an all-day closure) costs no more than a short
/// one. Intervals on "" (the whole establishment) count on every resource.
public struct SlotOccupancy: Sendable {
    /// Sorted starts and ends of one resource's intervals, with running unit totals.
    struct Track: Sendable {
        var starts: [Int64] = []
        var startTotals: [Int] = [0]
        var ends: [Int64] = []
        var endTotals: [Int] = [0]

        init(_ intervals: [BusyInterval]) {
            let byStart = intervals.sorted { $0.start < $1.start }
            let byEnd = intervals.sorted { $0.end < $1.end }
            starts.reserveCapacity(byStart.count)
            ends.reserveCapacity(byEnd.count)
            for interval in byStart {
                starts.append(interval.start.seconds)
                startTotals.append(startTotals.last! + max(0, interval.units))
            }
            for interval in byEnd {
                ends.append(interval.end.seconds)
                endTotals.append(endTotals.last! + max(0, interval.units))
            }
        }

        /// Units of the intervals overlapping [start, end).
        func used(start: Int64, end: Int64) -> Int {
            let startedBeforeEnd = startTotals[Self.countBelow(end, in: starts)]
            let endedBeforeStart = endTotals[Self.countBelow(start + 1, in: ends)]
            return startedBeforeEnd - endedBeforeStart
        }

        /// How many sorted values are strictly below `limit`.
        static func countBelow(_ limit: Int64, in values: [Int64]) -> Int {
            var low = 0, high = values.count
            while low < high {
                let middle = (low + high) / 2
                if values[middle] < limit { low = middle + 1 } else { high = middle }
            }
            return low
        }
    }

    let everywhere: Track
    let perResource: [String: Track]
    /// How many intervals were indexed (empty and inverted ones are left out).
    public let count: Int

    /// Indexes a busy list. Empty or inverted intervals occupy nothing and are left out.
    public init(busy: [BusyInterval]) {
        let kept = busy.filter { $0.start < $0.end }
        var groups: [String: [BusyInterval]] = [:]
        for interval in kept { groups[interval.resource, default: []].append(interval) }
        self.everywhere = Track(groups.removeValue(forKey: "") ?? [])
        self.perResource = groups.mapValues(Track.init)
        self.count = kept.count
    }

    /// Units taken in a slot by the intervals overlapping it.
    public func used(in slot: SlotInfo) -> Int {
        let start = slot.key.start.seconds, end = slot.end.seconds
        var used = everywhere.used(start: start, end: end)
        if !slot.key.resource.isEmpty, let track = perResource[slot.key.resource] {
            used += track.used(start: start, end: end)
        }
        return used
    }

    /// Free capacity of a slot: its capacity minus the units used, never below 0; the same
    /// answer as `SlotCalendar.freeCapacity(of:busy:)`.
    public func freeCapacity(of slot: SlotInfo) -> Int {
        max(0, slot.capacity - used(in: slot))
    }
}
