/// Everything the engine remembers between events: entries, offers, timers and its view
/// of the calendar. It is `Codable` so the service can persist it, and plain data so two
/// runs can be compared for determinism.

/// The engine's whole memory.
public struct EngineState: Sendable, Equatable, Codable {
    /// Every entry ever created; entry `n` is at index `n - 1`.
    public internal(set) var entries: [WaitlistEntry] = []
    /// Every offer ever made, in the order made.
    public internal(set) var offers: [Offer] = []
    /// Pending timers, sorted by due time then scheduling order.
    public internal(set) var timers: [EngineTimer] = []
    /// The calendar's busy intervals as last reported (holds left out).
    public internal(set) var busy: [BusyInterval] = []
    /// Bookings the engine made that the calendar has not reported yet.
    public internal(set) var pendingBookings: [BusyInterval] = []
    /// Phones that sent STOP, sorted.
    public internal(set) var optedOut: [String] = []
    /// SHA-256 (hex) of phones that sent STOP and were then erased, sorted; nil until the
    /// first erasure (optional so snapshots written before it still decode).
    public internal(set) var optedOutDigests: [String]?
    /// True while the calendar copy is too old to offer on (`EngineEvent.calendarHealth`);
    /// nil means false (optional so snapshots written before it still decode).
    public internal(set) var calendarStale: Bool?
    /// Lines not tied to an entry (unknown links, freed slots, rule reloads).
    public internal(set) var journal: [HistoryLine] = []
    /// Next `EngineTimer.sequence`.
    var timerSequence = 0

    /// An empty waitlist.
    public init() {}

    /// The entry with this id, if any.
    public func entry(_ id: Int) -> WaitlistEntry? {
        entries.indices.contains(id - 1) ? entries[id - 1] : nil
    }
}

/// What the customer filled in on the waitlist page.
public struct EntryForm: Sendable, Hashable, Codable {
    /// First name.
    public var firstName: String
    /// Last name.
    public var lastName: String
    /// Email, "" when not given.
    public var email: String
    /// Covers, or bookings wanted; what a booking takes from a slot's capacity.
    public var partySize: Int
    /// Chosen slot starts, sorted, without duplicates.
    public var slots: [Instant]
    /// When the form was first accepted: a form submitted again keeps it, so the place
    /// in line does not change.
    public var joinedAt: Instant
}

/// One person on the waitlist for one request.
public struct WaitlistEntry: Sendable, Hashable, Codable {
    /// Sequential id, from 1.
    public var id: Int
    /// E.164 phone number.
    public var phone: String
    /// Where the trigger came from (`phone`, `web`).
    public var source: String
    /// Secret of the public link.
    public var token: String
    /// When the link stops working.
    public var tokenExpires: Instant
    /// The slot start asked for on the phone.
    public var requested: Instant
    /// Service label of the requested slot ("" when no service has a slot then).
    public var service: String
    /// The form, once submitted.
    public var form: EntryForm?
    /// Where the entry stands.
    public var status: EntryStatus
    /// Slot starts this entry declined, let expire or lost: never offered again.
    public var refusedSlots: [Instant] = []
    /// Offers received.
    public var offerCount = 0
    /// Offers declined.
    public var declineCount = 0
    /// Manual adjustment from the dashboard (`entry.priority`).
    public var manualPriority = 0
    /// Every transition and note, oldest first.
    public var history: [HistoryLine] = []
    /// When the personal data was erased (GDPR); nil while the entry still holds it.
    public var anonymisedAt: Instant?
}

/// One offer of one slot to one entry.
public struct Offer: Sendable, Hashable, Codable {
    /// What became of an offer.
    public enum Outcome: String, Sendable, Hashable, Codable {
        /// Waiting for Oui or Non.
        case open
        /// Oui in time: booked.
        case accepted
        /// Non.
        case declined
        /// No answer in time.
        case expired
        /// The slot went to someone else, or the entry was closed, before an answer.
        case withdrawn

        /// How a history line says what became of the offer ("after the offer expired").
        public var pastTense: String {
            switch self {
            case .open: return "is open"
            case .accepted: return "was accepted"
            case .declined: return "was declined"
            case .expired: return "expired"
            case .withdrawn: return "was withdrawn"
            }
        }
    }
    /// Secret of the Oui/Non links: the entry's token, a dot, the offer number.
    public var token: String
    /// Who got it.
    public var entryID: Int
    /// Which slot.
    public var slot: SlotKey
    /// When the slot ends.
    public var slotEnd: Instant
    /// Capacity a booking would take.
    public var units: Int
    /// When it was sent.
    public var sentAt: Instant
    /// When it runs out.
    public var expiresAt: Instant
    /// Whether it went to every matching entry at once.
    public var broadcast: Bool
    /// What became of it.
    public var outcome: Outcome
}
