/// One type-checking pass over one expression: the mutable state (type parameter
/// bindings, scopes of macro variables, the diagnostics so far) and the walk over the
/// AST, node kind by node kind, as cel-go's `checker.check`. Calls are in
/// `CELCheckRun+Calls.swift`.
struct CELCheckRun {
    let environment: CELEnvironment
    var substitution = CELTypeSubstitution()
    var types: [Int: CELType] = [:]
    var overloads: [Int: [String]] = [:]
    var diagnostics = DiagnosticBag()
    /// Variables introduced by macros (`s` in `slots.all(s, ...)`, the accumulator),
    /// innermost last.
    private var scopes: [[String: CELType]] = []
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

    // MARK: Names

    /// Names a person could have meant: variables and macro variables in scope.
    private var visibleNames: [String] {
        let scoped = scopes.flatMap { $0.keys }
        return (Array(environment.variables.keys) + scoped).filter { !$0.hasPrefix("@") }
    }

    /// The type of a name without reporting anything; nil when unknown.
    private func lookUp(_ name: String) -> CELType? {
        if name.hasPrefix(".") {
            // A leading dot skips macro variables: the root scope only.
            let rootName = String(name.dropFirst())
            return environment.variables[rootName] ?? Self.typeNames[rootName]
        }
        for scope in scopes.reversed() {
            if let type = scope[name] { return type }
        }
        return environment.variables[name] ?? Self.typeNames[name]
    }

    /// `entry.visits` when someone wrote just `visits`: a record variable's field of that
    /// name (or a close one).
    private func qualifiedFieldSuggestion(for name: String) -> String? {
        var qualified: [String] = []
        for (variable, type) in environment.variables.sorted(by: { $0.key < $1.key }) {
            guard case .object(let typeName) = type, let object = environment.objectTypes[typeName] else { continue }
            if let field = Suggestions.closest(to: name, among: object.fields.map(\.name)) {
                qualified.append("\(variable).\(field)")
            }
        }
        return qualified.first.map { "did you mean '\($0)'?" }
    }

    private mutating func checkIdentifier(_ expr: CELExpr) -> CELType {
        guard case .identifier(let name) = expr.kind else { return .error }
        if let type = lookUp(name) { return type }
        let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
        let candidates = visibleNames
        let help = celSuggestion(for: bare, among: candidates) ?? qualifiedFieldSuggestion(for: bare)
        var notes: [String] = []
        if help == nil, !candidates.isEmpty, candidates.count <= 20 {
            notes.append("the names available here are \(celJoinedForPeople(Set(candidates).sorted()))")
        }
        if CELStandardDeclarations.functions[bare] != nil {
            notes.append("'\(bare)' is a function; call it with parentheses, like \(bare)(...)")
        }
        error("unknown name '\(bare)'", at: expr.range, help: help, notes: notes)
        return .error
    }

    // MARK: Field selection

    /// The type of a dotted name declared as one name, such as `google.protobuf.Timestamp`
    /// (its first part being no variable).
    private func declaredDottedName(_ expr: CELExpr) -> CELType? {
        guard case .select(_, _, false) = expr.kind, let name = qualifiedName(of: expr), let root = name.split(separator: ".").first,
              lookUp(String(root)) == nil else { return nil }
        return lookUp(name)
    }

    /// `a.b.c` as a dotted name, when the expression is only identifiers and selections,
    /// and short enough to be a declared name (long chains are field accesses).
    private func qualifiedName(of expr: CELExpr) -> String? {
        var fields: [String] = []
        var current = expr
        while fields.count < 8 {
            switch current.kind {
            case .identifier(let name):
                return ([name] + fields.reversed()).joined(separator: ".")
            case .select(let operand, let field, false):
                fields.append(field)
                current = operand
            default:
                return nil
            }
        }
        return nil
    }

    /// On the recursion path, so it only checks the operand; `selectField` does the rest.
    private mutating func checkSelect(_ expr: CELExpr) -> CELType {
        guard case .select(let operand, _, _) = expr.kind else { return .error }
        if let type = declaredDottedName(expr) { return type }
        let operandType = check(operand)
        return selectField(of: operandType, in: expr)
    }

    private mutating func selectField(of checkedOperandType: CELType, in expr: CELExpr) -> CELType {
        guard case .select(let operand, let field, let testOnly) = expr.kind else { return .error }
        let fieldType = fieldType(field, of: resolved(checkedOperandType), in: expr, operand: operand)
        return testOnly ? (fieldType == .error ? .error : .bool) : fieldType
    }

