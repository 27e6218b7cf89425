/// What a provider answered for one side effect, in the terms the outbox dispatcher needs:
/// done, try again later, or never going to work.

/// The outcome of one delivery attempt.
public enum DeliveryResult: Sendable, Equatable {
    /// The provider acknowledged it (`reference`: its message or event id, when it gives one).
    case delivered(reference: String?)
    /// A transient failure (timeout, 429, 5xx): retry with back-off.
    case retry(String)
    /// A permanent failure (4xx, garbage that will not improve): dead-letter at once.
    case permanent(String)
    /// The calendar has no room for the booking any more (another client booked the place
    /// since the engine decided), or its id is held by an event that is not ours: dead-letter
    /// at once, and the engine hears that the booking was refused.
    case slotTaken(String)
    /// The SMS provider refused the recipient for good: an invalid or non-mobile number
    /// (`optedOut` false: the entry is flagged), or a number that answered STOP (`optedOut`
    /// true: the engine closes the phone's entries and never texts it again).
    case recipientRefused(String, optedOut: Bool)
}
