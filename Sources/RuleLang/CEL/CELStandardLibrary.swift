/// The function table: which implementation a call binds to, by name, call style and
/// argument count. The planner consults it once per call site; evaluation then calls the
/// bound function directly. Implementations are plain static functions that switch on the
/// argument kinds at run time (CEL values are dynamically typed once `dyn` is involved).
typealias CELUnaryFunction = @Sendable (Value) throws(CELEvalError) -> Value
typealias CELBinaryFunction = @Sendable (Value, Value) throws(CELEvalError) -> Value
typealias CELVariadicFunction = @Sendable ([Value]) throws(CELEvalError) -> Value

/// A function implementation, by arity.
enum CELFunctionBinding: Sendable {
    case unary(CELUnaryFunction)
    case binary(CELBinaryFunction)
    case variadic(CELVariadicFunction)
}

enum CELStandardLibrary {
    /// A global function or operator called with `arity` arguments.
    static func global(_ name: String, arity: Int) -> CELFunctionBinding? {
        switch (name, arity) {
        case (CELOperator.add, 2): return .binary(CELArithmetic.add)
        case (CELOperator.subtract, 2): return .binary(CELArithmetic.subtract)
        case (CELOperator.multiply, 2): return .binary(CELArithmetic.multiply)
        case (CELOperator.divide, 2): return .binary(CELArithmetic.divide)
        case (CELOperator.modulo, 2): return .binary(CELArithmetic.modulo)
        case (CELOperator.negate, 1): return .unary(CELArithmetic.negate)
        case (CELOperator.equals, 2): return .binary(CELComparison.equals)
        case (CELOperator.notEquals, 2): return .binary(CELComparison.notEquals)
        case (CELOperator.less, 2): return .binary(CELComparison.less)
        case (CELOperator.lessEquals, 2): return .binary(CELComparison.lessOrEqual)
        case (CELOperator.greater, 2): return .binary(CELComparison.greater)
        case (CELOperator.greaterEquals, 2): return .binary(CELComparison.greaterOrEqual)
        case (CELOperator.index, 2): return .binary(CELCollections.index)
        case (CELOperator.in, 2): return .binary(CELCollections.contains)
        case ("size", 1): return .unary(CELStrings.size)
        case ("matches", 2): return .binary(CELStrings.matches)
        case ("int", 1): return .unary(CELConversions.toInt)
        case ("uint", 1): return .unary(CELConversions.toUInt)
        case ("double", 1): return .unary(CELConversions.toDouble)
        case ("string", 1): return .unary(CELConversions.toString)
        case ("bytes", 1): return .unary(CELConversions.toBytes)
        case ("bool", 1): return .unary(CELConversions.toBool)
        case ("dyn", 1): return .unary(CELConversions.dyn)
        case ("type", 1): return .unary(CELConversions.type)
        case ("timestamp", 1): return .unary(CELConversions.toTimestamp)
        case ("duration", 1): return .unary(CELConversions.toDuration)
        case ("min", 2): return .binary(CELExtensions.min)
        case ("max", 2): return .binary(CELExtensions.max)
        case ("min", 1...): return .variadic(CELExtensions.min)
        case ("max", 1...): return .variadic(CELExtensions.max)
        default: return nil
        }
    }

    /// A receiver-style call `target.name(arguments)`; `arity` counts the arguments only.
    /// The bound function takes the target first.
    static func method(_ name: String, arity: Int) -> CELFunctionBinding? {
        switch (name, arity) {
        case ("size", 0): return .unary(CELStrings.size)
        case ("contains", 1): return .binary(CELStrings.contains)
        case ("startsWith", 1): return .binary(CELStrings.startsWith)
        case ("endsWith", 1): return .binary(CELStrings.endsWith)
        case ("matches", 1): return .binary(CELStrings.matches)
        default:
            guard let accessor = CELTimeAccessor.byName[name] else { return nil }
            switch arity {
            case 0: return .unary { target throws(CELEvalError) in try accessor.apply(target, name: name) }
            case 1: return .binary { target, zone throws(CELEvalError) in try accessor.apply(target, zone: zone, name: name) }
            default: return nil
            }
        }
    }

    /// Every global function name, for "did you mean" hints.
    static let globalNames = [
        "size", "matches", "int", "uint", "double", "string", "bytes", "bool", "dyn", "type",
        "timestamp", "duration", "min", "max",
    ]

    /// Every method name, for "did you mean" hints.
    static let methodNames = ["size", "contains", "startsWith", "endsWith", "matches"] + CELTimeAccessor.byName.keys.sorted()
}
