/// The engine's timers: they live in `EngineState` so the service can persist them and
/// resume after a restart, and a dry-run's virtual clock jumps from one to the next.

/// What a timer is for; equal ids denote the same timer.
public enum TimerID: Sendable, Hashable, Codable, CustomStringConvertible {
    /// An open offer runs out (token of the offer).
    case offerExpiry(String)
    /// The public link of an invited entry runs out.
    case linkExpiry(Int)
    /// Offers for slots starting at this instant close (slot start minus `stop_before`).
    case slotClosing(Instant)
    /// Quiet hours end; held-back offers may go out.
    case quietHoursEnd
    /// Hybrid strategy: this slot switches from sequential to broadcast.
    case broadcastStart(SlotKey)

    /// `offer-expiry 7a3f.1`, for transcripts.
    public var description: String {
        switch self {
        case .offerExpiry(let token): return "offer-expiry \(token)"
        case .linkExpiry(let entry): return "link-expiry entry \(entry)"
        case .slotClosing(let start): return "slot-closing \(start)"
        case .quietHoursEnd: return "quiet-hours-end"
        case .broadcastStart(let slot): return "broadcast-start \(slot)"
        }
    }
}

/// A scheduled timer. Timers fire by due time, then in the order they were scheduled.
public struct EngineTimer: Sendable, Hashable, Codable {
    /// What the timer is for.
    public var id: TimerID
    /// When it is due.
    public var at: Instant
    /// Scheduling order, the tie-break for timers due at the same instant.
    public var sequence: Int
}
