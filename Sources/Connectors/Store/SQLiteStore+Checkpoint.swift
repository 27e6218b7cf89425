/// Moves the WAL into the database file and truncates it. After an erasure the old pages
/// (rows before the scrub) still sit in the WAL until a checkpoint overwrites the file and
/// the WAL is cut to zero bytes; the erasure asks for one so no copy lingers there.
import Foundation

extension SQLiteStore {
    /// Best effort: a reader holding an old snapshot makes SQLite stop early (it never
    /// blocks for long); the automatic checkpoints finish the job later.
    public func checkpointTruncate() {
        guard let connection = try? SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags) else { return }
        defer { connection.close() }
        try? connection.execute("PRAGMA busy_timeout = 2000")
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }
}
