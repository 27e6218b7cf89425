/// Freed-slot detection (issue 3, item 2): which slots gained free capacity between two
/// states of the calendar — a booking cancelled (its interval gone), moved (its start or
/// end changed) or shrunk (fewer units).
///
/// Only intervals that differ between the two lists can change a slot, so the slots looked
/// at are those overlapping a changed interval, not the whole horizon: a poll that finds
/// one cancellation costs a handful of slots however long the horizon is.
extension SlotCalendar {
    /// Slots whose free capacity went up between two calendar states (cancellation, moved
    /// booking, units going down), for slots starting in [from, from + horizon), in slot order.
    public func freedSlots(before: [BusyInterval], after: [BusyInterval], from: Instant,
                           horizon: Duration) -> [FreedSlot] {
        let until = from + horizon
        guard from < until else { return [] }
        let ranges = Self.changedRanges(before: before, after: after, padding: Int64(plan.longestSlot))
        guard !ranges.isEmpty else { return [] }
        let old = SlotOccupancy(busy: before), new = SlotOccupancy(busy: after)
        var freed: [FreedSlot] = []
        for range in ranges {
            let start = max(from.seconds, range.lowerBound), end = min(until.seconds, range.upperBound)
            guard start < end else { continue }
            for slot in slots(from: Instant(seconds: start), to: Instant(seconds: end)) {
                let freeBefore = old.freeCapacity(of: slot), freeAfter = new.freeCapacity(of: slot)
                if freeAfter > freeBefore { freed.append(FreedSlot(slot: slot, freeBefore: freeBefore, freeAfter: freeAfter)) }
            }
        }
        return freed
    }

    /// The time ranges where a slot may start and overlap an interval present in one list
    /// and not the other (counted as multisets), merged and sorted. Each range starts
    /// `padding` (the longest slot) before its interval, so a slot starting earlier but
    /// running into the interval is looked at too; merging keeps the ranges disjoint, so no
    /// slot is reported twice.
    static func changedRanges(before: [BusyInterval], after: [BusyInterval], padding: Int64) -> [Range<Int64>] {
        var balance: [BusyInterval: Int] = [:]
        for interval in before { balance[interval, default: 0] += 1 }
        for interval in after { balance[interval, default: 0] -= 1 }
        var ranges = balance.compactMap { interval, count -> Range<Int64>? in
            guard count != 0, interval.start < interval.end, interval.units != 0 else { return nil }
            return (interval.start.seconds - padding + 1)..<interval.end.seconds
        }
        ranges.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int64>] = []
        for range in ranges {
            if let last = merged.last, range.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }
}
