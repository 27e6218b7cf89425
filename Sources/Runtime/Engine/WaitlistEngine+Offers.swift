/// The offer side of the engine: which free slot goes to whom (match, priority, strategy,
/// quiet hours, stop-before, max offers, timeout), and what Oui, Non and silence do.
import RuleLang

extension WaitlistEngine {
    // MARK: - Capacity

    /// Capacity left in a slot: the calendar's bookings plus the engine's own not yet reported.
    func freeCapacity(_ slot: SlotInfo) -> Int {
        occupancy.freeCapacity(of: slot)
    }

    /// Places a booking made on `slot` would find: the fewest free in the slots it would
    /// occupy for its service's `booking_length` (the slot alone by default). Offers, Oui and
    /// `slot.free` use it, so a 1h30 booking at 19:30 is not made when 20:00 is full.
    func freeForBooking(_ slot: SlotInfo) -> Int {
        programs.calendar.slotsCovered(byBookingOn: slot).reduce(Int.max) { min($0, freeCapacity($1)) }
    }

    /// The open offers of a slot, in the order made (from the index of open offers).
    func openOffers(on key: SlotKey) -> [Offer] {
        index.openOffers.compactMap { state.offers[$0].slot == key ? state.offers[$0] : nil }
    }

    /// Whether a slot is offered to everyone at once at `now`.
    func isBroadcast(_ slot: SlotInfo) -> Bool {
        switch rules.offers.strategy {
        case .sequential: return false
        case .broadcast: return true
        case .hybrid: return slot.start - now <= rules.offers.broadcastBefore
        }
    }

    // MARK: - Dispatch

    /// Offers every free slot of each local day some waiting entry chose a start on, from
    /// now (plus `stop_before`) to the end of that day, to the entries the strategy allows.
    /// Runs after the sweep, so every entry in the waiting index can still be offered.
    mutating func dispatchOffers() {
        let days = index.wantedDays
        // A slot that looks free on an old copy of the calendar may be booked: no offer on it.
        guard !days.isEmpty, state.calendarStale != true else { return }
        if let quietEnd = quietHoursEnd() {
            if index.timerByID[.quietHoursEnd] == nil {
                note(nil, "quiet hours: offers wait until \(describe(quietEnd))", .quietHours(until: quietEnd))
                schedule(.quietHoursEnd, at: quietEnd)
            }
            return
        }
        let chosenOnly = programs.matchRequiresChosenStart
        for day in days {
            for slot in programs.calendar.slots(onEpochDay: day)
            where isOfferable(slot.start) && (!chosenOnly || index.isWanted(slot.start)) {
                offer(slot)
            }
        }
    }

    /// Whether a slot starting at `start` may still be offered: later than `stop_before` from now.
    func isOfferable(_ start: Instant) -> Bool {
        start - rules.offers.stopBefore > now
    }

    /// Waiting entries a slot would be offered to now, best first: those with a chosen
    /// start on the slot's local day that have not refused it and whose `match` holds, in
    /// `priority` order (see the waiting index in `EngineIndex`).
    public func candidates(for slot: SlotInfo) -> [Int] {
        ranked(sameDayWaiting(slot), for: slot, free: freeForBooking(slot))
    }

    /// The queue for a slot as it would be served if the slot freed entirely: the order of
    /// `candidates(for:)` with the slot's whole capacity free. The dashboard shows this place
    /// in line while the slot is still full (when `candidates` is empty by design).
    public func queue(for slot: SlotInfo) -> [Int] {
        ranked(sameDayWaiting(slot), for: slot, free: slot.capacity)
    }

    /// The pre-filter: waiting entries with a start they may still be offered on the
    /// slot's local day; `match` decides among them.
    func sameDayWaiting(_ slot: SlotInfo) -> [Int] {
        guard isOfferable(slot.start) else { return [] }
        return index.waiting(onDay: programs.zone.local(slot.start).epochDay)
    }

