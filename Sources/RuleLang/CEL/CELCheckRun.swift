/// One type-checking pass over one expression: the mutable state (type parameter
/// bindings, scopes of macro variables, the diagnostics so far) and the walk over the
/// AST, node kind by node kind, as cel-go's `checker.check`. Names and field selection
/// are in `CELCheckRun+Names.swift`, calls in `CELCheckRun+Calls.swift`, macros in
/// `CELCheckRun+Macros.swift`.
struct CELCheckRun {
    let environment: CELEnvironment
    var substitution = CELTypeSubstitution()
    var types: [Int: CELType] = [:]
    var overloads: [Int: [String]] = [:]
    var diagnostics = DiagnosticBag()
    /// Variables introduced by macros (`s` in `slots.all(s, ...)`, the accumulator),
    /// innermost last.
    var scopes: [[String: CELType]] = []
    /// User-written macro conditions (by expression id), so a non-bool condition is
    /// reported as "the condition of all() ..." rather than as the expansion's `&&`.
    var macroConditions: [Int: String] = [:]
    private var freshCount = 0
    private var depth = 0
    private var reportedTooDeep = false

    /// Guards the stack against hand-built ASTs deeper than any parser output.
    static let maxDepth = 500

    init(environment: CELEnvironment) {
        self.environment = environment
        // Build the shared tables now, at a shallow stack depth, rather than on first use
        // at the bottom of a deeply nested expression.
        _ = CELStandardDeclarations.functions.count
        _ = Self.typeNames.count
    }

    /// Identifiers that name types (`type(1) == int`), with the type of the type value.
    static let typeNames: [String: CELType] = [
        "int": .type(.int), "uint": .type(.uint), "double": .type(.double), "bool": .type(.bool),
        "string": .type(.string), "bytes": .type(.bytes), "null_type": .type(.null),
        "list": .type(.list(.dyn)), "map": .type(.map(key: .dyn, value: .dyn)), "type": .type(.type(nil)),
        "dyn": .type(.dyn),
        "google.protobuf.Timestamp": .type(.timestamp), "google.protobuf.Duration": .type(.duration),
    ]

    // MARK: - Helpers

    mutating func error(_ message: String, at range: SourceRange, help: String? = nil, notes: [String] = []) {
        diagnostics.append(.error(message, at: range, help: help, notes: notes))
    }

    /// A suffix that makes an overload's type parameters distinct from all others so far.
    mutating func freshSuffix() -> String {
        freshCount += 1
        return "#\(freshCount)"
    }

    /// The type with the bindings found so far applied.
    func resolved(_ type: CELType) -> CELType { substitution.substitute(type) }

    mutating func isAssignable(_ target: CELType, from source: CELType) -> Bool {
        CELTypeUnification.isAssignable(target, from: source, in: &substitution)
    }

    // MARK: - The walk

    /// Checks `expr`, records its type and returns it.
    @discardableResult
    mutating func check(_ expr: CELExpr) -> CELType {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            reportTooDeep(expr)
            return .error
        }
        let type = checkKind(expr)
        types[expr.id] = type
        return type
    }

    private mutating func reportTooDeep(_ expr: CELExpr) {
        if !reportedTooDeep {
            reportedTooDeep = true
            error("this expression is nested too deeply to check", at: expr.range, help: "split it into simpler parts")
        }
        types[expr.id] = .error
    }

    private mutating func checkKind(_ expr: CELExpr) -> CELType {
        // Dispatch on the case alone; each checker unpacks its own case. Binding the
        // payloads here would give this frame, which every nesting level pays for, room
        // for all of them.
        switch expr.kind {
        case .constant: return checkConstant(expr)
        case .identifier: return checkIdentifier(expr)
        case .select: return checkSelect(expr)
        case .call: return checkCall(expr)
        case .list: return checkList(expr)
        case .map: return checkMap(expr)
        case .structure: return reportStructure(expr)
        case .comprehension: return checkComprehension(expr)
        }
    }

    private mutating func reportStructure(_ expr: CELExpr) -> CELType {
        guard case .structure(let typeName, _) = expr.kind else { return .error }
        error("message construction is not supported in SpeedAI rules", at: expr.range,
              notes: ["'\(typeName){...}' builds a protobuf message; rules work with entry, slot and plain values"])
        return .error
    }

    private func checkConstant(_ expr: CELExpr) -> CELType {
        guard case .constant(let constant) = expr.kind else { return .error }
        return Self.type(of: constant)
    }

    static func type(of constant: CELConstant) -> CELType {
        switch constant {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        }
    }

    // MARK: Literals

    private mutating func checkList(_ expr: CELExpr) -> CELType {
        guard case .list(let elements) = expr.kind else { return .error }
        var elementType: CELType?
        for element in elements {
            let type = check(element)
            elementType = CELTypeUnification.join(elementType, type, in: &substitution)
        }
        return .list(elementType ?? .parameter("elem" + freshSuffix()))
    }

    private mutating func checkMap(_ expr: CELExpr) -> CELType {
        guard case .map(let entries) = expr.kind else { return .error }
        var keyType: CELType?
        var valueType: CELType?
        for entry in entries {
            let key = check(entry.key)
            switch resolved(key) {
            case .int, .uint, .bool, .string, .dyn, .error, .parameter: break
            default:
                error("a map key must be an int, uint, bool or string, but this is \(resolved(key).phrase)", at: entry.key.range)
            }
            keyType = CELTypeUnification.join(keyType, key, in: &substitution)
            valueType = CELTypeUnification.join(valueType, check(entry.value), in: &substitution)
        }
        let suffix = freshSuffix()
        return .map(key: keyType ?? .parameter("key" + suffix), value: valueType ?? .parameter("value" + suffix))
    }
}
