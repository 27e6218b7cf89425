/// The values a statement binds, as one enum, so a query's parameters read as a list next to
/// its SQL instead of a ladder of numbered `bind` calls.
import Runtime

/// One SQLite parameter value.
enum SQLiteValue: Sendable, Equatable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case null

    /// An `Instant` as INTEGER seconds since the epoch.
    static func instant(_ instant: Instant) -> SQLiteValue { .integer(instant.seconds) }

    /// An `Int` as INTEGER.
    static func int(_ value: Int) -> SQLiteValue { .integer(Int64(value)) }

    /// An optional text: NULL when absent.
    static func optionalText(_ value: String?) -> SQLiteValue { value.map(SQLiteValue.text) ?? .null }

    /// An optional `Int`: NULL when absent.
    static func optionalInt(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }

    /// An optional `Instant`: NULL when absent.
    static func optionalInstant(_ value: Instant?) -> SQLiteValue { value.map { .integer($0.seconds) } ?? .null }
}
