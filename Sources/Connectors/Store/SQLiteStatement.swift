/// A prepared SQLite statement: typed binds, stepping, typed column reads. Owned by one
/// `SQLiteConnection` (which caches it) and used by one thread at a time, like its connection.
import CSQLite
import Runtime

/// Tells SQLite to copy bound text and blobs at once: Swift's buffers do not outlive the call.
/// (`SQLITE_TRANSIENT` is a C macro casting -1 to a function pointer; Swift cannot import it.)
private let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A compiled statement, reset and rebound for each use.
final class SQLiteStatement {
    /// The C handle; finalized by the owning connection.
    let handle: OpaquePointer
    /// The SQL text, for error messages.
    let sql: String
    private unowned let connection: SQLiteConnection

    init(handle: OpaquePointer, sql: String, connection: SQLiteConnection) {
        self.handle = handle
        self.sql = sql
        self.connection = connection
    }

    // MARK: Binding (parameters are numbered from 1)

    /// Binds a 64-bit integer to parameter `index`.
    func bind(_ value: Int64, at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds a double to parameter `index`.
    func bind(_ value: Double, at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_double(handle, index, value))
    }

    /// Binds UTF-8 text to parameter `index` (SQLite copies it; embedded NULs are kept).
    func bind(_ value: String, at index: Int32) throws(StoreError) {
        var text = value
        let status = text.withUTF8 { utf8 -> Int32 in
            guard utf8.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
            // An empty buffer may have no address; a nil pointer would bind NULL, not "".
            guard let base = utf8.baseAddress, !utf8.isEmpty else {
                return sqlite3_bind_text(handle, index, "", 0, transientDestructor)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: utf8.count) {
                sqlite3_bind_text(handle, index, $0, Int32(utf8.count), transientDestructor)
            }
        }
        try check(status)
    }

    /// Binds a blob to parameter `index` (SQLite copies it).
    func bind(_ value: [UInt8], at index: Int32) throws(StoreError) {
        let status = value.withUnsafeBytes { bytes -> Int32 in
            guard bytes.count <= Int(Int32.max) else { return SQLITE_TOOBIG }
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return sqlite3_bind_zeroblob(handle, index, 0) }
            return sqlite3_bind_blob(handle, index, base, Int32(bytes.count), transientDestructor)
        }
        try check(status)
    }

    /// Binds NULL to parameter `index`.
    func bindNull(at index: Int32) throws(StoreError) {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Binds `value` to parameter `index`.
    func bind(_ value: SQLiteValue, at index: Int32) throws(StoreError) {
        switch value {
        case .integer(let number): try bind(number, at: index)
        case .real(let number): try bind(number, at: index)
        case .text(let text): try bind(text, at: index)
        case .blob(let bytes): try bind(bytes, at: index)
        case .null: try bindNull(at: index)
        }
    }

    /// Binds `values` to parameters 1, 2, ... in order; the count must match the SQL's.
    func bind(_ values: [SQLiteValue]) throws(StoreError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw .sqlite(code: SQLITE_RANGE, message: "\(values.count) values for \(expected) parameters",
                          sql: SQLiteConnection.excerpt(sql))
        }
        for (offset, value) in values.enumerated() { try bind(value, at: Int32(offset + 1)) }
    }

    // MARK: Running

    /// Runs the statement one step: true when a row is available, false when done.
    func step() throws(StoreError) -> Bool {
        let status = sqlite3_step(handle)
        switch status {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(code: status, sql: sql)
        }
    }

    /// Makes the statement ready to run again and forgets its bindings. Resetting also ends
    /// the implicit read transaction a half-read SELECT holds (which would pin the WAL).
    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns (numbered from 0)

    /// Whether column `index` of the current row is NULL.
    func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Column `index` as a 64-bit integer (0 for NULL).
    func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as an `Int`.
    func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

    /// Column `index` as a double.
    func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// Column `index` as an `Instant` (INTEGER seconds).
    func instant(_ index: Int32) -> Instant { Instant(seconds: sqlite3_column_int64(handle, index)) }

    /// Column `index` as text ("" for NULL).
    func text(_ index: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, index) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// Column `index` as a blob ([] for NULL).
    func blob(_ index: Int32) -> [UInt8] {
        guard let bytes = sqlite3_column_blob(handle, index) else { return [] }
        let count = Int(sqlite3_column_bytes(handle, index))
        return Array(UnsafeRawBufferPointer(start: bytes, count: count))
    }

    /// Column `index` as text, nil for NULL.
    func optionalText(_ index: Int32) -> String? { isNull(index) ? nil : text(index) }

    /// Column `index` as an `Int`, nil for NULL.
    func optionalInt(_ index: Int32) -> Int? { isNull(index) ? nil : int(index) }

    /// Column `index` as an `Instant`, nil for NULL.
    func optionalInstant(_ index: Int32) -> Instant? { isNull(index) ? nil : instant(index) }

    private func check(_ status: Int32) throws(StoreError) {
        if status != SQLITE_OK { throw connection.error(code: status, sql: sql) }
    }
}
