/// The process-wide counter behind `BusinessState.version`: a number is never handed out
/// twice, so "same version" can only mean "same engine state", even across a business
/// reloaded from the store or rebuilt by a rule change.
import Synchronization

/// Hands out engine-state versions.
enum EngineVersion {
    private static let counter = Atomic<UInt64>(0)

    /// A version no state has had before.
    static func next() -> UInt64 {
        counter.add(1, ordering: .relaxed).newValue
    }
}
