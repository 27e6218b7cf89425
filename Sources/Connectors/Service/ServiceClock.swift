/// The service's wall clock. The engine never reads a clock; the service gives it `now`
/// from here. Tests and demos may run a clock that is ahead of the real one (so a 15-minute
/// offer timeout can be crossed in a second) without touching the engine.
import Foundation
import Runtime
import Synchronization

/// Tells the current time.
public protocol ServiceClock: Sendable {
    /// The current instant.
    func now() -> Instant
}

/// The system clock.
public struct SystemClock: ServiceClock {
    /// The system clock.
    public init() {}
    public func now() -> Instant { Instant(seconds: Int64(Date().timeIntervalSince1970.rounded(.down))) }
}

/// The system clock plus an offset that only ever grows, persisted in a file so a restarted
/// test server keeps its time. Enabled by `serve --test-clock`; never in production.
public final class AdjustableClock: ServiceClock {
    private let offset: Mutex<Int64>
    private let file: String?

    /// A clock whose offset is read from (and saved to) `file` when given.
    public init(file: String?) {
        self.file = file
        var initial: Int64 = 0
        if let file, let text = try? String(contentsOfFile: file, encoding: .utf8) {
            initial = Int64(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        offset = Mutex(initial)
    }

    public func now() -> Instant {
        let base = Int64(Date().timeIntervalSince1970.rounded(.down))
        return Instant(seconds: base + offset.withLock { $0 })
    }

    /// Moves the clock forward by `seconds` (negative values are refused) and saves the offset.
    @discardableResult
    public func advance(bySeconds seconds: Int64) -> Instant {
        let total = offset.withLock { value -> Int64 in
            value += max(0, seconds)
            return value
        }
        if let file { try? TextFileReader.writeAtomically("\(total)\n", to: file) }
        return now()
    }
}
