/// The engine's inputs as the service logs them. The log is the source of truth: replaying
/// a business's events after its latest snapshot rebuilds the engine exactly (the engine is
/// deterministic), timers and pending offers included. Rule files are logged by digest; their
/// text lives in `rule_sources`.
import Foundation
import RuleLang
import Runtime

/// One logged engine input. Every event is applied after the due timers up to its time
/// (`advance(to:)`), in production and in replay alike.
public enum LoggedEvent: Sendable, Equatable, Codable {
    /// A trigger from the voice agent; `token` is the digest of the link secret.
    case trigger(phone: String, requested: Instant, source: String, token: String, service: String?)
    /// The waitlist form behind the entry token `token`.
    case form(token: String, firstName: String, lastName: String, email: String, partySize: Int, slots: [Instant])
    /// Oui (`accept`) or Non on an offer (engine offer token).
    case reply(offerToken: String, accept: Bool)
    /// The calendar's new busy list.
    case calendar(busy: [BusyInterval])
    /// The calendar refused the booking made for an entry (outbox write dead-lettered).
    case bookingRefused(entryID: Int, reason: BookingRefusal)
    /// Only the clock moved: due timers fire.
    case advance
    /// A slot offered by hand from the dashboard.
    case notify(entryID: Int, slot: Instant, by: String)
    /// An entry deleted from the dashboard.
    case delete(entryID: Int, by: String)
    /// An entry moved up (`delta` > 0) or down in line from the dashboard.
    case priority(entryID: Int, delta: Int, by: String)
    /// The customer answered STOP.
    case stop(phone: String)
    /// A new rule file version, by SHA-256 digest of its text.
    case rules(digest: String)
    /// GDPR erasure of entries: ids only, plus the SHA-256 of forgotten STOP phones (see
    /// `EngineEvent.anonymise`); the event itself holds no personal data.
    case anonymise(entryIDs: [Int], by: String, closeOpen: Bool, stopDigests: [String])
    /// A changed rule file failed `check`; the running version stays (a journal note).
    case rulesRefused(summary: String)
    /// The calendar copy became too old to offer on, or was read again (`EngineEvent.calendarHealth`).
    case calendarHealth(stale: Bool)

    /// Short kind for the log's `kind` column.
    public var kind: String {
        switch self {
        case .trigger: return "trigger"
        case .form: return "form"
        case .reply: return "reply"
        case .calendar: return "calendar"
        case .bookingRefused: return "booking_refused"
        case .advance: return "advance"
        case .notify: return "notify"
        case .delete: return "delete"
        case .priority: return "priority"
        case .stop: return "stop"
        case .rules: return "rules"
        case .anonymise: return "anonymise"
        case .rulesRefused: return "rules_refused"
        case .calendarHealth: return "calendar_health"
        }
    }

    /// The engine event, or nil for `advance` and `rules` (which the service applies itself).
    public var engineEvent: EngineEvent? {
        switch self {
        case let .trigger(phone, requested, source, token, service):
            return .trigger(phone: phone, requestedStart: requested, source: source, token: token, service: service)
        case let .form(token, firstName, lastName, email, partySize, slots):
            return .formSubmitted(token: token, firstName: firstName, lastName: lastName, email: email,
                                  partySize: partySize, slots: slots)
        case let .reply(token, accept): return .reply(offerToken: token, accept: accept)
        case .calendar(let busy): return .calendarChanged(busy: busy)
        case let .bookingRefused(entryID, reason): return .bookingRefused(entryID: entryID, reason: reason)
        case let .notify(entryID, slot, by): return .manualNotify(entryID: entryID, slotStart: slot, by: by)
        case let .delete(entryID, by): return .entryDeleted(entryID: entryID, by: by)
        case let .priority(entryID, delta, by): return .priorityChanged(entryID: entryID, delta: delta, by: by)
        case .stop(let phone): return .stop(phone: phone)
        case let .anonymise(ids, by, closeOpen, digests):
            return .anonymise(entryIDs: ids, by: by, closeOpen: closeOpen, stopDigests: digests)
        case .rulesRefused(let summary): return .rulesRefused(summary: summary)
        case .calendarHealth(let stale): return .calendarHealth(stale: stale)
        case .advance, .rules: return nil
        }
    }

    /// JSON text for the log.
    public func encoded() -> String {
        StoredJSON.encode(self)
    }

    /// The event from its JSON text.
    public static func decode(_ text: String) throws(StoreError) -> LoggedEvent {
        do {
            return try JSONDecoder().decode(LoggedEvent.self, from: Data(text.utf8))
        } catch {
            throw .corrupt("logged event \(text.prefix(80)): \(error)")
        }
    }
}

extension WaitlistEngine {
    /// Applies a logged event the one way production and replay share: due timers up to
    /// `now` first, then the event (`rules`: the compiled file a `.rules` event names).
    mutating func apply(_ event: LoggedEvent, rules: RuleSet?, at now: Instant) -> [EngineEffect] {
        var effects = advance(to: now)
        if case .rules = event, let rules {
            effects += handle(.rulesReloaded(rules), at: now)
        } else if let engineEvent = event.engineEvent {
            effects += handle(engineEvent, at: now)
        }
        return effects
    }
}
