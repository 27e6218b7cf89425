/// Minimal timing helpers for `make bench`: run a body enough times to last a while,
/// repeat, and keep the best (least disturbed) round.
enum Stopwatch {
    /// Nanoseconds per call of `body`, best of `rounds` rounds of `iterations` calls.
    static func nanosecondsPerCall(iterations: Int, rounds: Int = 5, _ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<rounds {
            let elapsed = clock.measure {
                for _ in 0..<iterations { body() }
            }
            best = min(best, Double(elapsed.nanoseconds) / Double(iterations))
        }
        return best
    }

    /// Milliseconds for one run of `body`, best of `rounds`.
    static func milliseconds(rounds: Int = 5, _ body: () -> Void) -> Double {
        nanosecondsPerCall(iterations: 1, rounds: rounds, body) / 1_000_000
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}

/// Keeps a value alive so the optimiser cannot delete the work that produced it.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