    /// Offers one slot according to the strategy, to the waiting entries of its day that match it.
    mutating func offer(_ slot: SlotInfo) {
        var free = freeForBooking(slot)
        guard free > 0 else { return }
        let broadcast = isBroadcast(slot)
        if !broadcast, !openOffers(on: slot.key).isEmpty { return }
        // In turn, the ranking is needed only up to the first entry that fits.
        let ranking = rankedPrefix(for: slot, free: free) { !broadcast && (state.entries[$0 - 1].form?.partySize ?? 1) <= free }
        // The switch to broadcast concerns slots someone chose or the rule matches.
        if !broadcast, rules.offers.strategy == .hybrid, !ranking.isEmpty || index.isWanted(slot.start) {
            schedule(.broadcastStart(slot.key), at: slot.start - rules.offers.broadcastBefore)
        }
        for id in ranking {
            let units = state.entries[id - 1].form?.partySize ?? 1
            guard units <= free else { continue }
            makeOffer(id, slot: slot, broadcast: broadcast, by: nil)
            if !broadcast { return }
            if rules.offers.hold { free -= units }
        }
    }

    /// Waiting entries that match the slot, best first: priority key minus boosts, then signup order.
    func ranked(_ ids: [Int], for slot: SlotInfo, free: Int) -> [Int] {
        var variables = programs.activation(entry: .null, slot: slot.celValue(free: free), now: celTimestamp(now))
        var keyed: [(key: PriorityKey, id: Int)] = []
        keyed.reserveCapacity(ids.count)
        for id in ids where state.entries[id - 1].status == .waiting
            && !state.entries[id - 1].refusedSlots.contains(slot.start) {
            variables[programs.entrySlot] = state.entries[id - 1].celValue(visits: visits(of: state.entries[id - 1].phone))
            guard case .bool(true)? = try? programs.match.evaluate(variables) else { continue }
            keyed.append((priorityKey(variables), id))
        }
        return keyed.sorted { ($0.key, $0.id) < ($1.key, $1.id) }.map(\.id)
    }

    /// The entry's sort key: `priority.order` minus every boost whose `when` holds.
    func priorityKey(_ variables: CELActivation) -> PriorityKey {
        programs.priorityKey(variables)
    }

    /// Past confirmed entries of a phone (`entry.visits`).
    func visits(of phone: String) -> Int {
        entries(of: phone).reduce(0) { $0 + (state.entries[$1 - 1].status == .confirmed ? 1 : 0) }
    }

    /// Sends one offer.
    mutating func makeOffer(_ id: Int, slot: SlotInfo, broadcast: Bool, by: String?) {
        let entry = state.entries[id - 1]
        let units = entry.form?.partySize ?? 1
        let token = "\(entry.token).\(entry.offerCount + 1)"
        let timeout = offerTimeout(id, slot: slot)
        let expires = now + .seconds(timeout)
        state.entries[id - 1].offerCount += 1
        state.offers.append(Offer(token: token, entryID: id, slot: slot.key, slotEnd: slot.end, units: units,
                                  sentAt: now, expiresAt: expires, broadcast: broadcast, outcome: .open))
        index.offerAdded(state.offers[state.offers.count - 1], at: state.offers.count - 1)
        let mode = by.map { "by hand (\(String($0)))" } ?? (broadcast ? "broadcast" : "in turn")
        let offerMode: OfferMode = by.map { .byHand($0) } ?? (broadcast ? .broadcast : .inTurn)
        transition(id, to: .offered, "offer of \(describe(slot.start)) \(slot.key.service) sent \(mode), expires \(describe(expires))",
                   .offerSent(slot: slot.start, service: slot.key.service, mode: offerMode, expires: expires))
        var values = smsValues(entryID: id, slotStart: slot.start)
        values["lien"] = link(entry.token)
        values["lien_oui"] = "\(rules.establishment.publicURL)/o/\(token)/oui"
        values["lien_non"] = "\(rules.establishment.publicURL)/o/\(token)/non"
        values["delai"] = FrenchFormat.delay(seconds: timeout)
        sendSMS(rules.sms.offer, to: id, values: values)
        if rules.offers.hold { effects.append(.placeHold(slot: slot.key, entryID: id)) }
        schedule(.offerExpiry(token), at: expires)
    }

