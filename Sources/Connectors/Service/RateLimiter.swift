/// Token buckets per client: the API answers 429 rather than letting one caller starve the
/// others, and a phone number cannot be sent more than a few invitations an hour (SMS
/// pumping is the classic abuse of "text me a link" endpoints).
import Foundation
import Synchronization

/// A token bucket per key.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var updated: Double }
    private let buckets = Mutex<[String: Bucket]>([:])
    private let ratePerSecond: Double
    private let burst: Double

    init(ratePerSecond: Double, burst: Double) {
        self.ratePerSecond = ratePerSecond
        self.burst = burst
    }

    /// Takes one token for `key` at `now` (seconds); false when the bucket is empty.
    func allow(_ key: String, now: Double = Date().timeIntervalSince1970) -> Bool {
        guard ratePerSecond > 0 else { return true }
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * ratePerSecond)
            bucket.updated = now
            let allowed = bucket.tokens >= 1
            if allowed { bucket.tokens -= 1 }
            buckets[key] = bucket
            if buckets.count > 100_000 { buckets = buckets.filter { now - $0.value.updated < 60 } }
            return allowed
        }
    }
}
