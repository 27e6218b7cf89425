/// `rule_versions` in SQLite: numbers are per business and assigned in the write
/// transaction, and migration v4 turns the rule sources of an older database into versions.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Rule versions in the store")
struct RuleVersionStoreTests {
    typealias F = StoreFixtures

    static func insert(_ business: String, _ source: String, at seconds: Int64) -> StoreBatch {
        var batch = StoreBatch()
        batch.ruleVersion = RuleVersionInsert(business: business, digest: Digest.sha256Hex(source), author: "a@b.fr",
                                              savedAt: Instant(seconds: seconds), source: source)
        return batch
    }

    @Test("versions are numbered per business, newest first")
    func numbering() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        let commits = [Self.insert("a", "one", at: 1), Self.insert("b", "uno", at: 2), Self.insert("a", "two", at: 3)].map(store.enqueue)
        for commit in commits { try commit.wait() }
        #expect(try store.ruleVersions(business: "a", limit: 10).map(\.version) == [2, 1])
        #expect(try store.ruleVersions(business: "a", limit: 10).map(\.source) == ["two", "one"])
        #expect(try store.ruleVersions(business: "b", limit: 10).map(\.version) == [1])
        #expect(try store.ruleVersion(business: "a", version: 1)?.savedAt == Instant(seconds: 1))
        #expect(try store.ruleVersion(business: "b", version: 2) == nil)
    }

    @Test("migration v4 makes the rule sources of a version-3 database its first versions, by load time")
    func backfill() throws {
        let path = F.databasePath()
        try SQLiteStore(path: path).close()
        let db = try SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags)
        try db.execute("DROP TABLE rule_versions")
        // Undo the later migrations too (v5: the outbox's delivery columns; v6 and v8: the
        // pending SMS file erasures and the security events; v9: the installation and the
        // outbox's step), back to version 3.
        try db.execute("""
            DROP TABLE pending_sms_erasures; DROP TABLE security_events;
            DROP TABLE installation; DROP TABLE legacy_booking_ids; ALTER TABLE outbox DROP COLUMN step;
            DROP INDEX outbox_by_provider_ref;
            ALTER TABLE outbox DROP COLUMN provider_ref; ALTER TABLE outbox DROP COLUMN delivery_status;
            ALTER TABLE outbox DROP COLUMN delivery_error; ALTER TABLE outbox DROP COLUMN delivered_at;
            """)
        try db.run("DELETE FROM schema_migrations WHERE version >= 4")
        for (digest, business, loaded) in [("d2", "bistro", 20), ("d1", "bistro", 10), ("d3", "salon", 5)] {
            try db.run("INSERT INTO rule_sources (digest, business, source, loaded_at) VALUES (?, ?, ?, ?)",
                       [.text(digest), .text(business), .text("text \(digest)"), .int(loaded)])
        }
        db.close()
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        let versions = try store.ruleVersions(business: "bistro", limit: 10)
        #expect(versions.map(\.version) == [2, 1])
        #expect(versions.map(\.digest) == ["d2", "d1"])
        #expect(versions.allSatisfy { $0.author == "fichier" })
        #expect(try store.ruleVersions(business: "salon", limit: 10).map(\.source) == ["text d3"])
    }
}