    private mutating func fieldType(_ field: String, of operandType: CELType, in expr: CELExpr, operand: CELExpr) -> CELType {
        // The field name ends a plain selection; in `has(x.f)` it follows the operand's dot.
        let fieldRange: SourceRange
        if case .select(_, _, true) = expr.kind {
            let start = min(operand.range.end + 1, expr.range.end)
            fieldRange = SourceRange(start: start, end: min(start + field.utf8.count, expr.range.end))
        } else {
            fieldRange = SourceRange(start: max(operand.range.end, expr.range.end - field.utf8.count), end: expr.range.end)
        }
        switch operandType {
        case .dyn, .error:
            return operandType
        case .parameter:
            _ = isAssignable(.dyn, from: operandType)
            return .dyn
        case .object(let name):
            guard let object = environment.objectTypes[name] else { return .dyn }
            if let index = object.fieldIndex(field) { return object.fields[index].type }
            let names = object.fields.map(\.name)
            let help = celSuggestion(for: field, among: names)
            let notes = help == nil ? ["'\(name)' has these fields: \(names.joined(separator: ", "))"] : []
            error("'\(name)' has no field '\(field)'", at: fieldRange, help: help, notes: notes)
            return .error
        case .map(let key, let value):
            switch resolved(key) {
            case .string, .dyn, .error, .parameter:
                return value
            default:
                error("this map's keys are \(resolved(key).friendlyName), so '.\(field)' cannot look one up", at: fieldRange,
                      help: "index the map instead, like m[key]")
                return .error
            }
        case .timestamp, .duration:
            let methods = CELStandardDeclarations.functions.values
                .filter { $0.overloads.contains { $0.isReceiver && $0.parameters.first == operandType } }
                .map(\.name)
            let asMethod = "get" + field.prefix(1).uppercased() + field.dropFirst()
            let help = Suggestions.closest(to: asMethod, among: methods).map { "did you mean '.\($0)()'?" }
            error("\(operandType.phrase) has no fields; did you mean to call a method like .getHours()?", at: fieldRange, help: help)
            return .error
        default:
            error("\(operandType.phrase) has no fields, so '.\(field)' cannot be read", at: fieldRange)
            return .error
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

    // MARK: Macros

    /// The condition the user wrote in a macro, found in the parser's expansion.
    private func userCondition(of comprehension: CELComprehension) -> CELExpr? {
        guard case .call(let function, nil, let args) = comprehension.loopStep.kind else { return nil }
        switch (comprehension.macro, function) {
        case ("all", CELOperator.logicalAnd), ("exists", CELOperator.logicalOr):
            return args.count == 2 ? args[1] : nil
        case ("exists_one", CELOperator.conditional), ("filter", CELOperator.conditional), ("map", CELOperator.conditional):
            return args.count == 3 ? args[0] : nil
        default:
            return nil
        }
    }

    /// On the recursion path: checks the parts, leaving the judging to helpers so the
    /// frame stays small.
    private mutating func checkComprehension(_ expr: CELExpr) -> CELType {
        guard case .comprehension(let comprehension) = expr.kind else { return .error }
        let rangeType = resolved(check(comprehension.iterRange))
        let accuType = check(comprehension.accuInit)
        let variableType = iterationVariableType(rangeType, comprehension)
        if let condition = userCondition(of: comprehension) { macroConditions[condition.id] = comprehension.macro }
        scopes.append([comprehension.accuVar: accuType])
        scopes.append([comprehension.iterVar: variableType])
        let loopCondition = check(comprehension.loopCondition)
        expectLoopCondition(loopCondition, comprehension)
        let step = check(comprehension.loopStep)
        expectStep(step, accumulator: accuType, comprehension)
        scopes.removeLast()
        let result = check(comprehension.result)
        scopes.removeLast()
        return resolved(result)
    }

    /// `s` in `slots.all(s, ...)`: a list's element type, a map's key type.
    private mutating func iterationVariableType(_ rangeType: CELType, _ comprehension: CELComprehension) -> CELType {
        switch rangeType {
        case .list(let element): return element
        case .map(let key, _): return key
        case .dyn, .error, .parameter:
            _ = isAssignable(.dyn, from: rangeType)
            return .dyn
        default:
            error("\(comprehension.macro)() goes through a list or a map, but this is \(rangeType.phrase)",
                  at: comprehension.iterRange.range)
            return .error
        }
    }

    private mutating func expectLoopCondition(_ type: CELType, _ comprehension: CELComprehension) {
        if isAssignable(.bool, from: type) { return }
        error("the loop condition of \(comprehension.macro)() must be true or false, but gives \(resolved(type).friendlyName)",
              at: comprehension.loopCondition.range)
    }

    private mutating func expectStep(_ step: CELType, accumulator: CELType, _ comprehension: CELComprehension) {
        if isAssignable(accumulator, from: step) { return }
        error("\(comprehension.macro)() cannot combine \(resolved(step).phrase) with its result so far, \(resolved(accumulator).phrase)",
              at: comprehension.loopStep.range)
    }
}
