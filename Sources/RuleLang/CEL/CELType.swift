/// CEL types as the checker sees them. `dyn` is the gradual type: anything goes and the
/// check moves to run time. Objects are the engine's own record types (`Entry`, `Slot`),
/// declared in a `CELEnvironment` with their fields; protobuf messages are not supported.
public indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    case dyn
    case null
    case bool
    case int
    case uint
    case double
    case string
    case bytes
    case timestamp
    case duration
    case list(CELType)
    case map(key: CELType, value: CELType)
    /// The type of a type value, e.g. `type(1)` has type `type(int)`; `type(nil)` is `type`.
    case type(CELType?)
    /// A record type declared in the environment, by name.
    case object(String)
    /// A type parameter in an overload signature (`A` in `list(A)`).
    case parameter(String)
    /// The result of an expression that already failed to check; absorbs further errors.
    case error

    /// The type's CEL name, as `type()` returns it and as messages show it.
    public var description: String {
        switch self {
        case .dyn: return "dyn"
        case .null: return "null_type"
        case .bool: return "bool"
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .string: return "string"
        case .bytes: return "bytes"
        case .timestamp: return "google.protobuf.Timestamp"
        case .duration: return "google.protobuf.Duration"
        case .list(let element): return "list(\(element))"
        case .map(let key, let value): return "map(\(key), \(value))"
        case .type(let inner): return inner.map { "type(\($0))" } ?? "type"
        case .object(let name): return name
        case .parameter(let name): return name
        case .error: return "*error*"
        }
    }

    /// A short name an establishment admin understands ("timestamp" rather than
    /// "google.protobuf.Timestamp"), for diagnostics.
    public var friendlyName: String {
        switch self {
        case .timestamp: return "timestamp"
        case .duration: return "duration"
        case .null: return "null"
        case .list(let element): return "list(\(element.friendlyName))"
        case .map(let key, let value): return "map(\(key.friendlyName), \(value.friendlyName))"
        default: return description
        }
    }
}

/// A record type the engine provides to expressions, e.g. `Slot` with `start`, `end`,
/// `service`, `capacity`, `free`. Field order is the runtime layout of `CELObject` values.
public struct CELObjectType: Sendable, Hashable {
    public struct Field: Sendable, Hashable {
        public var name: String
        public var type: CELType
        /// Shown in `eval --help`, in docs, and in "did you mean" hints.
        public var summary: String
        public init(_ name: String, _ type: CELType, _ summary: String = "") {
            self.name = name
            self.type = type
            self.summary = summary
        }
    }

    public var name: String
    public var fields: [Field]

    public init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
    }

    /// Index of a field in the runtime layout, or nil.
    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// What an expression may refer to: variables with their types and the record types
/// behind them. The rule checker builds one per setting (a `match` expression sees
/// `entry`, `slot` and `now`; a template sees its own variables).
public struct CELEnvironment: Sendable {
    public var variables: [String: CELType]
    public var objectTypes: [String: CELObjectType]

    public init(variables: [String: CELType] = [:], objectTypes: [CELObjectType] = []) {
        self.variables = variables
        self.objectTypes = Dictionary(objectTypes.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// A copy with one more variable.
    public func adding(variable name: String, type: CELType) -> CELEnvironment {
        var copy = self
        copy.variables[name] = type
        return copy
    }
}
