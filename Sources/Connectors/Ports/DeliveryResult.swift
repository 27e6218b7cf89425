/// What a provider answered for one side effect, in the terms the outbox dispatcher needs:
/// done, try again later, or never going to work.

/// The outcome of one delivery attempt.
public enum DeliveryResult: Sendable, Equatable {
    /// The provider acknowledged it (`reference`: its message or event id, when it gives one).
    case delivered(reference: String?)
    /// A transient failure (timeout, 429, 5xx): retry with back-off.
    case retry(String)
    /// A permanent failure (invalid number, 4xx): dead-letter at once.
    case permanent(String)
}
