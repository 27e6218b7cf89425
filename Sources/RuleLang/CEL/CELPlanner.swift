/// Turns a parsed `CELExpr` into the evaluator's node tree, doing every lookup that does
/// not depend on the variables' values once, up front (cel-go's "plan once, evaluate
/// many"):
/// - names resolve to activation slots, comprehension locals or type values; an
///   undeclared name becomes a node that fails only if evaluated;
/// - `record.field` on a variable of a declared record type becomes an array index;
/// - calls bind to their implementation; constant regular expressions and time zones are
///   compiled or looked up here;
/// - constant sub-expressions are evaluated; one that fails becomes a failing node, so the
///   error is still a run-time error (`1/0 || true` is true);
/// - `map`/`filter` steps that append to the accumulator become in-place appends.
struct CELPlanner {
    let environment: CELEnvironment
    /// Declared variables by name.
    let slots: [String: Int]
    /// Comprehension variables in scope, innermost last.
    private var scopes: [(name: String, slot: Int)] = []
    /// The accumulator of the innermost comprehension being planned.
    private var accumulators: [(name: String, slot: Int)] = []
    /// Comprehension locals allocated so far.
    private(set) var localCount = 0

    /// The deepest expression tree planned. The parser limits bracket nesting, but a
    /// chain like `a + a + a + ...` grows the tree one level per operator; planning and
    /// evaluation recurse, so a bound keeps them off the end of the stack.
    static let maxDepth = 250

    /// Fails when `expr` is deeper than `maxDepth`, measured without recursion.
    static func checkDepth(_ expr: CELExpr) throws(CELEvalError) {
        var pending: [(expr: CELExpr, depth: Int)] = [(expr, 1)]
        while let (current, depth) = pending.popLast() {
            guard depth <= maxDepth else {
                throw CELEvalError("this expression is too deeply nested (more than \(maxDepth) levels); use a list and 'in', or split it",
                                   at: current.range)
            }
            for child in current.children { pending.append((child, depth + 1)) }
        }
    }

    init(environment: CELEnvironment, slots: [String: Int]) {
        self.environment = environment
        self.slots = slots
    }

    /// A new comprehension local (iteration variable, accumulator or loop-invariant cache).
    mutating func allocateLocal() -> Int {
        localCount += 1
        return localCount - 1
    }

    mutating func plan(_ expr: CELExpr) throws(CELEvalError) -> CELNode {
        switch expr.kind {
        case .constant(let constant):
            return CELNode(.constant(Value(constant)), expr.range)
        case .identifier(let name):
            return resolve(name, expr.range)
        case .select(let operand, let field, let testOnly):
            return try planSelect(expr, operand: operand, field: field, testOnly: testOnly)
        case .call(let function, let target, let args):
            return try planCall(expr, function: function, target: target, args: args)
        case .list(let elements):
            var nodes: [CELNode] = []
            for element in elements { nodes.append(try plan(element)) }
            return fold(CELNode(.list(nodes), expr.range))
        case .map(let entries):
            var keys: [CELNode] = []
            var values: [CELNode] = []
            for entry in entries {
                keys.append(try plan(entry.key))
                values.append(try plan(entry.value))
            }
            return fold(CELNode(.map(keys: keys, values: values), expr.range))
        case .structure(let typeName, _):
            throw CELEvalError("creating a '\(typeName)' value with '\(typeName){...}' is not supported here; "
                + "build the value from maps and lists instead", at: expr.range)
        case .comprehension(let comprehension):
            return try planComprehension(comprehension, expr.range)
        }
    }

    // MARK: - Names

    private func resolve(_ name: String, _ range: SourceRange) -> CELNode {
        if !name.hasPrefix("."), let local = scopes.last(where: { $0.name == name }) {
            return CELNode(.local(local.slot), range)
        }
        let global = name.hasPrefix(".") ? String(name.dropFirst()) : name
        if let resolved = resolveGlobal(global, range) { return resolved }
        var message = "undeclared variable '\(global)'"
        let candidates = Array(slots.keys) + scopes.map(\.name).filter { !$0.hasPrefix("@") }
        if let suggestion = Suggestions.closest(to: global, among: candidates) {
            message += " (did you mean '\(suggestion)'?)"
        }
        return CELNode(.failure(CELEvalError(message, at: range)), range)
    }

    /// A declared variable or a type name (`int`, `google.protobuf.Timestamp`, `Entry`).
    private func resolveGlobal(_ name: String, _ range: SourceRange) -> CELNode? {
        if let slot = slots[name] { return CELNode(.variable(slot: slot, name: name), range) }
        if let type = Value.typeIdentifiers[name] { return CELNode(.constant(.type(type)), range) }
        if environment.objectTypes[name] != nil { return CELNode(.constant(.type(.object(name))), range) }
        return nil
    }

