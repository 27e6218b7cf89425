/// Freed slots after the rule file changed (issue 3: "capacity going up"): the same busy
/// list read against the previous rules and the new ones. A slot the previous rules did
/// not have (a new service, a day no longer closed) counts as having had no free capacity,
/// so it is reported as freed with all its free capacity.
extension SlotCalendar {
    /// Slots of these rules whose free capacity is higher than under `previous`, for slots
    /// starting in [from, from + horizon), in slot order. Unlike the busy-list diff this looks
    /// at every slot of the horizon: rule reloads are rare.
    public func freedSlots(comparedTo previous: SlotCalendar, busy: [BusyInterval], from: Instant,
                           horizon: Duration) -> [FreedSlot] {
        let until = from + horizon
        guard from < until else { return [] }
        let occupancy = SlotOccupancy(busy: busy)
        var before: [SlotKey: Int] = [:]
        for slot in previous.slots(from: from, to: until) { before[slot.key] = occupancy.freeCapacity(of: slot) }
        return slots(from: from, to: until).compactMap { slot in
            let freeBefore = before[slot.key] ?? 0
            let freeAfter = occupancy.freeCapacity(of: slot)
            return freeAfter > freeBefore ? FreedSlot(slot: slot, freeBefore: freeBefore, freeAfter: freeAfter) : nil
        }
    }
}
