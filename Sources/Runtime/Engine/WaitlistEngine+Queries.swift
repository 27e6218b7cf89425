/// Read-only questions the service asks the engine to build pages and API answers: which
/// entry or offer a link points to, and which slots a requested time has around it.
/// Pure lookups over the current state; nothing here changes the engine.
import RuleLang

/// The free capacity of a requested time and of its alternatives, for the availability API.
public struct Availability: Sendable, Hashable {
    /// The slot starting at the requested time, when one does (nil between services).
    public var requested: SlotInfo?
    /// Free places in `requested` (0 when full or absent).
    public var requestedFree: Int
    /// Same-evening alternatives, nearest first, full ones included.
    public var alternatives: [Alternative]

    /// An availability from its parts.
    public init(requested: SlotInfo?, requestedFree: Int, alternatives: [Alternative]) {
        self.requested = requested
        self.requestedFree = requestedFree
        self.alternatives = alternatives
    }
}

extension WaitlistEngine {
    /// The establishment's time zone, for rendering local dates.
    public var zone: ZoneConverter { programs.zone }

    /// The slot calendar the rules describe.
    public var slotCalendar: SlotCalendar { programs.calendar }

    /// The entry whose public link carries `token`.
    public func entry(byToken token: String) -> WaitlistEntry? {
        index.entryByToken[token].map { state.entries[$0 - 1] }
    }

    /// The open (not final) entry of `phone` for the slot at `requested`, if any: a second
    /// trigger for it is a duplicate.
    public func openEntry(phone: String, requested: Instant) -> WaitlistEntry? {
        entries(of: phone).lazy.map { state.entries[$0 - 1] }.first { $0.requested == requested && !$0.status.isFinal }
    }

    /// The open offer of `phone` (an SMS answer "OUI"/"NON" is about it), the newest when the
    /// phone has several entries with open offers.
    public func openOffer(phone: String) -> Offer? {
        let ids = Set(entries(of: phone))
        return index.openOffers.last { ids.contains(state.offers[$0].entryID) }.map { state.offers[$0] }
    }

    /// The offer whose Oui/Non links carry `token`.
    public func offer(byToken token: String) -> Offer? {
        index.offerByToken[token].map { state.offers[$0] }
    }

    /// The offers made to an entry, oldest first.
    public func offers(ofEntry id: Int) -> [Offer] {
        (index.offersByEntry[id] ?? []).map { state.offers[$0] }
    }

    /// The offers made to any of `ids`, in the order made: what the service projects after an
    /// event, without scanning every offer ever made.
    public func offers(ofEntries ids: Set<Int>) -> [Offer] {
        ids.flatMap { index.offersByEntry[$0] ?? [] }.sorted().map { state.offers[$0] }
    }

    /// Positions in `state.offers` of the offers made to the entries of `phone`, in the
    /// order made (the dry-run finds the offer a tape's Oui/Non answers with it).
    func offerPositions(ofPhone phone: String) -> [Int] {
        entries(of: phone).flatMap { index.offersByEntry[$0] ?? [] }.sorted()
    }

    /// Free places left in a slot, counting bookings the engine made but the calendar has not
    /// reported yet.
    public func freePlaces(in slot: SlotInfo) -> Int { freeCapacity(slot) }

    /// What is free at and around `start` in `service` (nil: the first service with a slot then).
    /// The bookable slot starting at `start` (of `service` when named), without the evening's
    /// alternatives and free places `availability(around:)` computes: what validating a
    /// trigger needs, under the business's lock, on every call.
    public func slot(startingAt start: Instant, service: String? = nil) -> SlotInfo? {
        programs.calendar.slot(startingAt: start, service: service.flatMap { rules.slots.service($0)?.label })
    }

    public func availability(around start: Instant, service: String? = nil) -> Availability {
        let named = service.flatMap { rules.slots.service($0)?.label }
        let slot = programs.calendar.slot(startingAt: start, service: named)
        let alternatives = programs.calendar.alternatives(for: start, service: named ?? slot?.key.service,
                                                          resource: nil, occupancy: occupancy)
        return Availability(requested: slot, requestedFree: slot.map { freeCapacity($0) } ?? 0,
                            alternatives: alternatives)
    }

    /// The slots the public page proposes to an entry: its requested slot first, then the
    /// same-evening alternatives.
    public func pageAvailability(entryID: Int) -> Availability? {
        guard let entry = state.entry(entryID) else { return nil }
        return availability(around: entry.requested, service: entry.service.isEmpty ? nil : entry.service)
    }
}

extension WaitlistEngine {
    /// The slots a manual offer to an entry may name: every slot of its requested local day
    /// that can still be offered (`stop_before` not passed), in time order, with the places
    /// a booking there would find (over its `booking_length`). The dashboard lists them all — full ones included, so the admin sees why
    /// a slot cannot be offered — and `manualNotify` enforces the same conditions.
    public func manualOfferSlots(entryID: Int) -> [(slot: SlotInfo, free: Int)] {
        guard let entry = state.entry(entryID) else { return [] }
        return programs.calendar.slots(onEpochDay: programs.zone.local(entry.requested).epochDay)
            .filter { isOfferable($0.start) }
            .sorted { ($0.start, $0.key.service, $0.key.resource) < ($1.start, $1.key.service, $1.key.resource) }
            .map { ($0, freeForBooking($0)) }
    }
}