    /// Seconds the offer stays open: fixed or computed, at least a minute, and never past
    /// the slot start minus `stop_before`.
    func offerTimeout(_ id: Int, slot: SlotInfo) -> Int64 {
        var seconds: Int64
        switch rules.offers.timeout {
        case .fixed(let duration): seconds = duration.components.seconds
        case .computed:
            let variables = programs.activation(
                entry: state.entries[id - 1].celValue(visits: visits(of: state.entries[id - 1].phone)),
                slot: slot.celValue(free: freeForBooking(slot)), now: celTimestamp(now))
            if case .duration(let duration)? = try? programs.timeout?.evaluate(variables) {
                seconds = duration.seconds
            } else {
                seconds = 15 * 60
            }
        }
        let limit = (slot.start - rules.offers.stopBefore - now).components.seconds
        return max(60, min(seconds, limit))
    }

    // MARK: - Answers and expiry

    mutating func reply(offerToken: String, accept: Bool) {
        guard let index = self.index.offerByToken[offerToken] else {
            note(nil, "\(accept ? "Oui" : "Non") for an unknown offer link ignored", .answerForUnknownOffer(accept: accept))
            return
        }
        let offer = state.offers[index]
        let id = offer.entryID
        let answer = accept ? "Oui" : "Non"
        if state.entries[id - 1].status == .removed || isOptedOut(state.entries[id - 1].phone) {
            note(id, "\(answer) received after the entry was closed: ignored", .answerAfterClosed(accept: accept))
            return
        }
        switch offer.outcome {
        case .open:
            if accept {
                if offer.units <= freeSlotCapacity(offer) {
                    book(offerIndex: index, reason: "Oui in time", late: false)
                } else {
                    lose(offerIndex: index, "Oui but the slot was booked in the meantime") { .slotTakenMeanwhile(then: $0) }
                }
            } else {
                endOffer(index, .declined)
                state.entries[id - 1].declineCount += 1
                sendSMS(rules.sms.declined, to: id, values: smsValues(entryID: id, slotStart: offer.slot.start))
                returnToQueueOrClose(id, else: .declined, "Non to \(describe(offer.slot.start))") {
                    .declined(slot: offer.slot.start, then: $0)
                }
            }
        case .accepted:
            note(id, "\(answer) again for \(describe(offer.slot.start)), already booked: ignored",
                 .answerAgainAfterBooking(accept: accept, slot: offer.slot.start))
        case .declined, .expired, .withdrawn:
            guard accept else {
                note(id, "Non for \(describe(offer.slot.start)) after the offer closed: nothing to do",
                     .lateDeclineIgnored(slot: offer.slot.start))
                return
            }
            let stillFree = state.entries[id - 1].status == .waiting
                && offer.slot.start - rules.offers.stopBefore > now
                && openOffers(on: offer.slot).isEmpty
                && offer.units <= freeSlotCapacity(offer)
            if stillFree {
                state.offers[index].outcome = .open
                self.index.offerOutcomeChanged(at: index, open: true)
                transition(id, to: .offered, "late Oui for \(describe(offer.slot.start)) and the slot is still free",
                           .lateAcceptStillFree(slot: offer.slot.start))
                book(offerIndex: index, reason: "late Oui", late: true)
            } else {
                note(id, "late Oui for \(describe(offer.slot.start)) after the offer \(offer.outcome.pastTense): the slot is gone",
                     .lateAcceptTooLate(slot: offer.slot.start, outcome: offer.outcome))
                sendSMS(rules.sms.offerTaken, to: id, values: smsValues(entryID: id, slotStart: offer.slot.start))
            }
        }
    }

    func freeSlotCapacity(_ offer: Offer) -> Int {
        freeForBooking(SlotInfo(key: offer.slot, end: offer.slotEnd,
                                capacity: programs.calendar.slot(startingAt: offer.slot.start, service: offer.slot.service,
                                                                 resource: offer.slot.resource)?.capacity ?? 0))
    }

