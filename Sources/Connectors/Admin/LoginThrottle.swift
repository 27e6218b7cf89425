/// In-memory brake on password guessing for sign-in: each key (an email, a client address)
/// that keeps failing must wait longer before its next attempt is even checked — 0, 0, 0, 1,
/// 2, 4, 8, 16, then 30 seconds after the 1st, 2nd, … failure — instead of being locked out.
/// A lock-out let five wrong passwords from one office address shut every colleague out for
/// 15 minutes; a delay capped at 30 s costs a guesser the same (thousands of guesses a day
/// become a few hundred per key) while the right password always gets through soon. Attempts
/// inside the delay are answered 429 with `Retry-After` at once, never by sleeping a thread.
/// Memory only, on purpose: a restart forgets it, which costs an attacker a restart they
/// cannot cause.
import Runtime
import Synchronization

/// Counts consecutive sign-in failures per key and says how long each key must wait.
final class LoginThrottle: Sendable {
    /// Failures answered without any delay.
    static let freeFailures = 3
    /// The longest delay, seconds.
    static let maxDelay: Int64 = 30
    /// A key's failures are forgotten after this many seconds without a new one.
    let forgetAfter: Int64
    /// Keys kept before forgotten ones are swept, so a flood of addresses cannot grow memory forever.
    private let sweepThreshold = 10_000

    private struct Record {
        var failures = 0
        var lastFailure = Instant(seconds: 0)
        /// Whether an attempt was already refused inside the current delay (reported once).
        var refusalReported = false
    }

    private let records = Mutex<[String: Record]>([:])

    init(forgetAfter: Int64) {
        self.forgetAfter = forgetAfter
    }

    /// The wait before the next attempt after `failures` consecutive failures.
    static func delay(afterFailures failures: Int) -> Int64 {
        guard failures > freeFailures else { return 0 }
        let doublings = failures - freeFailures - 1
        return doublings >= 5 ? maxDelay : min(maxDelay, Int64(1) << doublings)
    }

    /// A refusal inside a delay: seconds to wait (the longest among the keys) and whether it
    /// is the first refusal of that delay (the one worth reporting).
    struct Wait: Equatable {
        var seconds: Int64
        var firstRefusal: Bool
    }

    /// How long the attempt must still wait, or nil when every key may try now.
    func wait(keys: [String], now: Instant) -> Wait? {
        records.withLock { records in
            var seconds: Int64 = 0
            var first = false
            for key in keys {
                guard var record = records[key] else { continue }
                let until = record.lastFailure.seconds + Self.delay(afterFailures: record.failures)
                guard until > now.seconds, now.seconds - record.lastFailure.seconds < forgetAfter else { continue }
                seconds = max(seconds, until - now.seconds)
                if !record.refusalReported {
                    first = true
                    record.refusalReported = true
                    records[key] = record
                }
            }
            return seconds > 0 ? Wait(seconds: seconds, firstRefusal: first) : nil
        }
    }

    /// Counts a failure for each of `keys` and returns the delay each now imposes, with its
    /// count of consecutive failures.
    @discardableResult
    func recordFailure(keys: [String], now: Instant) -> [(key: String, failures: Int, delay: Int64)] {
        records.withLock { records in
            if records.count > sweepThreshold { sweep(&records, now: now) }
            return keys.map { key in
                var record = records[key] ?? Record()
                if now.seconds - record.lastFailure.seconds >= forgetAfter { record.failures = 0 }
                record.failures += 1
                record.lastFailure = now
                record.refusalReported = false
                records[key] = record
                return (key, record.failures, Self.delay(afterFailures: record.failures))
            }
        }
    }

    /// Forgets the failures of `key` (after a successful sign-in).
    func reset(key: String) {
        _ = records.withLock { $0.removeValue(forKey: key) }
    }

    /// Drops records whose failures are forgotten.
    private func sweep(_ records: inout [String: Record], now: Instant) {
        records = records.filter { now.seconds - $0.value.lastFailure.seconds < forgetAfter }
    }
}
