/// The dashboard's actions on an entry (notify now, delete, move up or down) decided once: who may act,
/// whether the entry is still open, whether the slot is valid, then the logged event through
/// `apply`. The HTML form and the JSON API only translate their input into an `EntryAction`
/// and render the typed outcome, so both refuse the same things and change state the same way.
import Foundation
import Runtime

/// An action an admin asks for on one entry.
enum EntryAction: Sendable, Equatable {
    /// Offer `slot` (local `2030-03-14T19:30` or with an offset) now; nil when none was sent.
    case notify(slot: String?)
    /// Close the entry as deleted and erase its personal data (an anonymous trace stays).
    case delete
    /// Add `delta` (+1 up, −1 down) to the entry's manual priority (`entry.priority`).
    case priority(delta: Int)
}

/// What an `EntryAction` came to; nothing changed unless `.done`.
enum EntryActionOutcome: Sendable {
    /// No such entry, or one of an establishment the session may not see.
    case notFound
    /// The HTML form's confirmation box was not ticked.
    case confirmationRequired
    /// The entry is already closed (its status raw value).
    case closed(status: String)
    /// The slot is missing, unreadable or not in the future.
    case invalidSlot
    /// The establishment's rules never read `entry.priority`: moving would change nothing.
    case manualPriorityUnused
    /// The manual priority is already at the end of `WaitlistEngine.manualPriorityRange`.
    case priorityLimit(delta: Int)
    /// The engine refused the manual offer (no room for the party, slot already offered…):
    /// no SMS was sent. `zone` renders the reason's times.
    case offerRefused(ManualOfferRefusal, zone: ZoneConverter)
    /// The event could not be saved.
    case unavailable
    /// Applied; the entry as the engine now holds it.
    case done(WaitlistEntry)
}

extension WaitlistService {
    /// Validates and applies `action` on entry `id` of `business` for `session`.
    func performEntryAction(_ action: EntryAction, business: String, id: String, confirmed: Bool,
                            session: AdminSession) -> EntryActionOutcome {
        guard let (runtime, entry) = visibleEntry(business: business, id: id, session: session) else { return .notFound }
        guard confirmed else { return .confirmationRequired }
        guard !entry.status.isFinal else { return .closed(status: entry.status.rawValue) }
        let event: LoggedEvent
        switch action {
        case .notify(let value):
            let zone = runtime.state.withLock { $0.engine.zone }
            guard let value, let slot = LocalTimeText.parse(value, zone: zone), slot > clock.now() else { return .invalidSlot }
            event = .notify(entryID: entry.id, slot: slot, by: session.email)
        case .delete:
            event = .delete(entryID: entry.id, by: session.email)
        case .priority(let delta):
            guard runtime.state.withLock({ $0.engine.rules.priority.readsManualPriority }) else { return .manualPriorityUnused }
            guard WaitlistEngine.manualPriorityRange.contains(entry.manualPriority + delta) else { return .priorityLimit(delta: delta) }
            event = .priority(entryID: entry.id, delta: delta, by: session.email)
        }
        let applied: Applied<ZoneConverter>
        do {
            applied = try apply(event, to: business, inspect: { engine, _ in engine.zone })
        } catch {
            return .unavailable
        }
        // The engine logs a refused manual offer instead of throwing: its history line is the answer.
        for case let .history(entryID, line) in applied.effects where entryID == entry.id {
            if case .manualOfferRefused(_, let reason) = line.code { return .offerRefused(reason, zone: applied.result) }
        }
        if case .delete = action {
            // A deletion erases the customer's data and keeps an anonymous trace for the
            // statistics. Should this second step fail, the entry is closed all the same and
            // the retention purge erases it later.
            do { _ = try anonymise([entry.id], of: business, by: "suppression par \(session.email)", closeOpen: false) } catch {
                telemetry.log(.error, "erasure after deletion failed", ["business": .string(business), "error": .string(error.description)])
            }
        }
        return .done(runtime.state.withLock { $0.engine.state.entry(entry.id) } ?? entry)
    }
}