    /// Oui with room left: book, confirm, and close what the booking makes pointless.
    mutating func book(offerIndex index: Int, reason: String, late: Bool) {
        let offer = state.offers[index]
        let id = offer.entryID
        endOffer(index, .accepted)
        let end = programs.calendar.bookingEnd(of: offer.slot, slotEnd: offer.slotEnd)
        effects.append(.createBooking(slot: offer.slot, end: end, entryID: id, units: offer.units))
        state.pendingBookings.append(BusyInterval(id: EngineEffect.bookingID(for: id), start: offer.slot.start,
                                                  end: end, resource: offer.slot.resource, units: offer.units))
        calendarStateChanged()
        transition(id, to: .confirmed, "\(reason): booked \(describe(offer.slot.start)) \(offer.slot.service)",
                   .booked(slot: offer.slot.start, service: offer.slot.service, late: late))
        sendSMS(rules.sms.confirmed, to: id, values: smsValues(entryID: id, slotStart: offer.slot.start))
        let others = (state.entries[id - 1].form?.slots ?? []).filter { $0 != offer.slot.start && $0 > now }
        if !others.isEmpty {
            note(id, "other chosen slots released: \(others.map { describe($0) }.joined(separator: ", "))",
                 .otherSlotsReleased(slots: others))
        }
        let evening = programs.zone.local(offer.slot.start).epochDay
        let phone = state.entries[id - 1].phone
        for other in entries(of: phone).map({ state.entries[$0 - 1] }) where other.id != id && !other.status.isFinal
            && programs.zone.local(other.requested).epochDay == evening {
            close(other.id, as: .removed, "the same person booked \(describe(offer.slot.start)) (entry \(id))",
                  .sameDayBooking(slot: offer.slot.start, entryID: id))
        }
        let free = freeSlotCapacity(offer)
        for other in self.index.openOffers where state.offers[other].slot == offer.slot
            && state.offers[other].outcome == .open && state.offers[other].units > free {
            lose(offerIndex: other, "\(describe(offer.slot.start)) went to entry \(id)") {
                .slotWentToOther(slot: offer.slot.start, entryID: id, then: $0)
            }
        }
    }

    /// The calendar refused the booking made for `id`: the place is not the customer's after
    /// all. The customer hears it (`offer_taken`), the entry goes back in line for its other
    /// chosen slots (never this one again), and until the calendar is read again the place
    /// counts as taken, so the dispatch that follows does not offer it to the next person.
    mutating func bookingRefused(entryID id: Int, reason: BookingRefusal) {
        let bookingID = EngineEffect.bookingID(for: id)
        guard state.entry(id)?.status == .confirmed,
              let pending = state.pendingBookings.firstIndex(where: { $0.id == bookingID }),
              let offerIndex = state.offers.lastIndex(where: { $0.entryID == id && $0.outcome == .accepted }) else {
            note(state.entry(id) == nil ? nil : id, "calendar refusal of the booking of entry \(id) ignored: no booking pending",
                 .bookingRefusalIgnored(entryID: id))
            return
        }
        let booking = state.pendingBookings.remove(at: pending)
        state.busy.append(BusyInterval(id: EngineEffect.refusedBookingIDPrefix + String(id), start: booking.start,
                                       end: booking.end, resource: booking.resource, units: booking.units))
        calendarStateChanged()
        let offer = state.offers[offerIndex]
        state.offers[offerIndex].outcome = .withdrawn
        state.entries[id - 1].refusedSlots.append(offer.slot.start)
        sendSMS(rules.sms.offerTaken, to: id, values: smsValues(entryID: id, slotStart: offer.slot.start))
        returnToQueueOrClose(id, else: .expired, "the calendar refused the booking of \(describe(offer.slot.start)): \(reason)") {
            .bookingRefused(slot: offer.slot.start, reason: reason, then: $0)
        }
    }

    /// An open offer the entry can no longer get: withdrawn, the entry back in line.
    mutating func lose(offerIndex index: Int, _ reason: String, _ code: (HistoryFollowUp) -> HistoryCode) {
        let offer = state.offers[index]
        endOffer(index, .withdrawn)
        state.entries[offer.entryID - 1].refusedSlots.append(offer.slot.start)
        if reason.hasPrefix("Oui") {
            sendSMS(rules.sms.offerTaken, to: offer.entryID, values: smsValues(entryID: offer.entryID, slotStart: offer.slot.start))
        }
        returnToQueueOrClose(offer.entryID, else: .expired, reason, code)
    }

