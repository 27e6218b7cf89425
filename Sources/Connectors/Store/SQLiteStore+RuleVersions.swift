/// `rule_versions` in SQLite: numbering inside the write transaction, and the reads of the
/// dashboard's version history.
import Runtime

extension SQLiteStore {
    public func ruleVersions(business: String, limit: Int) throws(StoreError) -> [RuleVersionRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT business, version, digest, author_email, saved_at, source FROM rule_versions
                WHERE business = ? ORDER BY version DESC LIMIT ?
                """, [.text(business), .int(limit)], row: Self.ruleVersionRow)
        }
    }

    public func ruleVersion(business: String, version: Int) throws(StoreError) -> RuleVersionRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("""
                SELECT business, version, digest, author_email, saved_at, source FROM rule_versions
                WHERE business = ? AND version = ?
                """, [.text(business), .int(version)], row: Self.ruleVersionRow)
        }
    }

    /// Inserts `version` as the business's next number (called by the batch writer).
    static func insertRuleVersion(_ version: RuleVersionInsert, _ db: SQLiteConnection) throws(StoreError) {
        try db.run("""
            INSERT INTO rule_versions (business, version, digest, author_email, saved_at, source)
            SELECT ?, COALESCE(MAX(version), 0) + 1, ?, ?, ?, ? FROM rule_versions WHERE business = ?
            """, [.text(version.business), .text(version.digest), .text(version.author), .instant(version.savedAt),
                  .text(version.source), .text(version.business)])
    }

    private static func ruleVersionRow(_ row: SQLiteStatement) -> RuleVersionRow {
        RuleVersionRow(business: row.text(0), version: row.int(1), digest: row.text(2), author: row.text(3),
                       savedAt: row.instant(4), source: row.text(5))
    }
}
