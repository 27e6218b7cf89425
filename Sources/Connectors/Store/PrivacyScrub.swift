/// The store's half of a GDPR erasure: what must leave the tables around the engine once the
/// `anonymise` event is logged. It rides in the same `StoreBatch` as that event and the fresh
/// (already scrubbed) snapshot, so a crash leaves the database either before the erasure or
/// after it, never with the personal data half gone.
import Runtime

/// Personal data to remove from one business's rows, applied after the rest of the batch.
public struct PrivacyScrub: Sendable, Equatable {
    /// The business erased from.
    public var business: String
    /// The rule file's `establishment.id`, which the API's stored answers name (`business_id`);
    /// usually the business id itself.
    public var establishmentID: String
    /// Entries whose outbox rows, links, idempotency answers and calendar summaries are scrubbed.
    public var entryIDs: [Int]
    /// Phone numbers and emails to replace by `WaitlistEngine.erasedText` in those entries' history.
    public var entrySecrets: [String]
    /// Phone numbers no entry carries any more: scrubbed from the journal too.
    public var forgottenPhones: [String]
    /// Delete every event of the business up to the batch's snapshot, and every older
    /// snapshot: the log must not be able to bring the data back on replay.
    public var compact: Bool

    /// A scrub of `entryIDs` of `business`.
    public init(business: String, establishmentID: String, entryIDs: [Int], entrySecrets: [String],
                forgottenPhones: [String], compact: Bool) {
        self.business = business
        self.establishmentID = establishmentID
        self.entryIDs = entryIDs
        self.entrySecrets = entrySecrets
        self.forgottenPhones = forgottenPhones
        self.compact = compact
    }
}
