/// The CEL abstract syntax tree, in the spec's canonical form: operators are calls to
/// functions named like `_+_`, `_&&_`, `_?_:_`, `_[_]`, `!_`, `-_`, `@in`, and the macros
/// (`has`, `all`, `exists`, `exists_one`, `map`, `filter`) are already expanded into
/// `select(testOnly:)` and comprehensions by the parser, as cel-go does. Every node has a
/// parser-assigned id (the checker keys its type map on it) and a byte range in its file.
public struct CELExpr: Sendable, Hashable {
    /// Unique within one parse; the checker and planner key side tables on it.
    public var id: Int
    /// Where the expression is in its source file (byte offsets).
    public var range: SourceRange
    public var kind: Kind

    public init(id: Int, range: SourceRange, kind: Kind) {
        self.id = id
        self.range = range
        self.kind = kind
    }

    public indirect enum Kind: Sendable, Hashable {
        /// A literal: `null`, `true`, `42`, `42u`, `4.2`, `'text'`, `b'bytes'`.
        case constant(CELConstant)
        /// A variable or an unqualified name (a leading `.` is kept in the name).
        case identifier(String)
        /// `operand.field`; `testOnly` is the expansion of `has(operand.field)`.
        case select(operand: CELExpr, field: String, testOnly: Bool)
        /// A global call `f(args)`, a receiver call `target.f(args)`, or an operator.
        case call(function: String, target: CELExpr?, args: [CELExpr])
        /// `[a, b, c]`
        case list(elements: [CELExpr])
        /// `{k: v, ...}`
        case map(entries: [CELMapEntry])
        /// `Type{field: value}`: message construction. Parsed so the error is precise;
        /// protobuf messages are outside the supported subset.
        case structure(typeName: String, fields: [CELFieldInitializer])
        /// A macro expansion (`all`, `exists`, `exists_one`, `map`, `filter`).
        case comprehension(CELComprehension)
    }
}

/// A literal value as written in source.
public enum CELConstant: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
}

/// One `key: value` pair of a map literal.
public struct CELMapEntry: Sendable, Hashable {
    public var key: CELExpr
    public var value: CELExpr
    public init(key: CELExpr, value: CELExpr) { self.key = key; self.value = value }
}

/// One `field: value` pair of a message literal.
public struct CELFieldInitializer: Sendable, Hashable {
    public var field: String
    public var value: CELExpr
    public var range: SourceRange
    public init(field: String, value: CELExpr, range: SourceRange) { self.field = field; self.value = value; self.range = range }
}

/// A fold over a list (or a map's keys), the form every CEL macro expands to:
///
///     accu = accuInit
///     for iterVar in iterRange { if !loopCondition { break }; accu = loopStep }
///     return result
public struct CELComprehension: Sendable, Hashable {
    /// The macro this came from (`all`, `exists`, `exists_one`, `map`, `filter`), for messages.
    public var macro: String
    public var iterVar: String
    public var iterRange: CELExpr
    public var accuVar: String
    public var accuInit: CELExpr
    public var loopCondition: CELExpr
    public var loopStep: CELExpr
    public var result: CELExpr

    public init(macro: String, iterVar: String, iterRange: CELExpr, accuVar: String, accuInit: CELExpr,
                loopCondition: CELExpr, loopStep: CELExpr, result: CELExpr) {
        self.macro = macro
        self.iterVar = iterVar
        self.iterRange = iterRange
        self.accuVar = accuVar
        self.accuInit = accuInit
        self.loopCondition = loopCondition
        self.loopStep = loopStep
        self.result = result
    }
}

/// The canonical function names of CEL operators (as in cel-go's `operators` package).
public enum CELOperator {
    public static let conditional = "_?_:_"
    public static let logicalAnd = "_&&_"
    public static let logicalOr = "_||_"
    public static let logicalNot = "!_"
    public static let negate = "-_"
    public static let equals = "_==_"
    public static let notEquals = "_!=_"
    public static let less = "_<_"
    public static let lessEquals = "_<=_"
    public static let greater = "_>_"
    public static let greaterEquals = "_>=_"
    public static let add = "_+_"
    public static let subtract = "_-_"
    public static let multiply = "_*_"
    public static let divide = "_/_"
    public static let modulo = "_%_"
    public static let `in` = "@in"
    public static let index = "_[_]"
    /// Used by `all`/`exists` loop conditions: true unless the value is exactly `false`.
    public static let notStrictlyFalse = "@not_strictly_false"

    /// The accumulator variable of macro expansions; not a valid CEL identifier, so user
    /// variables can never shadow it.
    public static let accumulator = "@result"

    /// How an operator is written in source, for error messages ("no '+' for int and string").
    public static func displayName(_ function: String) -> String {
        switch function {
        case conditional: return "?:"
        case logicalAnd: return "&&"
        case logicalOr: return "||"
        case logicalNot: return "!"
        case negate: return "-"
        case equals: return "=="
        case notEquals: return "!="
        case less: return "<"
        case lessEquals: return "<="
        case greater: return ">"
        case greaterEquals: return ">="
        case add: return "+"
        case subtract: return "-"
        case multiply: return "*"
        case divide: return "/"
        case modulo: return "%"
        case `in`: return "in"
        case index: return "[]"
        default: return function
        }
    }
}
