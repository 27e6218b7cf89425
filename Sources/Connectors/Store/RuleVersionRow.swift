/// The rows of `rule_versions`: every rule file an establishment ran, numbered per business,
/// with who put it there (an admin's email, or « fichier » for the folder watcher) and its
/// text, so the dashboard can show the history, diff two versions and restore one.
import Runtime

/// A stored rule version.
public struct RuleVersionRow: Sendable, Equatable {
    public var business: String
    /// 1, 2, 3... per business.
    public var version: Int
    /// SHA-256 (hex) of `source`.
    public var digest: String
    /// The admin who saved it, or `RuleVersionInsert.fileAuthor`.
    public var author: String
    public var savedAt: Instant
    public var source: String

    public init(business: String, version: Int, digest: String, author: String, savedAt: Instant, source: String) {
        self.business = business; self.version = version; self.digest = digest
        self.author = author; self.savedAt = savedAt; self.source = source
    }
}

/// A rule version to record; the store numbers it (the business's last version plus one)
/// inside the batch's transaction, so two saves can never take the same number.
public struct RuleVersionInsert: Sendable, Equatable {
    /// The author of a version the folder watcher picked up.
    public static let fileAuthor = "fichier"

    public var business: String
    public var digest: String
    public var author: String
    public var savedAt: Instant
    public var source: String

    public init(business: String, digest: String, author: String, savedAt: Instant, source: String) {
        self.business = business; self.digest = digest; self.author = author; self.savedAt = savedAt; self.source = source
    }
}
