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
    /// Compact the log behind the batch's snapshot: every older snapshot (engine state in
    /// clear) is deleted, and the older events — kept for `export-tape` and the rules page's
    /// preview, never replayed again — lose the data in place (`phonePseudonyms`,
    /// `entryTokens`); events older than `dropEventsBefore` are deleted.
    public var compact: Bool
    /// Erased phone number → the stand-in written in its logged events (`effacé-12`): one per
    /// customer, so a replayed tape still tells the customers apart.
    public var phonePseudonyms: [String: String]
    /// Link digests of the erased entries: their logged forms lose names and email.
    public var entryTokens: [String]
    /// Events before this time are deleted outright (the retention), when set.
    public var dropEventsBefore: Instant?
    /// SHA-256 of phone numbers whose lines the embedded SMS file still has to lose: recorded
    /// as pending SMS file erasures with the scrub, settled once the file is rewritten.
    public var smsFileDigests: [String] = []

    /// A scrub of `entryIDs` of `business`.
    public init(business: String, establishmentID: String, entryIDs: [Int], entrySecrets: [String],
                forgottenPhones: [String], compact: Bool, phonePseudonyms: [String: String] = [:],
                entryTokens: [String] = [], dropEventsBefore: Instant? = nil) {
        self.business = business
        self.establishmentID = establishmentID
        self.entryIDs = entryIDs
        self.entrySecrets = entrySecrets
        self.forgottenPhones = forgottenPhones
        self.compact = compact
        self.phonePseudonyms = phonePseudonyms
        self.entryTokens = entryTokens
        self.dropEventsBefore = dropEventsBefore
    }

    /// `event` without the erased customers' data: their phones become pseudonyms, their
    /// forms lose names and email. Nil when the event carries none of it.
    public func scrubbed(_ event: LoggedEvent) -> LoggedEvent? {
        switch event {
        case let .trigger(phone, requested, source, token, service):
            guard let alias = phonePseudonyms[phone] else { return nil }
            return .trigger(phone: alias, requested: requested, source: source, token: token, service: service)
        case let .form(token, _, _, _, partySize, slots) where entryTokens.contains(token):
            return .form(token: token, firstName: "", lastName: "", email: "", partySize: partySize, slots: slots)
        case .stop(let phone):
            return phonePseudonyms[phone].map { .stop(phone: $0) }
        default:
            return nil
        }
    }
}
