/// Manual reordering from the dashboard ("Monter" / "Descendre"). The engine only moves the
/// entry's `manualPriority` (`entry.priority` in the rule language) by the given step and
/// notes it; what a point is worth in line is the rule file's business (a `boost` reading
/// `entry.priority`), so behaviour stays data and a replay reproduces the order exactly.

extension WaitlistEngine {
    /// The bounds of `manualPriority`: far enough for any real use, small enough that a
    /// stuck button cannot overflow a boost's arithmetic.
    public static let manualPriorityRange = -100...100

    /// Adds `delta` to an open entry's manual priority, clamped to `manualPriorityRange`.
    /// An unknown id or a closed entry is refused with a note and changes nothing.
    mutating func changePriority(_ id: Int, delta: Int, by: String) {
        guard let entry = state.entry(id) else {
            note(nil, "priority change of unknown entry \(id) by \(by) ignored",
                 .priorityOfUnknownEntry(entryID: id, by: by))
            return
        }
        guard !entry.status.isFinal else {
            note(id, "priority change by \(by) ignored: the entry is already \(entry.status.rawValue)",
                 .priorityRefused(by: by, status: entry.status))
            return
        }
        let range = Self.manualPriorityRange
        let old = entry.manualPriority
        // Clamp before adding so an extreme `delta` from a replayed log cannot overflow.
        let new = min(range.upperBound, max(range.lowerBound, old + max(-1000, min(1000, delta))))
        guard new != old else {
            note(id, "priority change by \(by) ignored: already at \(old)", .priorityAtBound(by: by, value: old))
            return
        }
        state.entries[id - 1].manualPriority = new
        rekeyIfWaiting(id)
        note(id, "manual priority changed by \(by): \(old) → \(new)", .priorityChanged(by: by, from: old, to: new))
    }
}
