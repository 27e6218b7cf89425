/// The run-time values of CEL: one flat enum, so evaluating an expression never boxes a
/// value in an existential and a `switch` reaches every case directly. Lists and strings use
/// Swift's copy-on-write storage; maps, timestamps, durations and engine records have their
/// own small types (`CELMap`, `CELTimestamp`, `CELDuration`, `CELObject`).
///
/// The cases holding no reference (bool to duration) are declared first: Swift numbers
/// the cases in declaration order, and copying or destroying a value then tests the
/// tag against one bound for all of them instead of jumping through a table, which
/// matters because the evaluator copies values at every node.
public enum Value: Sendable {
    /// `null`.
    case null
    /// `true`, `false`.
    case bool(Bool)
    /// A signed 64-bit integer; arithmetic that overflows is an error.
    case int(Int64)
    /// An unsigned 64-bit integer (`42u`).
    case uint(UInt64)
    /// An IEEE double.
    case double(Double)
    /// An instant (`google.protobuf.Timestamp`).
    case timestamp(CELTimestamp)
    /// A signed span of time (`google.protobuf.Duration`).
    case duration(CELDuration)
    /// Text, compared by code points.
    case string(String)
    /// Raw bytes (`b'...'`).
    case bytes([UInt8])
    /// A list of any values.
    case list([Value])
    /// A map with int, uint, bool or string keys.
    case map(CELMap)
    /// A type as a value: what `type(x)` returns and what the identifiers `int`, `string`,
    /// ... evaluate to.
    case type(CELType)
    /// An engine record (`Entry`, `Slot`).
    case object(CELObject)
}

extension Value {
    /// The kind's name as an establishment admin reads it in an error message
    /// ("timestamp" rather than "google.protobuf.Timestamp").
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .list: return "list"
        case .map: return "map"
        case .timestamp: return "timestamp"
        case .duration: return "duration"
        case .type: return "type"
        case .object(let object): return object.type.name
        }
    }

    /// The kind with an article, for sentences: "an int", "a string", "null", "an Entry".
    public var kindWithArticle: String {
        switch self {
        case .null: return "null"
        case .bytes: return "bytes"
        case .int: return "an int"
        case .uint: return "a uint"
        default:
            let name = kindName
            return ("aeiouAEIOU".contains(name.first ?? "x") ? "an " : "a ") + name
        }
    }

    /// The value's type as `type(x)` returns it. Containers are reported without element
    /// types (`list`, `map`), as the spec's run-time type values are.
    public var runtimeType: CELType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list(.dyn)
        case .map: return .map(key: .dyn, value: .dyn)
        case .timestamp: return .timestamp
        case .duration: return .duration
        case .type: return .type(nil)
        case .object(let object): return .object(object.type.name)
        }
    }

    /// The name of a type value at run time: `int`, `list`, `map`, `type`,
    /// `google.protobuf.Timestamp`, `Entry`. Element types play no part (`list(int)` and
    /// `list(string)` are both `list`), matching the spec's `type()` results.
    static func runtimeName(of type: CELType) -> String {
        switch type {
        case .list: return "list"
        case .map: return "map"
        case .type: return "type"
        default: return type.description
        }
    }

    /// The type values the identifiers `int`, `uint`, ... evaluate to, by name.
    static let typeIdentifiers: [String: CELType] = [
        "null_type": .null, "bool": .bool, "int": .int, "uint": .uint, "double": .double,
        "string": .string, "bytes": .bytes, "list": .list(.dyn), "map": .map(key: .dyn, value: .dyn),
        "type": .type(nil), "dyn": .dyn,
        "google.protobuf.Timestamp": .timestamp, "google.protobuf.Duration": .duration,
    ]

    /// The Swift `Bool` when the value is a bool.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }
}

extension Value: CustomStringConvertible {
    /// The value in CEL literal syntax (see `celDescription`).
    public var description: String { celDescription }
}
