/// The declarations of CEL's standard functions and operators that SpeedAI rules may use
/// (the subset in the cel-spec "List of Standard Definitions" that the issue asks for),
/// plus the SpeedAI extensions: `min`/`max`, and duration scaling (`duration * int`,
/// `int * duration`, `duration / int`, `duration / duration`).
///
/// The checker resolves every call against this table by argument types. Overload ids
/// follow cel-go's names (`add_int64`, `less_int64_double`, ...) so the evaluator and the
/// docs can refer to one exact signature.

/// One signature of a standard function, e.g. `_+_(timestamp, duration) -> timestamp`.
public struct CELOverloadDecl: Sendable, Hashable {
    /// A stable name for this signature, e.g. `add_timestamp_duration`.
    public let id: String
    /// True for methods called as `receiver.f(args)`; the receiver is `parameters[0]`.
    public let isReceiver: Bool
    /// Parameter types; may mention type parameters (`.parameter("A")`).
    public let parameters: [CELType]
    /// When true, the last parameter may repeat any number of times (including zero).
    public let isVariadic: Bool
    public let result: CELType

    public init(id: String, isReceiver: Bool = false, parameters: [CELType], isVariadic: Bool = false, result: CELType) {
        self.id = id
        self.isReceiver = isReceiver
        self.parameters = parameters
        self.isVariadic = isVariadic
        self.result = result
    }

    /// Whether a call with `count` arguments (the receiver included) can match.
    func accepts(argumentCount count: Int) -> Bool {
        isVariadic ? count >= parameters.count - 1 : count == parameters.count
    }

    /// The parameter types for `count` arguments, expanding a variadic tail.
    func parameterTypes(forArgumentCount count: Int) -> [CELType] {
        guard isVariadic, let last = parameters.last else { return parameters }
        let fixed = Array(parameters.dropLast())
        return fixed + Array(repeating: last, count: max(0, count - fixed.count))
    }
}

/// All overloads of one function name.
public struct CELFunctionDecl: Sendable {
    public let name: String
    public let overloads: [CELOverloadDecl]

    /// Whether the function can be called as `f(x)`.
    public var hasGlobalForm: Bool { overloads.contains { !$0.isReceiver } }
    /// Whether the function can be called as `x.f()`.
    public var hasReceiverForm: Bool { overloads.contains { $0.isReceiver } }
}

/// The standard library table.
public enum CELStandardDeclarations {
    /// Every declared function, by name (operators under their canonical names like `_+_`).
    public static let functions: [String: CELFunctionDecl] = {
        var table: [String: [CELOverloadDecl]] = [:]
        for overload in operators + conversions + strings + collections + time + extensions {
            table[overload.function, default: []].append(overload.decl)
        }
        return table.reduce(into: [:]) { result, item in
            result[item.key] = CELFunctionDecl(name: item.key, overloads: item.value)
        }
    }()

    /// Names a person can call (operators excluded), for "did you mean" suggestions.
    public static var callableNames: [String] {
        functions.keys.filter { name in name.first.map { $0.isLetter } ?? false }.sorted()
    }

    // MARK: - Building blocks

    private typealias Entry = (function: String, decl: CELOverloadDecl)

    private static let a = CELType.parameter("A")
    private static let k = CELType.parameter("K")
    private static let v = CELType.parameter("V")

    /// cel-go's spelling of each type in overload ids.
    private static func idName(_ type: CELType) -> String {
        switch type {
        case .int: return "int64"
        case .uint: return "uint64"
        case .timestamp: return "timestamp"
        case .duration: return "duration"
        default: return type.description
        }
    }

    private static func global(_ function: String, _ id: String, _ parameters: [CELType], _ result: CELType, variadic: Bool = false) -> Entry {
        (function, CELOverloadDecl(id: id, parameters: parameters, isVariadic: variadic, result: result))
    }

    private static func method(_ function: String, _ id: String, _ parameters: [CELType], _ result: CELType) -> Entry {
        (function, CELOverloadDecl(id: id, isReceiver: true, parameters: parameters, result: result))
    }

    // MARK: - Operators

    private static let numbers: [CELType] = [.int, .uint, .double]
    private static let ordered: [CELType] = [.bool, .int, .uint, .double, .string, .bytes, .timestamp, .duration]

