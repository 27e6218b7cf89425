/// A queued commit's outcome, waited for by the caller that queued it. Splitting "queue" from
/// "wait" lets the service queue under a business's lock (keeping the event log in engine
/// order) and wait for the fsync outside it, so concurrent requests share one transaction.
import Dispatch
import Synchronization

/// The future result of `WaitlistStore.enqueue`.
public final class StoreCommit: Sendable {
    private let result = Mutex<Result<Void, StoreError>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// A pending commit.
    public init() {}

    /// An already finished commit.
    public init(finished outcome: Result<Void, StoreError>) {
        result.withLock { $0 = outcome }
        done.signal()
    }

    /// Called once by the store when the batch is durable (or failed).
    public func finish(_ outcome: Result<Void, StoreError>) {
        let first = result.withLock { value -> Bool in
            guard value == nil else { return false }
            value = outcome
            return true
        }
        if first { done.signal() }
    }

    /// Blocks until the batch is durable; throws the store's error otherwise.
    public func wait() throws(StoreError) {
        done.wait()
        done.signal() // later waiters pass too
        let outcome = result.withLock { $0 }
        if case .failure(let error)? = outcome { throw error }
    }
}