    mutating func expireOffer(token: String) {
        guard let index = self.index.offerByToken[token], state.offers[index].outcome == .open else { return }
        let offer = state.offers[index]
        endOffer(index, .expired)
        state.entries[offer.entryID - 1].refusedSlots.append(offer.slot.start)
        sendSMS(rules.sms.expired, to: offer.entryID, values: smsValues(entryID: offer.entryID, slotStart: offer.slot.start))
        returnToQueueOrClose(offer.entryID, else: .expired, "no answer to the offer of \(describe(offer.slot.start))") {
            .timedOut(slot: offer.slot.start, then: $0)
        }
    }

    /// Closes an open offer: outcome, timer, hold; refused slots are the caller's business.
    mutating func endOffer(_ index: Int, _ outcome: Offer.Outcome) {
        let offer = state.offers[index]
        state.offers[index].outcome = outcome
        self.index.offerOutcomeChanged(at: index, open: outcome == .open)
        cancelTimer(.offerExpiry(offer.token))
        if rules.offers.hold { effects.append(.releaseHold(slot: offer.slot, entryID: offer.entryID)) }
        if outcome == .declined { state.entries[offer.entryID - 1].refusedSlots.append(offer.slot.start) }
    }

    /// Withdraws the entry's open offer, if any, without touching its status.
    mutating func withdrawOpenOffer(of id: Int) {
        for index in self.index.openOffers where state.offers[index].entryID == id && state.offers[index].outcome == .open {
            endOffer(index, .withdrawn)
        }
    }

    mutating func manualNotify(entryID id: Int, slotStart: Instant, by: String) {
        guard let entry = state.entry(id) else {
            note(nil, "manual offer by \(by) to unknown entry \(id) ignored", .manualOfferOfUnknownEntry(entryID: id, by: by))
            return
        }
        guard entry.status == .waiting else {
            note(id, "manual offer by \(by) refused: the entry is \(entry.status.rawValue)",
                 .manualOfferRefused(by: by, reason: .entryStatus(entry.status)))
            return
        }
        guard let slot = programs.calendar.slot(startingAt: slotStart, service: entry.service)
            ?? programs.calendar.slot(startingAt: slotStart) else {
            note(id, "manual offer by \(by) refused: no slot starts at \(describe(slotStart))",
                 .manualOfferRefused(by: by, reason: .noSuchSlot(slotStart)))
            return
        }
        guard slot.start - rules.offers.stopBefore > now else {
            note(id, "manual offer by \(by) refused: \(describe(slotStart)) starts too soon",
                 .manualOfferRefused(by: by, reason: .tooSoon(slotStart)))
            return
        }
        guard (entry.form?.partySize ?? 1) <= freeForBooking(slot) else {
            note(id, "manual offer by \(by) refused: \(describe(slotStart)) has not enough room",
                 .manualOfferRefused(by: by, reason: .noRoom(slotStart)))
            return
        }
        guard isBroadcast(slot) || openOffers(on: slot.key).isEmpty else {
            note(id, "manual offer by \(by) refused: \(describe(slotStart)) is already offered to someone else",
                 .manualOfferRefused(by: by, reason: .alreadyOffered(slotStart)))
            return
        }
        makeOffer(id, slot: slot, broadcast: false, by: by)
    }

    // MARK: - Quiet hours

    /// When the quiet hours now in force end, or nil outside quiet hours.
    func quietHoursEnd() -> Instant? {
        guard let quiet = rules.offers.quietHours else { return nil }
        let local = programs.zone.local(now)
        guard quiet.contains(minute: local.minuteOfDay) else { return nil }
        var day = local
        if quiet.crossesMidnight && local.minuteOfDay >= quiet.start {
            day = CivilDateTime(utcSeconds: local.utcSeconds + 86_400)
        }
        return programs.zone.instant(CivilDateTime(year: day.year, month: day.month, day: day.day,
                                                   hour: quiet.end / 60, minute: quiet.end % 60))
    }
}
