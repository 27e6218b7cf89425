/// Errors of the durable store: what went wrong, in words an operator understands.

/// A store operation that failed. Nothing of a failed `commit` is written.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database could not be opened or migrated (`path`, SQLite's message).
    case open(path: String, message: String)
    /// A unique key already exists (e.g. an idempotency key committed concurrently).
    case conflict(String)
    /// SQLite reported an error for a statement (`sql` is the statement's first words).
    case sqlite(code: Int32, message: String, sql: String)
    /// A stored value could not be decoded (corrupt or from a newer version).
    case corrupt(String)
    /// The store is closed.
    case closed

    public var description: String {
        switch self {
        case let .open(path, message): return "cannot open the database \(path): \(message)"
        case .conflict(let what): return "conflict: \(what)"
        case let .sqlite(code, message, sql): return "database error \(code) (\(message)) in \(sql)"
        case .corrupt(let what): return "corrupt stored data: \(what)"
        case .closed: return "the database is closed"
        }
    }
}