    private static var operators: [Entry] {
        var entries: [Entry] = [
            global(CELOperator.logicalNot, "logical_not", [.bool], .bool),
            global(CELOperator.logicalAnd, "logical_and", [.bool, .bool], .bool),
            global(CELOperator.logicalOr, "logical_or", [.bool, .bool], .bool),
            global(CELOperator.notStrictlyFalse, "not_strictly_false", [.bool], .bool),
            global(CELOperator.conditional, "conditional", [.bool, a, a], a),
            global(CELOperator.negate, "negate_int64", [.int], .int),
            global(CELOperator.negate, "negate_double", [.double], .double),
            global(CELOperator.equals, "equals", [a, a], .bool),
            global(CELOperator.notEquals, "not_equals", [a, a], .bool),
            global(CELOperator.index, "index_list", [.list(a), .int], a),
            global(CELOperator.index, "index_map", [.map(key: k, value: v), k], v),
            global(CELOperator.in, "in_list", [a, .list(a)], .bool),
            global(CELOperator.in, "in_map", [k, .map(key: k, value: v)], .bool),
        ]
        let comparisons = [(CELOperator.less, "less"), (CELOperator.lessEquals, "less_equals"),
                           (CELOperator.greater, "greater"), (CELOperator.greaterEquals, "greater_equals")]
        for (function, name) in comparisons {
            for type in ordered {
                entries.append(global(function, "\(name)_\(idName(type))", [type, type], .bool))
            }
            // Numbers compare across kinds by exact value.
            for left in numbers {
                for right in numbers where right != left {
                    entries.append(global(function, "\(name)_\(idName(left))_\(idName(right))", [left, right], .bool))
                }
            }
        }
        for type in [CELType.int, .uint, .double, .string, .bytes] {
            entries.append(global(CELOperator.add, "add_\(idName(type))", [type, type], type))
        }
        entries += [
            global(CELOperator.add, "add_list", [.list(a), .list(a)], .list(a)),
            global(CELOperator.add, "add_timestamp_duration", [.timestamp, .duration], .timestamp),
            global(CELOperator.add, "add_duration_timestamp", [.duration, .timestamp], .timestamp),
            global(CELOperator.add, "add_duration_duration", [.duration, .duration], .duration),
        ]
        for type in numbers {
            entries.append(global(CELOperator.subtract, "subtract_\(idName(type))", [type, type], type))
            entries.append(global(CELOperator.multiply, "multiply_\(idName(type))", [type, type], type))
            entries.append(global(CELOperator.divide, "divide_\(idName(type))", [type, type], type))
        }
        entries += [
            global(CELOperator.subtract, "subtract_timestamp_timestamp", [.timestamp, .timestamp], .duration),
            global(CELOperator.subtract, "subtract_timestamp_duration", [.timestamp, .duration], .timestamp),
            global(CELOperator.subtract, "subtract_duration_duration", [.duration, .duration], .duration),
            global(CELOperator.modulo, "modulo_int64", [.int, .int], .int),
            global(CELOperator.modulo, "modulo_uint64", [.uint, .uint], .uint),
        ]
        return entries
    }

    // MARK: - Conversions

    private static var conversions: [Entry] {
        func conversion(_ function: String, to result: CELType, from sources: [CELType]) -> [Entry] {
            sources.map { global(function, "\(idName($0))_to_\(idName(result))", [$0], result) }
        }
        return conversion("int", to: .int, from: [.int, .uint, .double, .string, .timestamp])
            + conversion("uint", to: .uint, from: [.int, .uint, .double, .string])
            + conversion("double", to: .double, from: [.int, .uint, .double, .string])
            + conversion("string", to: .string, from: [.int, .uint, .double, .string, .bytes, .bool, .timestamp, .duration])
            + conversion("bytes", to: .bytes, from: [.string, .bytes])
            + conversion("bool", to: .bool, from: [.bool, .string])
            + conversion("timestamp", to: .timestamp, from: [.string, .int, .timestamp])
            + conversion("duration", to: .duration, from: [.string, .duration])
            + [
                global("dyn", "to_dyn", [a], .dyn),
                global("type", "type", [a], .type(a)),
            ]
    }

    // MARK: - Strings and collections

    private static var strings: [Entry] {
        [
            method("contains", "contains_string", [.string, .string], .bool),
            method("startsWith", "starts_with_string", [.string, .string], .bool),
            method("endsWith", "ends_with_string", [.string, .string], .bool),
            method("matches", "matches_string", [.string, .string], .bool),
            global("matches", "matches", [.string, .string], .bool),
        ]
    }

    private static var collections: [Entry] {
        let sized: [(CELType, String)] = [(.string, "string"), (.bytes, "bytes"), (.list(a), "list"), (.map(key: k, value: v), "map")]
        return sized.flatMap { type, name in
            [global("size", "size_\(name)", [type], .int), method("size", "\(name)_size", [type], .int)]
        }
    }

    // MARK: - Timestamps and durations

    private static var time: [Entry] {
        let timestampAccessors = [
            ("getFullYear", "year"), ("getMonth", "month"), ("getDate", "day_of_month_1_based"),
            ("getDayOfMonth", "day_of_month"), ("getDayOfWeek", "day_of_week"), ("getDayOfYear", "day_of_year"),
            ("getHours", "hours"), ("getMinutes", "minutes"), ("getSeconds", "seconds"),
            ("getMilliseconds", "milliseconds"),
        ]
        var entries: [Entry] = []
        for (function, name) in timestampAccessors {
            entries.append(method(function, "timestamp_to_\(name)", [.timestamp], .int))
            entries.append(method(function, "timestamp_to_\(name)_with_tz", [.timestamp, .string], .int))
        }
        for (function, name) in [("getHours", "hours"), ("getMinutes", "minutes"), ("getSeconds", "seconds"), ("getMilliseconds", "milliseconds")] {
            entries.append(method(function, "duration_to_\(name)", [.duration], .int))
        }
        return entries
    }

    // MARK: - SpeedAI extensions

    private static var extensions: [Entry] {
        var entries: [Entry] = [
            global(CELOperator.multiply, "multiply_duration_int64", [.duration, .int], .duration),
            global(CELOperator.multiply, "multiply_int64_duration", [.int, .duration], .duration),
            global(CELOperator.divide, "divide_duration_int64", [.duration, .int], .duration),
            global(CELOperator.divide, "divide_duration_duration", [.duration, .duration], .double),
        ]
        let kinds: [CELType] = [.int, .uint, .double, .duration, .timestamp]
        for function in ["min", "max"] {
            for type in kinds {
                entries.append(global(function, "\(function)_\(idName(type))", [type, type], type, variadic: true))
            }
            for type in kinds {
                entries.append(global(function, "\(function)_\(idName(type))_list", [.list(type)], type))
            }
        }
        return entries
    }
}
