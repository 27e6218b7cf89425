/// The entry side of the engine: invitations, the waitlist form, STOP, deletions, rule
/// reloads, calendar changes and the timers that close entries.
import RuleLang

extension WaitlistEngine {
    mutating func trigger(phone: String, requested: Instant, source: String, token: String, service requestedService: String? = nil) {
        if isOptedOut(phone) {
            note(nil, "trigger from \(phone) ignored: this number sent STOP", .triggerAfterStop(phone: phone))
            return
        }
        if let duplicate = entries(of: phone).map({ state.entries[$0 - 1] })
            .first(where: { $0.requested == requested && !$0.status.isFinal }) {
            note(duplicate.id, "duplicate trigger from \(source) for \(describe(requested)): no new SMS",
                 .duplicateTrigger(slot: requested, source: source))
            return
        }
        let id = state.entries.count + 1
        // The service the caller asked for when the rules know it (a salon's coupe and
        // brushing share start times); otherwise the first service with a slot then.
        let named = requestedService.flatMap { rules.slots.service($0)?.label }
        let service = named ?? programs.calendar.slot(startingAt: requested)?.key.service ?? ""
        state.entries.append(WaitlistEntry(id: id, phone: phone, source: source, token: token,
                                           tokenExpires: now + rules.linkLifetime,
                                           requested: requested, service: service, form: nil, status: .invited))
        index.added(state.entries[id - 1])
        record(id, HistoryLine(at: now, from: nil, to: .invited,
                               reason: "\(describe(requested)) is full: waitlist link sent (\(source))",
                               code: .invited(slot: requested, source: source)))
        var values = smsValues(entryID: id, slotStart: requested)
        values["lien"] = link(token)
        sendSMS(rules.sms.initial, to: id, values: values)
        schedule(.linkExpiry(id), at: now + rules.linkLifetime)
    }

    /// The waitlist form behind link `token`: a first submission puts an invited entry in
    /// line; a waiting entry's customer coming back changes their choices (see
    /// `updateForm`); anything else is refused with a note.
    mutating func submitForm(token: String, firstName: String, lastName: String, email: String,
                             partySize: Int, slots: [Instant]) {
        guard let entry = index.entryByToken[token].map({ state.entries[$0 - 1] }) else {
            note(nil, "waitlist form with an unknown link refused", .formUnknownLink)
            return
        }
        let id = entry.id
        switch entry.status {
        case .invited:
            break
        case .waiting:
            updateForm(id, firstName: firstName, lastName: lastName, email: email, partySize: partySize, slots: slots)
            return
        case .offered:
            // The open offer's size and slot were fixed when it went out: answer it first.
            note(id, "waitlist form submitted again while an offer is open: ignored", .formWhileOffered)
            return
        case .confirmed, .declined, .expired, .removed:
            note(id, "waitlist form submitted again while \(entry.status.rawValue): ignored", .formWhileClosed(status: entry.status))
            return
        }
        guard acceptsForm(id, partySize: partySize) else { return }
        let chosen = Array(Set(slots)).sorted()
        state.entries[id - 1].form = EntryForm(firstName: firstName, lastName: lastName, email: email,
                                               partySize: partySize, slots: chosen, joinedAt: now)
        cancelTimer(.linkExpiry(id))
        guard !offerableSlots(of: id).isEmpty else {
            transition(id, to: .expired, "none of the chosen slots can still be offered", .noSlotOfferable)
            return
        }
        let list = chosen.map { describe($0) }.joined(separator: ", ")
        transition(id, to: .waiting, "joined the waitlist for \(list), party of \(partySize)",
                   .joined(slots: chosen, party: partySize))
        scheduleSlotClosing(chosen)
    }

    /// Whether a form for the entry may be taken now: the link has not expired and the party
    /// size is positive. A refusal is noted in the entry's history and changes nothing else.
    mutating func acceptsForm(_ id: Int, partySize: Int) -> Bool {
        let entry = state.entries[id - 1]
        guard now < entry.tokenExpires else {
            note(id, "waitlist form refused: the link expired at \(entry.tokenExpires)", .formLinkExpired(at: entry.tokenExpires))
            return false
        }
        guard partySize >= 1 else {
            note(id, "waitlist form refused: party size \(partySize) is not a positive number",
                 .formBadPartySize(party: partySize))
            return false
        }
        return true
    }

    /// Sets a `slotClosing` timer at each chosen start still far enough ahead (one per
    /// start, shared by every entry that chose it).
    mutating func scheduleSlotClosing(_ starts: [Instant]) {
        for start in starts where start - rules.offers.stopBefore > now {
            schedule(.slotClosing(start), at: start - rules.offers.stopBefore)
        }
    }

    mutating func stop(phone: String) {
        if !isOptedOut(phone) {
            state.optedOut.append(phone)
            state.optedOut.sort()
        }
        let open = entries(of: phone).filter { !state.entries[$0 - 1].status.isFinal }
        if open.isEmpty { note(nil, "STOP from \(phone): no open entry; this number will not be texted again", .stopWithoutEntry(phone: phone)) }
        for id in open { close(id, as: .removed, "the customer sent STOP", .stop) }
    }

    mutating func deleteEntry(_ id: Int, by: String) {
        guard let entry = state.entry(id) else {
            note(nil, "deletion of unknown entry \(id) by \(by) ignored", .deletionOfUnknownEntry(entryID: id, by: by))
            return
        }
        guard !entry.status.isFinal else {
            note(id, "deletion by \(by) ignored: the entry is already \(entry.status.rawValue)",
                 .deletionRefused(by: by, status: entry.status))
            return
        }
        close(id, as: .removed, "deleted by \(by)", .deleted(by: by))
    }

