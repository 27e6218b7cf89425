/// What the GDPR tools need of the SQLite store beyond the protocol: the list of businesses
/// served from a data folder (the CLI erases without a rules folder), and a WAL checkpoint.
/// After an erasure the old pages (rows before the scrub) still sit in the WAL until a
/// checkpoint copies the new ones into the file and the WAL is cut to zero bytes.
import Foundation

extension SQLiteStore {
    /// Every business registered in the database, sorted.
    public func businessIDs() throws(StoreError) -> [String] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("SELECT id FROM businesses ORDER BY id") { $0.text(0) }
        }
    }

    /// Erasures the embedded SMS file still owes, oldest first.
    public func pendingSMSFileErasures() throws(StoreError) -> [PendingSMSFileErasure] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("SELECT business, phone_digest FROM pending_sms_erasures ORDER BY created_at, rowid") { row in
                PendingSMSFileErasure(business: row.text(0), phoneDigest: row.text(1))
            }
        }
    }

    /// Checkpoints and truncates the WAL. Best effort: a reader holding an old snapshot makes
    /// SQLite stop early (it never blocks for long); automatic checkpoints finish the job later.
    public func checkpointTruncate() {
        guard let connection = try? SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags) else { return }
        defer { connection.close() }
        try? connection.execute("PRAGMA busy_timeout = 2000")
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
