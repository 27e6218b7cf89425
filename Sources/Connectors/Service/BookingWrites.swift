/// A Oui is answered « C’est confirmé ! » only once the calendar holds the booking. The Oui's
/// event queues the booking in the outbox like every effect; instead of waiting for the
/// dispatcher's next round, the request delivers its entry's rows itself, on a thread of its
/// own, and waits a few seconds for the calendar's answer. A calendar slower than that keeps
/// writing in the background: the page says the place is being secured, and the SMS that
/// follows (confirmation, or « Place déjà attribuée » when the calendar refused) tells the rest.
import Foundation
import Runtime

/// Where the booking of an entry stands in the outbox.
enum BookingWriteState: Sendable, Equatable {
    /// No booking row: none was made (or it predates the outbox's records).
    case none
    /// Queued or being written.
    case pending
    /// The calendar holds it.
    case written
    /// The calendar did not take it.
    case refused
}

extension WaitlistService {
    /// Delivers the due outbox rows of `entryID` now (its booking first, then what waits on it),
    /// and returns once its booking is no longer pending or `timeout` has passed, whichever
    /// comes first. The delivery goes on after a timeout.
    func writeBookingNow(business: String, entryID: Int, waitingAtMost timeout: Duration) {
        let settled = DispatchSemaphore(value: 0)
        let deadline = DispatchTime.now() + .milliseconds(Int(timeout.components.seconds * 1000))
        bookingWriters.async { [self] in
            defer {
                settled.signal()
                outboxSignal.signal()
            }
            while !bookingOutcomeKnown(business: business, entryID: entryID) {
                if dispatchOutbox(.entry(business: business, entryID: entryID), limit: 16) > 0 { continue }
                // Nothing to do here: the dispatcher thread holds the row (wait for it while the
                // page waits), or the calendar asked to retry later (the dispatcher's job).
                guard DispatchTime.now() < deadline, isBookingDue(business: business, entryID: entryID) else { return }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        guard timeout > .zero else { return }
        _ = settled.wait(timeout: deadline)
    }

    /// Whether the page can tell the outcome: the calendar holds the booking, or it refused
    /// it and the engine has heard so (the entry is no longer confirmed).
    private func bookingOutcomeKnown(business: String, entryID: Int) -> Bool {
        switch bookingState(business: business, entryID: entryID) {
        case .written, .none: return true
        case .pending: return false
        case .refused:
            return runtime(business)?.state.withLock { $0.engine.state.entry(entryID)?.status != .confirmed } ?? true
        }
    }

    /// Whether the entry's booking row is waiting to be written now (not for a later retry).
    private func isBookingDue(business: String, entryID: Int) -> Bool {
        guard let row = (try? store.outbox(business: business, entryID: entryID))?.last(where: Self.isBooking) else { return false }
        return row.status == .pending && row.nextAttemptAt <= clock.now()
            || row.status == .dead  // refused: the engine is about to hear it
    }

    /// The state of the booking made for `entryID`, from its outbox rows.
    func bookingState(business: String, entryID: Int) -> BookingWriteState {
        guard let rows = try? store.outbox(business: business, entryID: entryID),
              let row = rows.last(where: Self.isBooking) else { return .none }
        switch row.status {
        case .pending: return .pending
        case .sent: return .written
        case .dead: return .refused
        }
    }
}

extension WaitlistService {
    /// Tells the engines of bookings the calendar refused that they have not heard of: the
    /// dispatcher applies the refusal right after it commits the dead row, so only a crash in
    /// between leaves one. Run at start and now and then by the scheduler; cheap, since only
    /// bookings the calendar has not reported yet are pending.
    func reconcileRefusedBookings() {
        for business in businessIDs {
            guard let pending = runtime(business)?.state.withLock({ state in
                state.engine.state.pendingBookings.compactMap { EngineEffect.entryID(ofBooking: $0.id) }
            }) else { continue }
            for entryID in pending {
                guard let rows = try? store.outbox(business: business, entryID: entryID),
                      let row = rows.last(where: Self.isBooking), row.status == .dead else { continue }
                let error = row.lastError ?? "dead-lettered"
                let reason: BookingRefusal = error.hasPrefix(Self.slotTakenPrefix)
                    ? .slotTaken(detail: String(error.dropFirst(Self.slotTakenPrefix.count)))
                    : .writeFailed(detail: error)
                _ = try? apply(.bookingRefused(entryID: entryID, reason: reason), to: business, inspect: { _, _ in () })
            }
        }
    }

    /// How a dead row's `last_error` starts when the calendar had no room for the booking.
    static let slotTakenPrefix = "slot taken: "
}
