import RuleLang

/// How long a booking made on a slot lasts (`booking_length`, per service, default one
/// slot) and which slots it needs room in. A booking occupies its places from its slot's
/// start to that start plus the booking length, and like any busy interval it takes
/// capacity in every slot it overlaps (`SlotOccupancy`): the waitlist's own bookings count
/// exactly as the restaurant's, whose DTSTART..DTEND says how long they last.
extension SlotCalendar {
    /// The booking length of a service, or nil when the rules no longer have it.
    public func bookingLength(ofService label: String) -> Duration? {
        model.service(label)?.bookingLength
    }

    /// When a booking made on the slot `key` (which ends at `slotEnd`) ends: the slot's start
    /// plus its service's booking length, never before the slot's own end.
    public func bookingEnd(of key: SlotKey, slotEnd: Instant) -> Instant {
        guard let length = bookingLength(ofService: key.service) else { return slotEnd }
        return max(slotEnd, key.start + length)
    }

    /// The slots a booking made on `slot` would take a place in: `slot` itself, then the later
    /// slots of the same service and resource that start before the booking ends. Past the
    /// service's last slot there is nothing to check (the establishment's hours end there).
    public func slotsCovered(byBookingOn slot: SlotInfo) -> [SlotInfo] {
        let end = bookingEnd(of: slot.key, slotEnd: slot.end)
        guard end > slot.end else { return [slot] }
        let later = slots(onEpochDay: zone.local(slot.start).epochDay).filter { other in
            other.key.service == slot.key.service && other.key.resource == slot.key.resource
                && other.start > slot.start && other.start < end
        }
        return [slot] + later
    }
}
