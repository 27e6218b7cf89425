/// What a history line says, as data. The engine's `reason` is plain English and fixed by the
/// golden transcripts; the dashboard speaks French, so every line also carries this code and
/// the French text is rendered from it (with the establishment's time zone) outside the engine.

/// The structured meaning of one history line; one case per kind of line the engine writes.
public enum HistoryCode: Sendable, Hashable, Codable {
    // MARK: Entries

    /// The requested slot is full: the waitlist link went out.
    case invited(slot: Instant, source: String)
    /// A second trigger for the same slot while the entry is open: no new SMS.
    case duplicateTrigger(slot: Instant, source: String)
    /// A trigger from a number that sent STOP (journal).
    case triggerAfterStop(phone: String)
    /// The form was filled: the entry waits for these slots.
    case joined(slots: [Instant], party: Int)
    /// A waiting customer changed their form.
    case formUpdated(slots: [Instant], party: Int)
    /// A form behind a link the engine does not know (journal).
    case formUnknownLink
    /// A form submitted again while an offer is open.
    case formWhileOffered
    /// A form submitted again on a closed entry.
    case formWhileClosed(status: EntryStatus)
    /// A form after the link expired.
    case formLinkExpired(at: Instant)
    /// A form with a party size below one.
    case formBadPartySize(party: Int)
    /// None of the chosen slots can still be offered.
    case noSlotOfferable
    /// The link expired before the form was filled.
    case linkExpired
    /// Every chosen slot passed or starts too soon.
    case slotsPassed
    /// The entry used every offer the rules allow.
    case noOffersLeft(max: Int)
    /// The customer answered STOP.
    case stop
    /// STOP from a number without an open entry (journal).
    case stopWithoutEntry(phone: String)
    /// Deleted from the dashboard.
    case deleted(by: String)
    /// Deletion of an entry id that does not exist (journal).
    case deletionOfUnknownEntry(entryID: Int, by: String)
    /// Deletion of an entry already closed.
    case deletionRefused(by: String, status: EntryStatus)
    /// The same person booked another slot that day (entry `entryID`).
    case sameDayBooking(slot: Instant, entryID: Int)
    /// Manual priority moved from `from` to `to`.
    case priorityChanged(by: String, from: Int, to: Int)
    /// Manual priority already at its bound: unchanged.
    case priorityAtBound(by: String, value: Int)
    /// Manual priority change on a closed entry.
    case priorityRefused(by: String, status: EntryStatus)
    /// Manual priority change of an entry id that does not exist (journal).
    case priorityOfUnknownEntry(entryID: Int, by: String)

    // MARK: Offers

    /// An offer went out.
    case offerSent(slot: Instant, service: String, mode: OfferMode, expires: Instant)
    /// Non to an open offer, then `then`.
    case declined(slot: Instant, then: HistoryFollowUp)
    /// No answer in time, then `then`.
    case timedOut(slot: Instant, then: HistoryFollowUp)
    /// Oui, but the slot filled up meanwhile, then `then`.
    case slotTakenMeanwhile(then: HistoryFollowUp)
    /// The slot went to entry `entryID`, then `then`.
    case slotWentToOther(slot: Instant, entryID: Int, then: HistoryFollowUp)
    /// Booked (`late`: a Oui after the offer closed, with the slot still free).
    case booked(slot: Instant, service: String, late: Bool)
    /// A late Oui and the slot is still free: the offer reopens to be booked.
    case lateAcceptStillFree(slot: Instant)
    /// A late Oui and the slot is gone.
    case lateAcceptTooLate(slot: Instant, outcome: Offer.Outcome)
    /// Non after the offer closed: nothing to do.
    case lateDeclineIgnored(slot: Instant)
    /// Oui or Non again on an offer already booked.
    case answerAgainAfterBooking(accept: Bool, slot: Instant)
    /// An answer after the entry was closed.
    case answerAfterClosed(accept: Bool)
    /// An answer on an unknown offer link (journal).
    case answerForUnknownOffer(accept: Bool)
    /// The entry's other chosen slots, released by its booking.
    case otherSlotsReleased(slots: [Instant])
    /// Manual offer to an entry id that does not exist (journal).
    case manualOfferOfUnknownEntry(entryID: Int, by: String)
    /// Manual offer refused.
    case manualOfferRefused(by: String, reason: ManualOfferRefusal)

    // MARK: Journal

    /// A new rule file is in force.
    case rulesReloaded
    /// A new rule file was refused.
    case rulesRefused(message: String)
    /// The calendar freed room in a slot.
    case slotFreed(slot: Instant, service: String, freeBefore: Int, freeAfter: Int)
    /// Quiet hours: offers wait until `until`.
    case quietHours(until: Instant)
    /// A timer fired that was no longer pending.
    case staleTimer(name: String)
    /// The calendar could not be read for longer than its copy may be trusted: offers wait.
    case calendarStale
    /// The calendar was read again: offers resume.
    case calendarReadAgain

    // MARK: Personal data

    /// Erasure of an entry id that does not exist (journal).
    case anonymisationOfUnknownEntry(entryID: Int, by: String)
    /// The retention purge skipped an entry still open.
    case anonymisationRefused(by: String, status: EntryStatus)
    /// An open entry closed so its customer's data could be erased.
    case closedForErasure(by: String)
    /// The entry's personal data was erased; an anonymous trace stays.
    case personalDataErased(by: String)
    /// `count` entries anonymised at once (journal).
    case entriesAnonymised(count: Int, by: String)

    // MARK: Calendar writes

    /// The calendar refused the booking of `slot`, then `then`.
    case bookingRefused(slot: Instant, reason: BookingRefusal, then: HistoryFollowUp)
    /// A calendar refusal for an entry with no booking pending: nothing to undo.
    case bookingRefusalIgnored(entryID: Int)
}

extension HistoryCode {
    /// The code with every phone number in `phones` replaced by `erased`: the only cases that
    /// carry a customer's data are the two STOP lines.
    public func scrubbed(removing phones: Set<String>, erased: String) -> HistoryCode {
        switch self {
        case .triggerAfterStop(let phone) where phones.contains(phone): return .triggerAfterStop(phone: erased)
        case .stopWithoutEntry(let phone) where phones.contains(phone): return .stopWithoutEntry(phone: erased)
        default: return self
        }
    }
}

/// What happens to an entry after an offer ends without a booking.
public enum HistoryFollowUp: Sendable, Hashable, Codable {
    /// Back in line for its other chosen slots.
    case waits
    /// Closed: it had every offer the rules allow.
    case noOffersLeft(max: Int)
    /// Closed: no other chosen slot left.
    case noOtherSlot
}

/// How an offer was sent.
public enum OfferMode: Sendable, Hashable, Codable {
    /// To the first entry in line.
    case inTurn
    /// To every matching entry at once.
    case broadcast
    /// From the dashboard, by this person.
    case byHand(String)
}

/// Why a manual offer was refused.
public enum ManualOfferRefusal: Sendable, Hashable, Codable {
    /// The entry is not waiting.
    case entryStatus(EntryStatus)
    /// No slot starts then.
    case noSuchSlot(Instant)
    /// The slot starts too soon to be offered.
    case tooSoon(Instant)
    /// Not enough room in the slot.
    case noRoom(Instant)
    /// The slot is already offered to someone else.
    case alreadyOffered(Instant)
}
