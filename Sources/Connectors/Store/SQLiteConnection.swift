/// One SQLite database connection with a cache of prepared statements, and SQLite's own error
/// messages turned into `StoreError`s. Not thread-safe by itself: whoever owns a connection
/// (the store's writer thread, or a read-pool lease) uses it from one thread at a time, which
/// is why it is opened with SQLITE_OPEN_NOMUTEX.
import CSQLite

/// An open SQLite connection.
final class SQLiteConnection {
    /// The database file.
    let path: String
    private var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]

    /// Flags for the connection that writes (creates the file when missing).
    static let readWriteFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    /// Flags for reading connections (the file must exist).
    static let readFlags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX

    /// Opens `path` with SQLite open `flags`. Fails with `.open` and SQLite's reason.
    init(path: String, flags: Int32) throws(StoreError) {
        self.path = path
        var db: OpaquePointer?
        let status = sqlite3_open_v2(path, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let reason = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_close_v2(db)
            throw .open(path: path, message: reason)
        }
        // Extended codes tell a UNIQUE violation (2067) from other constraint failures.
        sqlite3_extended_result_codes(db, 1)
        handle = db
    }

    deinit { close() }

    /// Finalizes every cached statement and closes the connection. Idempotent.
    func close() {
        for statement in statements.values { sqlite3_finalize(statement.handle) }
        statements.removeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
    }

    /// Runs one or more SQL statements that return no rows we need (DDL, PRAGMAs, BEGIN...).
    func execute(_ sql: String) throws(StoreError) {
        let db = try open()
        var message: UnsafeMutablePointer<CChar>?
        let status = sqlite3_exec(db, sql, nil, nil, &message)
        if status != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(status))
            sqlite3_free(message)
            throw .sqlite(code: status, message: text, sql: Self.excerpt(sql))
        }
    }

    /// The prepared statement for `sql`, from the cache when it was prepared before. It comes
    /// back reset, with no bindings. Do not prepare the same SQL again while it is in use.
    func prepare(_ sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        let db = try open()
        var compiled: OpaquePointer?
        let status = sqlite3_prepare_v3(db, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &compiled, nil)
        guard status == SQLITE_OK, let compiled else { throw error(code: status, sql: sql) }
        let statement = SQLiteStatement(handle: compiled, sql: sql, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Runs a statement that returns no rows with `values` bound; answers the rows it changed.
    @discardableResult
    func run(_ sql: String, _ values: [SQLiteValue] = []) throws(StoreError) -> Int {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(values)
        while try statement.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Runs a query with `values` bound and maps each row; the statement is reset afterwards
    /// so no read transaction stays open.
    func query<Row>(_ sql: String, _ values: [SQLiteValue] = [],
                    row: (SQLiteStatement) throws(StoreError) -> Row) throws(StoreError) -> [Row] {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(values)
        var rows: [Row] = []
        while try statement.step() { rows.append(try row(statement)) }
        return rows
    }

    /// The first row of a query, mapped, or nil when there is none.
    func queryFirst<Row>(_ sql: String, _ values: [SQLiteValue] = [],
                         row: (SQLiteStatement) throws(StoreError) -> Row) throws(StoreError) -> Row? {
        let statement = try prepare(sql)
        defer { statement.reset() }
        try statement.bind(values)
        return try statement.step() ? try row(statement) : nil
    }

    /// The rowid of the last successful INSERT on this connection.
    var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Whether the connection is inside a transaction (BEGIN without COMMIT/ROLLBACK yet).
    var isInTransaction: Bool { handle.map { sqlite3_get_autocommit($0) == 0 } ?? false }

    /// SQLite's current error for this connection as a `StoreError`.
    func error(code: Int32, sql: String) -> StoreError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return .sqlite(code: code, message: message, sql: Self.excerpt(sql))
    }

    /// The first words of `sql`, on one line, to name a statement in an error message.
    static func excerpt(_ sql: String) -> String {
        let words = sql.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" })
        let line = words.joined(separator: " ")
        return line.count <= 80 ? line : String(line.prefix(77)) + "..."
    }

    /// Whether `code` (an extended result code) reports a UNIQUE or PRIMARY KEY violation.
    /// (The C macros are `SQLITE_CONSTRAINT | (n << 8)`, which Swift does not import.)
    static func isUniqueViolation(_ code: Int32) -> Bool {
        let unique = SQLITE_CONSTRAINT | (8 << 8), primaryKey = SQLITE_CONSTRAINT | (6 << 8)
        return code == unique || code == primaryKey
    }

    private func open() throws(StoreError) -> OpaquePointer {
        guard let handle else { throw .closed }
        return handle
    }
}
