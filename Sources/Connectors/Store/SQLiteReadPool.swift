/// Read connections for the store. WAL lets readers run while the writer commits, so each
/// reading thread borrows its own connection (a connection is single-threaded) and gives it
/// back; a few idle ones are kept open so reads do not pay for an open and a schema parse.
import Foundation

/// A pool of read-only-by-convention connections (`PRAGMA query_only`).
///
/// Safety (`@unchecked Sendable`): `idle` and `closed` are touched only under `lock`; a
/// connection is either in `idle` or lent to exactly one caller of `withConnection`.
final class SQLiteReadPool: @unchecked Sendable {
    private let path: String
    private let maximumIdle: Int
    private let lock = NSLock()
    private var idle: [SQLiteConnection] = []
    private var closed = false

    /// A pool for the database at `path` (which must exist) keeping at most `maximumIdle` open.
    init(path: String, maximumIdle: Int = 4) {
        self.path = path
        self.maximumIdle = maximumIdle
    }

    /// Runs `body` with a connection nobody else uses meanwhile. `.closed` after `close()`.
    func withConnection<T>(_ body: (SQLiteConnection) throws(StoreError) -> T) throws(StoreError) -> T {
        let connection = try borrow()
        defer { giveBack(connection) }
        return try body(connection)
    }

    /// Closes idle connections; lent ones close when given back. Later reads get `.closed`.
    func close() {
        lock.lock()
        closed = true
        let toClose = idle
        idle.removeAll()
        lock.unlock()
        for connection in toClose { connection.close() }
    }

    private func borrow() throws(StoreError) -> SQLiteConnection {
        lock.lock()
        if closed {
            lock.unlock()
            throw .closed
        }
        let reused = idle.popLast()
        lock.unlock()
        if let reused { return reused }
        let connection = try SQLiteConnection(path: path, flags: SQLiteConnection.readFlags)
        do throws(StoreError) {
            try connection.execute("PRAGMA busy_timeout = 5000; PRAGMA query_only = 1;")
        } catch {
            connection.close()
            throw error
        }
        return connection
    }

    private func giveBack(_ connection: SQLiteConnection) {
        lock.lock()
        let keep = !closed && idle.count < maximumIdle
        if keep { idle.append(connection) }
        lock.unlock()
        if !keep { connection.close() }
    }
}