    mutating func reloadRules(_ newRules: RuleSet) {
        do {
            programs = try EnginePrograms(rules: newRules)
            // `stop_before` and `max_offers_per_entry` may have changed: re-file everyone.
            index = EngineIndex(state: state, now: now, stopBefore: rules.offers.stopBefore, zone: programs.zone, programs: programs)
            note(nil, "rules reloaded", .rulesReloaded)
        } catch {
            note(nil, "new rules refused, the previous ones stay in force: \(error.description)",
                 .rulesRefused(message: error.description))
        }
    }

    mutating func calendarChanged(_ reported: [BusyInterval]) {
        let busy = reported.filter { !$0.id.hasPrefix(EngineEffect.holdIDPrefix) }
        let before = state.busy + state.pendingBookings
        let reportedIDs = Set(busy.map(\.id))
        state.pendingBookings.removeAll { reportedIDs.contains($0.id) }
        state.busy = busy
        calendarStateChanged()
        let freed = programs.calendar.freedSlots(before: before, after: busy + state.pendingBookings,
                                                 from: now, horizon: .seconds(400 * 86_400))
        for slot in freed {
            note(nil, "slot \(describe(slot.slot.start)) \(slot.slot.key.service) freed: \(slot.freeBefore) → \(slot.freeAfter) free",
                 .slotFreed(slot: slot.slot.start, service: slot.slot.key.service, freeBefore: slot.freeBefore, freeAfter: slot.freeAfter))
        }
    }

    /// Holds or resumes offers as the service judges the calendar copy (a journal note on change).
    mutating func calendarHealth(stale: Bool) {
        guard stale != (state.calendarStale ?? false) else { return }
        state.calendarStale = stale ? true : nil
        if stale {
            note(nil, "calendar unreadable for too long: offers wait until it is read again", .calendarStale)
        } else {
            note(nil, "calendar read again: offers resume", .calendarReadAgain)
        }
    }

    mutating func timerFired(_ id: TimerID) {
        guard let position = self.index.position(of: id, in: state.timers) else {
            note(nil, "timer \(id) fired but is not pending: ignored", .staleTimer(name: "\(id)"))
            return
        }
        state.timers.remove(at: position)
        self.index.timer(id, nil)
        switch id {
        case .offerExpiry(let token):
            expireOffer(token: token)
        case .linkExpiry(let entryID):
            if state.entry(entryID)?.status == .invited {
                transition(entryID, to: .expired, "the waitlist link expired before the form was filled", .linkExpired)
            }
        case .slotClosing, .quietHoursEnd, .broadcastStart:
            break // the sweep and the dispatch that follow every event do the work
        }
    }

    // MARK: - Entry helpers

    /// Chosen slot starts the entry may still be offered: not refused, and starting later
    /// than `stop_before` from now.
    func offerableSlots(of id: Int) -> [Instant] {
        let entry = state.entries[id - 1]
        guard let form = entry.form else { return [] }
        return form.slots.filter { $0 - rules.offers.stopBefore > now && !entry.refusedSlots.contains($0) }
    }

    /// Whether the entry can get another offer at all.
    func canBeOfferedAgain(_ id: Int) -> Bool {
        state.entries[id - 1].offerCount < rules.offers.maxOffersPerEntry && !offerableSlots(of: id).isEmpty
    }

    /// After an offer ends without a booking: back to waiting when another offer is
    /// possible, else the final `status`.
    /// `code` builds the line's code from what happens next.
    mutating func returnToQueueOrClose(_ id: Int, else status: EntryStatus, _ reason: String,
                                       _ code: (HistoryFollowUp) -> HistoryCode) {
        let most = rules.offers.maxOffersPerEntry
        if canBeOfferedAgain(id) {
            transition(id, to: .waiting, reason + "; waits for its other chosen slots", code(.waits))
        } else if state.entries[id - 1].offerCount >= most {
            transition(id, to: status, reason + "; no offers left (at most \(most))", code(.noOffersLeft(max: most)))
        } else {
            transition(id, to: status, reason + "; no other chosen slot left", code(.noOtherSlot))
        }
    }

    /// Closes an entry for good, withdrawing its open offer.
    mutating func close(_ id: Int, as status: EntryStatus, _ reason: String, _ code: HistoryCode) {
        withdrawOpenOffer(of: id)
        cancelTimer(.linkExpiry(id))
        transition(id, to: status, reason, code)
    }

    /// Expires waiting entries none of whose chosen slots can still be offered. A waiting
    /// entry always has an offer left and an offerable start when it starts waiting, so
    /// only the passing of its starts can end it: the index hands over the entries filed
    /// under starts that just became too close, and everyone after a rebuild.
    mutating func closeEntriesWithoutSlots() {
        if now < index.lastSweep {
            index = EngineIndex(state: state, now: now, stopBefore: rules.offers.stopBefore, zone: programs.zone, programs: programs)
        }
        index.lastSweep = now
        var suspects = index.dropStarts(through: now + rules.offers.stopBefore)
        if index.needsFullSweep {
            suspects = state.entries.indices.map { $0 + 1 }
            index.needsFullSweep = false
        }
        for id in suspects where state.entries[id - 1].status == .waiting && !canBeOfferedAgain(id) {
            if state.entries[id - 1].offerCount >= rules.offers.maxOffersPerEntry {
                transition(id, to: .expired, "no offers left (at most \(rules.offers.maxOffersPerEntry))",
                           .noOffersLeft(max: rules.offers.maxOffersPerEntry))
            } else {
                transition(id, to: .expired, "all chosen slots have passed or start too soon to be offered", .slotsPassed)
            }
        }
    }

    /// Every entry of a phone, ascending ids.
    func entries(of phone: String) -> [Int] {
        index.entriesByPhone[phone] ?? []
    }
}
