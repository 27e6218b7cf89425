/// Which outbox rows some thread is delivering right now. The dispatcher thread and a request
/// that writes its own booking at once (a Oui) may both find the same row due; only the thread
/// that claims it delivers it, so no SMS goes twice and no booking is written by two threads.
///
/// A thread reads its due rows after taking a `stamp()`. A row settled by another thread after
/// that stamp may still look due in what it read: `claim` skips such rows. Settlements are
/// remembered by the release that ended them; old ones are forgotten, and a stamp older than
/// what is still remembered gets no claim at all (the caller reads again).
import Synchronization

/// The in-flight outbox rows of the process.
final class OutboxClaims: Sendable {
    private struct State {
        var inFlight: Set<Int64> = []
        /// Bumped by every release.
        var epoch: UInt64 = 0
        /// The release that last ended each row's delivery.
        var settledAt: [Int64: UInt64] = [:]
        /// Releases at or before this are forgotten.
        var forgottenThrough: UInt64 = 0
    }

    private let state = Mutex(State())
    private static let remembered = 8_192

    /// Take before reading due rows; hand to `claim`.
    func stamp() -> UInt64 { state.withLock { $0.epoch } }

    /// Claims the rows of `ids` that nobody is delivering and nobody settled since `stamp`;
    /// nil when `stamp` is too old to tell (read the rows again).
    func claim(_ ids: [Int64], readAt stamp: UInt64) -> Set<Int64>? {
        state.withLock { state -> Set<Int64>? in
            guard stamp >= state.forgottenThrough else { return nil }
            var claimed = Set<Int64>()
            for id in ids where !state.inFlight.contains(id) && (state.settledAt[id] ?? 0) <= stamp {
                state.inFlight.insert(id)
                claimed.insert(id)
            }
            return claimed
        }
    }

    /// Ends the claims on `ids` once their settlement is committed (or given up).
    func release(_ ids: Set<Int64>) {
        guard !ids.isEmpty else { return }
        state.withLock { state in
            state.epoch += 1
            for id in ids {
                state.inFlight.remove(id)
                state.settledAt[id] = state.epoch
            }
            if state.settledAt.count > Self.remembered {
                // Forget them all: a thread that read before now simply reads again.
                state.forgottenThrough = state.epoch
                state.settledAt = [:]
            }
        }
    }
}