    /// `a.b.c` as one dotted name when it is only identifiers and selections and its first
    /// name is not a comprehension variable (those shadow declared names).
    private func qualifiedName(_ expr: CELExpr) -> String? {
        switch expr.kind {
        case .identifier(let name):
            if !name.hasPrefix("."), scopes.contains(where: { $0.name == name }) { return nil }
            return name.hasPrefix(".") ? String(name.dropFirst()) : name
        case .select(let operand, let field, false):
            return qualifiedName(operand).map { "\($0).\(field)" }
        default:
            return nil
        }
    }

    /// The record type of an expression, when the environment tells it without running it.
    private func staticObjectType(_ expr: CELExpr) -> CELObjectType? {
        if let name = qualifiedName(expr), let type = environment.variables[name] {
            if case .object(let typeName) = type { return environment.objectTypes[typeName] }
            return nil
        }
        guard case .select(let operand, let field, false) = expr.kind,
              let parent = staticObjectType(operand),
              let declared = parent.fields.first(where: { $0.name == field }),
              case .object(let typeName) = declared.type else { return nil }
        return environment.objectTypes[typeName]
    }

    // MARK: - Field selection

    private mutating func planSelect(_ expr: CELExpr, operand: CELExpr, field: String, testOnly: Bool) throws(CELEvalError) -> CELNode {
        if !testOnly, let name = qualifiedName(expr), let resolved = resolveGlobal(name, expr.range) {
            return resolved
        }
        let operandNode = try plan(operand)
        if let type = staticObjectType(operand) {
            guard let index = type.fieldIndex(field) else {
                var message = "\(type.name) has no field '\(field)'"
                if let suggestion = Suggestions.closest(to: field, among: type.fields.map(\.name)) {
                    message += "; did you mean '\(suggestion)'?"
                }
                throw CELEvalError(message, at: expr.range)
            }
            if !testOnly {
                if case .variable(let slot, let variable) = operandNode.kind {
                    return CELNode(.variableField(slot: slot, variable: variable, typeName: type.name, index: index, name: field), expr.range)
                }
                return CELNode(.field(operandNode, typeName: type.name, index: index, name: field), expr.range)
            }
        }
        let kind: CELNode.Kind = testOnly ? .has(operandNode, field: field) : .select(operandNode, field: field)
        return fold(CELNode(kind, expr.range))
    }

    // MARK: - Calls

    private mutating func planCall(_ expr: CELExpr, function: String, target: CELExpr?, args: [CELExpr]) throws(CELEvalError) -> CELNode {
        let range = expr.range
        if target == nil {
            switch (function, args.count) {
            case (CELOperator.logicalAnd, 2):
                return foldLogical(CELNode(.and(try plan(args[0]), try plan(args[1])), range), absorbing: false)
            case (CELOperator.logicalOr, 2):
                return foldLogical(CELNode(.or(try plan(args[0]), try plan(args[1])), range), absorbing: true)
            case (CELOperator.conditional, 3):
                let condition = try plan(args[0])
                let whenTrue = try plan(args[1])
                let whenFalse = try plan(args[2])
                if case .constant(.bool(let flag)) = condition.kind { return flag ? whenTrue : whenFalse }
                return fold(CELNode(.conditional(condition, whenTrue, whenFalse), range))
            case (CELOperator.logicalNot, 1):
                return fold(CELNode(.not(try plan(args[0])), range))
            case (CELOperator.notStrictlyFalse, 1):
                return fold(CELNode(.notStrictlyFalse(try plan(args[0])), range))
            case (CELOperator.add, 2):
                if let append = try planAppend(args, range) { return append }
            default:
                break
            }
        }

        var nodes: [CELNode] = []
        if let target { nodes.append(try plan(target)) }
        for arg in args { nodes.append(try plan(arg)) }

        let binding: CELFunctionBinding
        if target != nil {
            binding = specializedMethod(function, nodes) ?? CELStandardLibrary.method(function, arity: args.count)
                ?? unknownMethod(function)
        } else {
            binding = specializedGlobal(function, nodes) ?? CELStandardLibrary.global(function, arity: args.count)
                ?? unknownFunction(function)
        }
        let node: CELNode
        switch binding {
        case .unary(let implementation) where nodes.count == 1:
            node = CELNode(.unary(nodes[0], implementation), range)
        case .binary(let implementation) where nodes.count == 2:
            if target == nil, let inline = CELInlineOperator(function: function) {
                node = CELNode(.inlineBinary(nodes[0], nodes[1], inline, implementation), range)
            } else {
                node = CELNode(.binary(nodes[0], nodes[1], implementation), range)
            }
        case .variadic(let implementation):
            node = CELNode(.variadic(nodes, implementation), range)
        default:
            node = CELNode(.variadic(nodes, unknownFunctionImplementation(function, method: target != nil)), range)
        }
        return fold(node)
    }

