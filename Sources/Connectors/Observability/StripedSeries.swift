/// The series tables of the hot metrics (request count and duration, observed by every HTTP
/// thread on every request), split in stripes each behind its own lock. With one lock, 32
/// HTTP threads on 2 cores queued on it: the public page served fewer pages at 50
/// connections than at 10 (make bench, 9b). A thread updates the stripe its thread id hashes
/// to; reads (`/metrics`, tests) merge the stripes, which only `/metrics` pays for.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A table of series by label set, striped by thread.
final class StripedSeries<Value: Sendable>: Sendable {
    private final class Stripe: Sendable {
        let table = Mutex<[MetricLabels: Value]>([:])
    }

    private let stripes: [Stripe]

    init(stripes count: Int = 16) {
        stripes = (0..<count).map { _ in Stripe() }
    }

    /// Updates the series for `key` in the calling thread's stripe (created with `initial`).
    func update(_ key: MetricLabels, initial: @autoclosure () -> Value, _ body: (inout Value) -> Void) {
        // Fibonacci hashing of the thread id: thread descriptors sit megabytes apart, so the
        // high bits of the product spread them over the stripes.
        let hash = UInt64(pthread_self()) &* 0x9E37_79B9_7F4A_7C15
        let stripe = stripes[Int(truncatingIfNeeded: hash >> 32) % stripes.count]
        stripe.table.withLock { table in body(&table[key, default: initial()]) }
    }

    /// Every stripe's series for `key`.
    func values(for key: MetricLabels) -> [Value] {
        stripes.compactMap { stripe in stripe.table.withLock { $0[key] } }
    }

    /// The series of all stripes, merged with `combine`.
    func merged(_ combine: (Value, Value) -> Value) -> [MetricLabels: Value] {
        var result: [MetricLabels: Value] = [:]
        for stripe in stripes {
            for (key, value) in stripe.table.withLock({ $0 }) {
                result[key] = result[key].map { combine($0, value) } ?? value
            }
        }
        return result
    }
}
