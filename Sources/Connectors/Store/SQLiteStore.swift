/// The embedded SQLite implementation of `WaitlistStore`: one file (`DIR/speedai.db`) in WAL
/// mode with synchronous=FULL, a single writer thread doing group commit, and a pool of read
/// connections. Other processes (the CLI's `calendar book`) may open the same file: WAL,
/// busy_timeout and BEGIN IMMEDIATE serialise their writes with ours.
import Foundation
import Runtime

/// A `WaitlistStore` in one SQLite file.
///
/// Safety (`@unchecked Sendable`): the write connection belongs to `writer` (its own thread);
/// reads borrow pooled connections one caller at a time; `path` is immutable.
public final class SQLiteStore: WaitlistStore, @unchecked Sendable {
    /// The database file.
    public let path: String
    private let writer: SQLiteGroupCommitter
    let readers: SQLiteReadPool

    /// The schema version this build writes.
    public static var schemaVersion: Int { SQLiteSchema.currentVersion }

    /// The database file inside a data directory (`DIR/speedai.db`); creates the directory
    /// when missing (if that fails, opening the store reports why).
    public static func defaultPath(dataDirectory: String) -> String {
        try? FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return URL(fileURLWithPath: dataDirectory).appendingPathComponent("speedai.db").path
    }

    /// Opens (creating if needed) and migrates the database at `path`, and starts the writer.
    /// Throws `.open` with the reason when the file cannot be used: unreadable, not a
    /// database, not WAL-capable, or written by a newer version.
    public init(path: String) throws(StoreError) {
        self.path = path
        let connection = try SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags)
        do throws(StoreError) {
            try Self.configure(connection)
            try SQLiteSchema.migrate(connection)
        } catch {
            connection.close()
            if case .sqlite(_, let message, let sql) = error {
                throw .open(path: path, message: "\(message) (while running \(sql))")
            }
            throw error
        }
        writer = SQLiteGroupCommitter(connection: connection)
        readers = SQLiteReadPool(path: path)
    }

    deinit { close() }

    /// Finishes the batches already queued, stops the writer thread and closes every
    /// connection. Later calls of `commit` and of the reads throw `.closed`. Idempotent.
    public func close() {
        writer.stop()
        readers.close()
    }

    /// See `WaitlistStore.commit`. Returns once the batch's transaction has committed
    /// (fsync'd); an empty batch returns at once.
    public func commit(_ batch: StoreBatch) throws(StoreError) {
        try writer.commit(batch)
    }

    public func enqueue(_ batch: StoreBatch) -> StoreCommit {
        writer.enqueue(batch)
    }

    /// Transactions and batches committed so far by this instance.
    public var groupCommitStatistics: GroupCommitStatistics { writer.currentStatistics }

    /// The writer, for tests that need to hold a group open.
    var groupCommitter: SQLiteGroupCommitter { writer }

    /// WAL for concurrent readers and a second process; FULL so COMMIT means on disk.
    private static func configure(_ connection: SQLiteConnection) throws(StoreError) {
        try connection.execute("PRAGMA busy_timeout = 5000")
        // Switching to WAL can answer SQLITE_BUSY at once, without the busy handler, while
        // another process opens the same new file: retry for a while before giving up.
        var attempt = 0
        var mode: String?
        while true {
            do throws(StoreError) {
                mode = try connection.queryFirst("PRAGMA journal_mode = WAL") { $0.text(0) }
                break
            } catch {
                guard case .sqlite(let code, _, _) = error, code & 0xFF == 5 /* SQLITE_BUSY, extended or not */, attempt < 250 else {
                    throw error
                }
                attempt += 1
                usleep(20_000)
            }
        }
        guard mode?.lowercased() == "wal" else {
            throw .open(path: connection.path, message: """
                SQLite could not switch the database to WAL journal mode (it stays in \(mode ?? "an unknown mode")); \
                put the data directory on a local file system
                """)
        }
        try connection.execute("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;")
        // Freed space is zeroed: a replaced or erased row (GDPR) must not stay readable in the file.
        try connection.execute("PRAGMA secure_delete = ON")
    }
}
