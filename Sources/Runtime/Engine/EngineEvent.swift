/// What the world tells the waitlist engine. Everything the engine decides follows from a
/// stream of these, each applied at a virtual instant, which is what makes a replay of a
/// recorded evening produce exactly the decisions production made.
import RuleLang

/// One event for `WaitlistEngine.handle(_:at:)`.
public enum EngineEvent: Sendable, Equatable {
    /// A call for a full slot: invite the caller to the waitlist. `token` is the secret of
    /// the public link, drawn outside the engine (CSPRNG in production, seeded in dry-run).
    /// `service` names the service asked for (a salon's "coupe" vs "couleur" at the same
    /// time); nil lets the engine take the first service with a slot at that time.
    case trigger(phone: String, requestedStart: Instant, source: String, token: String, service: String? = nil)
    /// The customer filled the waitlist form behind the link `token`.
    case formSubmitted(token: String, firstName: String, lastName: String, email: String, partySize: Int, slots: [Instant])
    /// The calendar's complete new list of busy intervals.
    case calendarChanged(busy: [BusyInterval])
    /// Whether the engine's copy of the calendar is too old to offer on (`stale`: the calendar
    /// could not be read for longer than the service trusts a copy). While stale no offer is
    /// dispatched, since a slot that looks free may have been booked meanwhile; the service
    /// decides when, the engine only obeys, so a replay makes the same decisions.
    case calendarHealth(stale: Bool)
    /// Oui (`accept`) or Non on the offer whose link carries `offerToken`.
    case reply(offerToken: String, accept: Bool)
    /// The calendar refused the booking a Oui made for the entry: another client took the
    /// place since the engine last read the calendar, or the write failed for good.
    case bookingRefused(entryID: Int, reason: BookingRefusal)
    /// A timer the engine scheduled is due.
    case timerFired(TimerID)
    /// Someone at the establishment offers a slot to an entry by hand.
    case manualNotify(entryID: Int, slotStart: Instant, by: String)
    /// Someone at the establishment deletes an entry.
    case entryDeleted(entryID: Int, by: String)
    /// Someone at the establishment moves an entry up (`delta` > 0) or down in line: adds
    /// `delta` to `entry.priority`, which the rule file's `priority` boosts may read.
    case priorityChanged(entryID: Int, delta: Int, by: String)
    /// A new version of the rule file.
    case rulesReloaded(RuleSet)
    /// A new version of the rule file failed its checks and was not applied: only a journal
    /// note (`summary`: its errors, one line each), so the establishment's log shows it.
    case rulesRefused(summary: String)
    /// The customer answered STOP: close their entries and never text them again.
    case stop(phone: String)
    /// Erase the personal data of these entries (GDPR): phone, names and email become "",
    /// their history loses the phone and email. Open entries are refused with a note unless
    /// `closeOpen` (a customer's own request), which closes them first. `stopDigests` are the
    /// SHA-256 (hex) of phones that sent STOP and are forgotten here: the engine cannot hash,
    /// so the service hands the digests in and keeps honouring STOP by them.
    case anonymise(entryIDs: [Int], by: String, closeOpen: Bool = false, stopDigests: [String] = [])
}

/// Why a calendar did not take a booking the engine made.
public enum BookingRefusal: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The place is no longer free in the calendar (booked by another client since the engine
    /// last read it, or an event of someone else already holds the booking's id). `detail`
    /// is the calendar side's explanation, in English, for the logs.
    case slotTaken(detail: String)
    /// The calendar kept failing until the retry policy gave up.
    case writeFailed(detail: String)

    /// The calendar side's explanation.
    public var detail: String {
        switch self {
        case .slotTaken(let detail), .writeFailed(let detail): return detail
        }
    }

    /// `slot taken: …` / `write failed: …`.
    public var description: String {
        switch self {
        case .slotTaken(let detail): return "slot taken: \(detail)"
        case .writeFailed(let detail): return "write failed: \(detail)"
        }
    }
}