    /// `@result + [e]` inside a comprehension step, where `@result` is that
    /// comprehension's accumulator.
    private mutating func planAppend(_ args: [CELExpr], _ range: SourceRange) throws(CELEvalError) -> CELNode? {
        guard let accumulator = accumulators.last,
              case .identifier(let name) = args[0].kind, name == accumulator.name,
              scopes.last(where: { $0.name == name })?.slot == accumulator.slot,
              case .list(let elements) = args[1].kind else { return nil }
        var nodes: [CELNode] = []
        for element in elements { nodes.append(try plan(element)) }
        return CELNode(.append(accumulator: accumulator.slot, elements: nodes), range)
    }

    private func unknownFunction(_ name: String) -> CELFunctionBinding {
        .variadic(unknownFunctionImplementation(name, method: false))
    }

    private func unknownMethod(_ name: String) -> CELFunctionBinding {
        .variadic(unknownFunctionImplementation(name, method: true))
    }

    /// Fails with "no function 'f' for (int)" once the arguments are known, with a hint
    /// when the name is close to a known one.
    private func unknownFunctionImplementation(_ name: String, method: Bool) -> CELVariadicFunction {
        let known = method ? CELStandardLibrary.methodNames : CELStandardLibrary.globalNames
        let hint = known.contains(name) ? "" : Suggestions.closest(to: name, among: known).map { " (did you mean '\($0)'?)" } ?? ""
        return { arguments throws(CELEvalError) in
            if method, let target = arguments.first {
                var error = CELEvalError.noMethod(name, on: target, Array(arguments.dropFirst()))
                error.message += hint
                throw error
            }
            var error = CELEvalError.noFunction(name, arguments)
            error.message += hint
            throw error
        }
    }

    /// `matches` with a constant pattern compiles it once.
    private func specializedGlobal(_ name: String, _ nodes: [CELNode]) -> CELFunctionBinding? {
        guard name == "matches", nodes.count == 2 else { return nil }
        return regexBinding(nodes[1])
    }

    /// `s.matches('re')` with a constant pattern, and timestamp accessors with a constant
    /// time zone, look their argument up once.
    private func specializedMethod(_ name: String, _ nodes: [CELNode]) -> CELFunctionBinding? {
        if name == "matches", nodes.count == 2 { return regexBinding(nodes[1]) }
        guard nodes.count == 2, let accessor = CELTimeAccessor.byName[name],
              case .constant(.string(let zoneName)) = nodes[1].kind,
              let zone = try? CELTimeZone.named(zoneName) else { return nil }
        return .binary { target, _ throws(CELEvalError) in try accessor.apply(target, zone: zone, name: name) }
    }

    private func regexBinding(_ patternNode: CELNode) -> CELFunctionBinding? {
        guard case .constant(.string(let pattern)) = patternNode.kind,
              let regex = try? CELRegexCache.shared.regex(pattern) else { return nil }
        return .binary { target, argument throws(CELEvalError) in
            guard case .string(let text) = target else { throw .noFunction("matches", [target, argument]) }
            return .bool(CELStrings.matches(text, regex))
        }
    }

    // MARK: - Comprehensions

    private mutating func planComprehension(_ comprehension: CELComprehension, _ range: SourceRange) throws(CELEvalError) -> CELNode {
        let iterRange = try plan(comprehension.iterRange)
        let initial = try plan(comprehension.accuInit)
        let iterSlot = allocateLocal()
        let accumulatorSlot = allocateLocal()
        scopes.append((comprehension.accuVar, accumulatorSlot))
        scopes.append((comprehension.iterVar, iterSlot))
        accumulators.append((comprehension.accuVar, accumulatorSlot))
        defer {
            scopes.removeLast(2)
            accumulators.removeLast()
        }
        var condition: CELNode? = try plan(comprehension.loopCondition)
        if case .constant(.bool(true)) = condition!.kind { condition = nil }
        var step = try plan(comprehension.loopStep)
        var cacheSlots: [Int] = []
        let loopSlots: Set = [iterSlot, accumulatorSlot]
        if let planned = condition { condition = cachingInvariants(in: planned, loopSlots: loopSlots, cacheSlots: &cacheSlots) }
        step = cachingInvariants(in: step, loopSlots: loopSlots, cacheSlots: &cacheSlots)
        // The result sees the accumulator but not the iteration variable.
        scopes.removeLast()
        let result = try plan(comprehension.result)
        scopes.append((comprehension.iterVar, iterSlot))
        let loop = CELLoop(macro: comprehension.macro, iterSlot: iterSlot, accumulatorSlot: accumulatorSlot,
                           iterRange: iterRange, initial: initial, condition: condition, step: step, result: result,
                           cacheSlots: cacheSlots)
        let node = CELNode(.comprehension(loop), range)
        guard isSelfContained(node) else { return node }
        return evaluateNow(node)
    }

