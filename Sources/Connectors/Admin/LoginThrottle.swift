/// In-memory brute-force brake for the login form: after too many failures for the same key
/// (an email or a remote address) within a window, the key is locked for a while. Memory
/// only, on purpose: a restart forgets it, which costs an attacker a restart they cannot cause.
import Runtime
import Synchronization

/// Counts recent login failures per key and locks keys that fail too often.
final class LoginThrottle: Sendable {
    /// Failures allowed within `window` before a key is locked.
    let maxFailures: Int
    /// How far back failures count, and how long a lock lasts, seconds.
    let window: Int64
    /// Keys kept before expired ones are swept, so a flood of addresses cannot grow memory forever.
    private let sweepThreshold = 10_000

    private struct Record {
        var failures: [Instant] = []
        var lockedUntil: Instant?
    }

    private let records = Mutex<[String: Record]>([:])

    init(maxFailures: Int, window: Int64) {
        self.maxFailures = maxFailures
        self.window = window
    }

    /// Seconds until the longest lock among `keys` ends, or nil when none is locked at `now`.
    func retryAfter(keys: [String], now: Instant) -> Int64? {
        records.withLock { records in
            let waits = keys.compactMap { key -> Int64? in
                guard let until = records[key]?.lockedUntil, until > now else { return nil }
                return until.seconds - now.seconds
            }
            return waits.max()
        }
    }

    /// Counts a failure for each of `keys`; a key reaching `maxFailures` within the window is
    /// locked for `window` seconds from now.
    func recordFailure(keys: [String], now: Instant) {
        records.withLock { records in
            if records.count > sweepThreshold { sweep(&records, now: now) }
            for key in keys {
                var record = records[key] ?? Record()
                if let until = record.lockedUntil, until <= now { record.lockedUntil = nil }
                record.failures = record.failures.filter { now.seconds - $0.seconds < window } + [now]
                if record.failures.count >= maxFailures {
                    record.lockedUntil = Instant(seconds: now.seconds + window)
                    record.failures = []
                }
                records[key] = record
            }
        }
    }

    /// Forgets the failures of `key` (after a successful login).
    func reset(key: String) {
        _ = records.withLock { $0.removeValue(forKey: key) }
    }

    /// Drops records with no lock in force and no failure left in the window.
    private func sweep(_ records: inout [String: Record], now: Instant) {
        records = records.filter { _, record in
            if let until = record.lockedUntil, until > now { return true }
            return record.failures.contains { now.seconds - $0.seconds < window }
        }
    }
}
