/// A waiting customer submits the waitlist form again: the public page lets them come back
/// and change their name, email, party size and chosen slots while they wait. Their place
/// in line (`joinedAt`) and what the engine learnt about them (refused slots, offer counts,
/// manual priority) stay.

extension WaitlistEngine {
    /// Replaces a waiting entry's form with the one submitted again, re-files it in the
    /// waiting index, and expires it when none of the new starts can still be offered.
    /// The link's lifetime (`tokenExpires`) bounds updates as it bounded the first form.
    mutating func updateForm(_ id: Int, firstName: String, lastName: String, email: String,
                             partySize: Int, slots: [Instant]) {
        guard acceptsForm(id, partySize: partySize), let previous = state.entries[id - 1].form else { return }
        let chosen = Array(Set(slots)).sorted()
        // Out of the old starts' buckets before the form changes, into the new ones after,
        // through the index's own functions so its day counts stay right.
        index.removeWaiting(state.entries[id - 1])
        state.entries[id - 1].form = EntryForm(firstName: firstName, lastName: lastName, email: email,
                                               partySize: partySize, slots: chosen, joinedAt: previous.joinedAt)
        index.insertWaiting(state.entries[id - 1], key: rankingKey(id), now: now, stopBefore: rules.offers.stopBefore)
        let list = chosen.map { describe($0) }.joined(separator: ", ")
        note(id, "waitlist form updated: \(list.isEmpty ? "no slot" : list), party of \(partySize)",
             .formUpdated(slots: chosen, party: partySize))
        guard !offerableSlots(of: id).isEmpty else {
            transition(id, to: .expired, "none of the chosen slots can still be offered", .noSlotOfferable)
            return
        }
        scheduleSlotClosing(chosen)
    }
}