    // MARK: - Constant folding

    /// Evaluates a node now when all its inputs are constants.
    private func fold(_ node: CELNode) -> CELNode {
        guard node.children.allSatisfy(\.isConstantOrFailure), node.isFoldableKind else { return node }
        return evaluateNow(node)
    }

    /// `false && x` is false and `true || x` is true whatever `x` is, even an error.
    private func foldLogical(_ node: CELNode, absorbing: Bool) -> CELNode {
        for child in node.children {
            if case .constant(.bool(let flag)) = child.kind, flag == absorbing {
                return CELNode(.constant(.bool(absorbing)), node.range)
            }
        }
        return fold(node)
    }

    private func evaluateNow(_ node: CELNode) -> CELNode {
        do {
            return CELNode(.constant(try CELFrame.evaluate(node, variables: [], localCount: localCount)), node.range)
        } catch {
            return CELNode(.failure(error.located(at: node.range)), node.range)
        }
    }

    /// True when a comprehension reads no variables and no locals other than its own (and
    /// those of comprehensions nested in it), so it can be evaluated now.
    private func isSelfContained(_ node: CELNode) -> Bool {
        var bound = Set<Int>()
        var selfContained = true
        func visit(_ node: CELNode) {
            guard selfContained else { return }
            switch node.kind {
            case .variable, .variableField: selfContained = false
            case .local(let slot): if !bound.contains(slot) { selfContained = false }
            case .append(let slot, _): if !bound.contains(slot) { selfContained = false }
            case .comprehension(let loop):
                bound.insert(loop.iterSlot)
                bound.insert(loop.accumulatorSlot)
            default: break
            }
            for child in node.children { visit(child) }
        }
        visit(node)
        return selfContained
    }
}

extension CELNode {
    /// The sub-nodes, in evaluation order.
    var children: [CELNode] {
        switch kind {
        case .constant, .failure, .variable, .variableField, .local: return []
        case .field(let operand, _, _, _), .select(let operand, _), .has(let operand, _), .not(let operand),
             .notStrictlyFalse(let operand), .unary(let operand, _), .cached(let operand, _):
            return [operand]
        case .and(let a, let b), .or(let a, let b), .binary(let a, let b, _), .inlineBinary(let a, let b, _, _): return [a, b]
        case .conditional(let a, let b, let c): return [a, b, c]
        case .variadic(let nodes, _), .list(let nodes), .append(_, let nodes): return nodes
        case .map(let keys, let values): return keys + values
        case .comprehension(let loop):
            return [loop.iterRange, loop.initial] + (loop.condition.map { [$0] } ?? []) + [loop.step, loop.result]
        }
    }

    var isConstantOrFailure: Bool {
        switch kind {
        case .constant, .failure: return true
        default: return false
        }
    }

    /// Whether the node computes a pure function of its children (so constant children
    /// make it constant).
    var isFoldableKind: Bool {
        switch kind {
        case .constant, .failure, .variable, .variableField, .local, .append, .comprehension, .cached: return false
        default: return true
        }
    }
}

extension CELExpr {
    /// The direct sub-expressions.
    var children: [CELExpr] {
        switch kind {
        case .constant, .identifier: return []
        case .select(let operand, _, _): return [operand]
        case .call(_, let target, let args): return (target.map { [$0] } ?? []) + args
        case .list(let elements): return elements
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .structure(_, let fields): return fields.map(\.value)
        case .comprehension(let c): return [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result]
        }
    }
}

extension Value {
    /// The value of a literal.
    init(_ constant: CELConstant) {
        switch constant {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .int(value)
        case .uint(let value): self = .uint(value)
        case .double(let value): self = .double(value)
        case .string(let value): self = .string(value)
        case .bytes(let value): self = .bytes(value)
        }
    }
}
