import Foundation
import Runtime
@testable import Connectors

/// Shared helpers for the store tests: a fresh database file per test, and sample rows.
enum StoreFixtures {
    /// A new, empty directory under the system temporary directory.
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID())").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The path of a database file that does not exist yet.
    static func databasePath() -> String {
        SQLiteStore.defaultPath(dataDirectory: temporaryDirectory())
    }

    static func at(_ seconds: Int64) -> Instant { Instant(seconds: seconds) }

    static func event(_ business: String, _ sequence: Int64, at: Int64 = 1_000, kind: String = "trigger") -> LoggedEventRow {
        LoggedEventRow(business: business, sequence: sequence, at: Instant(seconds: at), kind: kind,
                       payload: #"{"sequence":\#(sequence)}"#)
    }

    static func entry(_ business: String, _ id: Int, status: String = "waiting", createdAt: Int64 = 1_000) -> EntryRow {
        EntryRow(business: business, id: id, status: status, phone: "+33612345678", firstName: "Zoé", lastName: "Lefèvre",
                 email: "zoe@example.fr", requested: Instant(seconds: 5_000), service: "dîner",
                 slots: [Instant(seconds: 5_000), Instant(seconds: 5_900)], partySize: 4, source: "phone",
                 createdAt: Instant(seconds: createdAt), updatedAt: Instant(seconds: createdAt + 10),
                 json: #"{"id":\#(id)}"#)
    }

    static func outbox(_ business: String, entryID: Int?, due: Int64, payload: String = "{}") -> OutboxInsert {
        OutboxInsert(business: business, entryID: entryID, kind: "sms", payload: payload,
                     nextAttemptAt: Instant(seconds: due), createdAt: Instant(seconds: 900))
    }

    static func idempotency(_ key: String, scope: String = "client-a") -> IdempotencyRow {
        IdempotencyRow(scope: scope, key: key, requestDigest: Digest.sha256Hex(key), status: 201,
                       responseBody: #"{"ok":true}"#, createdAt: Instant(seconds: 1_000))
    }

    static func token(_ digest: String, business: String = "bistro", entryID: Int = 1) -> PublicTokenRow {
        PublicTokenRow(digest: digest, business: business, kind: "entry", engineToken: "e-\(entryID)", entryID: entryID,
                       createdAt: Instant(seconds: 1_000), expiresAt: Instant(seconds: 90_000))
    }

    /// Counts rows of `table` matching `condition` by reading the file directly.
    static func count(_ path: String, _ table: String, where condition: String = "1") throws -> Int {
        let db = try SQLiteConnection(path: path, flags: SQLiteConnection.readFlags)
        defer { db.close() }
        return try db.queryFirst("SELECT COUNT(*) FROM \(table) WHERE \(condition)") { $0.int(0) } ?? 0
    }
}

/// Errors collected from several threads.
final class Failures: @unchecked Sendable {
    // Guarded by `lock`: appended from worker threads, read after they finish.
    private let lock = NSLock()
    private var errors: [any Error] = []
    func record(_ error: any Error) { lock.lock(); errors.append(error); lock.unlock() }
    var all: [any Error] { lock.lock(); defer { lock.unlock() }; return errors }
}
