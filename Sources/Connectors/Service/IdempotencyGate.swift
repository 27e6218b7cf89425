/// Stripe-style `Idempotency-Key` handling, the in-process half: two requests with the same
/// key must not both run. The first claims the key; a concurrent second one gets 409 at once
/// (Stripe answers the same); once the first commits, its stored answer replays.
import Synchronization

/// Claims of idempotency keys being processed.
final class IdempotencyGate: Sendable {
    private let inFlight = Mutex<Set<String>>([])

    /// Claims `scope/key`; false when another request holds it.
    func claim(scope: String, key: String) -> Bool {
        inFlight.withLock { $0.insert("\(scope)\u{0}\(key)").inserted }
    }

    /// Releases a claim.
    func release(scope: String, key: String) {
        _ = inFlight.withLock { $0.remove("\(scope)\u{0}\(key)") }
    }
}
