/// What the waitlist engine asks the world to do. The engine never performs I/O: the
/// service (or the dry-run transcript) carries these out in the order they are returned.

/// One effect returned by `WaitlistEngine.handle(_:at:)`.
public enum EngineEffect: Sendable, Equatable, Codable {
    /// Send `text` (already rendered from the rule file's `template`) to `phone`.
    case sendSMS(phone: String, template: String, text: String, entryID: Int)
    /// Book `slot` for the entry. The calendar event must carry `EngineEffect.bookingID(for:)`
    /// as its id, so the engine recognises its own booking when the calendar reports it.
    case createBooking(slot: SlotKey, end: Instant, entryID: Int, units: Int)
    /// Put a tentative hold on the slot while an offer is open (rules with `hold = true`);
    /// its calendar id must start with `EngineEffect.holdIDPrefix`.
    case placeHold(slot: SlotKey, entryID: Int)
    /// Remove the hold placed for the entry.
    case releaseHold(slot: SlotKey, entryID: Int)
    /// Call back with `.timerFired(id)` at `at` (the state keeps the timer too).
    case scheduleTimer(id: TimerID, at: Instant)
    /// Forget a timer scheduled earlier.
    case cancelTimer(id: TimerID)
    /// Append a line to an entry's history, or to the establishment's journal when `entryID` is nil.
    case history(entryID: Int?, line: HistoryLine)

    /// The calendar id of the booking made for an entry.
    public static func bookingID(for entryID: Int) -> String { "speedai-booking-\(entryID)" }
    /// The entry whose booking `id` is (`bookingID(for:)` read back), or nil.
    public static func entryID(ofBooking id: String) -> Int? {
        let prefix = "speedai-booking-"
        guard id.hasPrefix(prefix) else { return nil }
        let digits = id.dropFirst(prefix.count)
        guard !digits.isEmpty, digits.first != "0", digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(digits)
    }
    /// Calendar ids of holds start with this; the engine does not count holds as bookings.
    public static let holdIDPrefix = "speedai-hold-"
    /// Busy intervals the engine adds itself when the calendar refused one of its bookings:
    /// the place counts as taken by whoever took it until the calendar is read again.
    public static let refusedBookingIDPrefix = "speedai-refused-"
}

/// Where an entry stands in its life cycle.
public enum EntryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The invitation SMS went out; the form is not filled yet.
    case invited
    /// En attente: the entry waits for one of its chosen slots.
    case waiting
    /// Contacté: an offer is open.
    case offered
    /// Confirmé: the entry accepted an offer and is booked.
    case confirmed
    /// Refusé: the entry declined its last possible offer.
    case declined
    /// Expiré: the link, the last offer or every chosen slot ran out.
    case expired
    /// Removed by the establishment, by STOP, or because the same person booked elsewhere.
    case removed

    /// Whether nothing more happens to the entry.
    public var isFinal: Bool {
        switch self {
        case .invited, .waiting, .offered: return false
        case .confirmed, .declined, .expired, .removed: return true
        }
    }
}

/// One line of an entry's history: a transition (`from` → `to`) or a note (both nil).
public struct HistoryLine: Sendable, Hashable, Codable, CustomStringConvertible {
    /// When it happened (virtual time).
    public var at: Instant
    /// Status before; nil for a note or for the entry's creation.
    public var from: EntryStatus?
    /// Status after; nil for a note.
    public var to: EntryStatus?
    /// Why, in plain English.
    public var reason: String
    /// What the line says as data, for the dashboard's French text; nil in lines written
    /// before codes existed (synthesized decoding uses `decodeIfPresent` for optionals, so
    /// older snapshots still decode).
    public var code: HistoryCode?

    /// A history line from its parts.
    public init(at: Instant, from: EntryStatus?, to: EntryStatus?, reason: String, code: HistoryCode? = nil) {
        self.at = at
        self.from = from
        self.to = to
        self.reason = reason
        self.code = code
    }

    /// `2025-01-18T18:02:00Z waiting → offered: ...`
    public var description: String {
        let change = to.map { "\(from?.rawValue ?? "new") → \($0.rawValue): " } ?? ""
        return "\(at) \(change)\(reason)"
    }
}
