/// Checking names and field selection: variables, macro variables and type names
/// (`int`, `google.protobuf.Timestamp`); fields of the engine's records (`entry.visits`),
/// of string-keyed maps, and of `dyn` values. Unknown names and fields get a "did you
/// mean" from the names actually available, including `entry.visits` for a bare `visits`.
extension CELCheckRun {
    /// Names a person could have meant: variables and macro variables in scope, sorted so
    /// suggestions do not depend on dictionary order.
    private var visibleNames: [String] {
        let scoped = scopes.flatMap { $0.keys }
        return Set(Array(environment.variables.keys) + scoped).filter { !$0.hasPrefix("@") }.sorted()
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

    mutating func checkIdentifier(_ expr: CELExpr) -> CELType {
        guard case .identifier(let name) = expr.kind else { return .error }
        if let type = lookUp(name) { return type }
        let bare = name.hasPrefix(".") ? String(name.dropFirst()) : name
        let candidates = visibleNames
        let help = celSuggestion(for: bare, among: candidates) ?? qualifiedFieldSuggestion(for: bare)
        var notes: [String] = []
        if help == nil, !candidates.isEmpty, candidates.count <= 20 {
            notes.append("the names available here are \(celJoinedForPeople(candidates))")
        }
        if CELStandardDeclarations.functions[bare] != nil {
            notes.append("'\(bare)' is a function; call it with parentheses, like \(bare)(...)")
        }
        error("unknown name '\(bare)'", at: expr.range, help: help, notes: notes)
        return .error
    }

    // MARK: - Field selection

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
    mutating func checkSelect(_ expr: CELExpr) -> CELType {
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
                .map(\.name).sorted()
            let asMethod = "get" + field.prefix(1).uppercased() + field.dropFirst()
            let help = Suggestions.closest(to: asMethod, among: methods).map { "did you mean '.\($0)()'?" }
            error("\(operandType.phrase) has no fields; did you mean to call a method like .getHours()?", at: fieldRange, help: help)
            return .error
        default:
            error("\(operandType.phrase) has no fields, so '.\(field)' cannot be read", at: fieldRange)
            return .error
        }
    }
}
