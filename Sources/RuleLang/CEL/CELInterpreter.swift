/// The evaluator: a tree of immutable `final class` nodes built once by `CELPlanner`.
/// Each node keeps its `Kind` (what the planner inspects) and, flattened into plain stored
/// properties, what evaluation needs: an operation code with no payload, child nodes, the
/// constant, the slot, the bound function. Evaluating is one `switch` on that code per
/// node, with children read from `let` properties, so the hot path does no enum payload
/// extraction (which costs a retain and a release per child). Variables are array reads by
/// slot, functions were bound at plan time, record fields were resolved to indexes, and
/// the operators rules use most run inline for the common kinds (`CELInlineOperator`).
/// Nothing here allocates except the values an expression builds (lists, maps, strings);
/// variables and comprehension locals are reached through the `CELFrame`.
final class CELNode: Sendable {
    /// The source range of the expression this node computes; errors point here.
    let range: SourceRange
    /// What the node computes, as the planner sees it.
    let kind: Kind

    // The same, flattened for evaluation.
    private let operation: Operation
    private let first: CELNode?
    private let second: CELNode?
    private let third: CELNode?
    private let operands: [CELNode]
    private let moreOperands: [CELNode]
    private let constant: Value
    private let failure: CELEvalError?
    private let slot: Int
    private let fieldIndex: Int
    private let name: String
    private let variableName: String
    private let typeName: String
    private let inlineOperator: CELInlineOperator
    private let unaryFunction: CELUnaryFunction?
    private let binaryFunction: CELBinaryFunction?
    private let variadicFunction: CELVariadicFunction?
    private let loop: CELLoop?
    // What `value` reads in place; see there.
    private let isConstant: Bool
    private let readsLocal: Bool
    private let readsVariableField: Bool
    // What `condition` runs in place.
    private let isComparison: Bool
    private let isMembership: Bool
    private let isLogical: Bool

    enum Kind: Sendable {
        /// A literal, or a sub-expression folded at plan time.
        case constant(Value)
        /// A sub-expression that is known to fail (an undeclared name, `1/0`); it only
        /// fails if evaluated, so `1/0 || true` is still true.
        case failure(CELEvalError)
        /// A variable from the activation.
        case variable(slot: Int, name: String)
        /// A comprehension variable (`x` in `all(x, ...)`, or the accumulator).
        case local(Int)
        /// `record.field` where the record's type is known: an array index.
        case field(CELNode, typeName: String, index: Int, name: String)
        /// `variable.field` where the variable is a record of a known type: the most
        /// common shape in rules (`entry.party`), read in one step.
        case variableField(slot: Int, variable: String, typeName: String, index: Int, name: String)
        /// `operand.field` resolved at run time (maps, records of unknown type).
        case select(CELNode, field: String)
        /// `has(operand.field)`.
        case has(CELNode, field: String)
        case not(CELNode)
        case and(CELNode, CELNode)
        case or(CELNode, CELNode)
        case conditional(CELNode, CELNode, CELNode)
        /// The loop condition of `all`/`exists`: false only for the value `false`.
        case notStrictlyFalse(CELNode)
        case unary(CELNode, CELUnaryFunction)
        case binary(CELNode, CELNode, CELBinaryFunction)
        /// A comparison, `in` or `+ - * /`, run inline for the common operand kinds (see
        /// `CELInlineOperator`); `function` handles the others and every error.
        case inlineBinary(CELNode, CELNode, CELInlineOperator, CELBinaryFunction)
        case variadic([CELNode], CELVariadicFunction)
        case list([CELNode])
        case map(keys: [CELNode], values: [CELNode])
        /// `accumulator + [elements]` in a `map`/`filter` step, appended in place so
        /// the macro is linear rather than quadratic.
        case append(accumulator: Int, elements: [CELNode])
        case comprehension(CELLoop)
        /// A sub-expression of a comprehension's condition or step that does not depend on
        /// the iteration (`slot.start - duration('15m')` in
        /// `entry.slots.exists(s, s >= slot.start - duration('15m'))`): computed on first
        /// use in each run of the loop and kept in the local `slot`. Evaluation is pure,
        /// so reusing the value, or the error, changes nothing but the time taken.
        case cached(CELNode, slot: Int)
    }

    /// `Kind` without payloads, for the evaluation switch.
    private enum Operation {
        case constant, failure, variable, local, field, variableField, select, has, not, and, or, conditional
        case notStrictlyFalse, unary, binary, variadic, list, map, append, comprehension
        case compare, contains, add, subtract, multiply, divide, cached
    }

    init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
        var operation = Operation.constant
        var first: CELNode?, second: CELNode?, third: CELNode?
        var operands: [CELNode] = [], moreOperands: [CELNode] = []
        var constant = Value.null
        var failure: CELEvalError?
        var slot = 0, fieldIndex = 0
        var name = "", typeName = "", variableName = ""
        var inlineOperator = CELInlineOperator.equals
        var unaryFunction: CELUnaryFunction?, binaryFunction: CELBinaryFunction?, variadicFunction: CELVariadicFunction?
        var loop: CELLoop?
        switch kind {
        case .constant(let value): constant = value
        case .failure(let error): operation = .failure; failure = error
        case .variable(let index, let variable): operation = .variable; slot = index; name = variable
        case .local(let index): operation = .local; slot = index
        case .field(let operand, let type, let index, let field):
            operation = .field; first = operand; typeName = type; fieldIndex = index; name = field
        case .variableField(let variableSlot, let variable, let type, let index, let field):
            operation = .variableField; slot = variableSlot; variableName = variable; typeName = type
            fieldIndex = index; name = field
        case .select(let operand, let field): operation = .select; first = operand; name = field
        case .has(let operand, let field): operation = .has; first = operand; name = field
        case .not(let operand): operation = .not; first = operand
        case .and(let left, let right): operation = .and; first = left; second = right
        case .or(let left, let right): operation = .or; first = left; second = right
        case .conditional(let condition, let whenTrue, let whenFalse):
            operation = .conditional; first = condition; second = whenTrue; third = whenFalse
        case .notStrictlyFalse(let operand): operation = .notStrictlyFalse; first = operand
        case .unary(let operand, let function): operation = .unary; first = operand; unaryFunction = function
        case .binary(let left, let right, let function):
            operation = .binary; first = left; second = right; binaryFunction = function
        case .inlineBinary(let left, let right, let inline, let function):
            switch inline {
            case .less, .lessOrEqual, .greater, .greaterOrEqual, .equals, .notEquals: operation = .compare
            case .in: operation = .contains
            case .add: operation = .add
            case .subtract: operation = .subtract
            case .multiply: operation = .multiply
            case .divide: operation = .divide
            }
            first = left; second = right; inlineOperator = inline; binaryFunction = function
        case .variadic(let arguments, let function): operation = .variadic; operands = arguments; variadicFunction = function
        case .list(let elements): operation = .list; operands = elements
        case .map(let keys, let values): operation = .map; operands = keys; moreOperands = values
        case .append(let accumulator, let elements): operation = .append; slot = accumulator; operands = elements
        case .comprehension(let comprehension): operation = .comprehension; loop = comprehension
        case .cached(let invariant, let cacheSlot): operation = .cached; first = invariant; slot = cacheSlot
        }
        self.operation = operation
        self.first = first
        self.second = second
        self.third = third
        self.operands = operands
        self.moreOperands = moreOperands
        self.constant = constant
        self.failure = failure
        self.slot = slot
        self.fieldIndex = fieldIndex
        self.name = name
        self.variableName = variableName
        self.typeName = typeName
        self.inlineOperator = inlineOperator
        self.unaryFunction = unaryFunction
        self.binaryFunction = binaryFunction
        self.variadicFunction = variadicFunction
        self.loop = loop
        self.isConstant = operation == .constant
        self.readsLocal = operation == .local || operation == .cached
        self.readsVariableField = operation == .variableField
        self.isComparison = operation == .compare
        self.isMembership = operation == .contains
        self.isLogical = operation == .and || operation == .or
    }

    /// The node's value. The common cases are handled inline; the rare or bulky ones
    /// (errors, collections, loops) are out of line, which keeps this function's stack
    /// frame and register saves small for the recursive hot path.
    func evaluate(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        switch operation {
        case .constant:
            return constant
        case .variable:
            guard frame.isBound(slot) else { throw unboundVariable(name, range) }
            return frame.variables[slot]
        case .variableField:
            if frame.isBound(slot), case .object(let object) = frame.variables[slot],
               object.type.name == typeName {
                return object.fields[fieldIndex]
            }
            return try variableFieldSlowPath(&frame)
        case .field:
            let value = try first!.evaluate(&frame)
            if case .object(let object) = value, object.type.name == typeName { return object.fields[fieldIndex] }
            return try select(value)
        case .compare:
            return try comparison(&frame)
        case .contains:
            return try membership(&frame)
        // One operation per arithmetic operator, so the node dispatch is the only jump
        // through a table.
        case .add:
            return try arithmetic(CELInlineOperator.sum, &frame)
        case .subtract:
            return try arithmetic(CELInlineOperator.difference, &frame)
        case .multiply:
            return try arithmetic(CELInlineOperator.product, &frame)
        case .divide:
            return try arithmetic(CELInlineOperator.quotient, &frame)
        case .binary:
            let a = try first!.value(&frame)
            let b = try second!.value(&frame)
            do { return try binaryFunction!(a, b) } catch { throw error.located(at: range) }
        case .unary:
            let value = try first!.value(&frame)
            do { return try unaryFunction!(value) } catch { throw error.located(at: range) }
        case .and, .or:
            return try logical(&frame)
        case .not:
            let value = try first!.condition(&frame)
            guard case .bool(let flag) = value else { throw CELEvalError.noOperator(CELOperator.logicalNot, value).located(at: range) }
            return .bool(!flag)
        case .conditional:
            let value = try first!.condition(&frame)
            guard case .bool(let flag) = value else { throw conditionTypeError(value) }
            return try (flag ? second! : third!).evaluate(&frame)
        case .local:
            if case .value(let value) = frame.locals[slot] { return value }
            return try localFailure(&frame)
        case .cached:
            switch frame.locals[slot] {
            case .value(let value): return value
            case .error(let error): throw error
            case .unset: return try fillCache(&frame)
            }
        case .notStrictlyFalse:
            return .bool(isNotStrictlyFalse(&frame))
        case .failure:
            throw failure!
        case .select:
            return try select(try first!.evaluate(&frame))
        case .has:
            let value = try first!.evaluate(&frame)
            do { return try CELCollections.has(value, field: name) } catch { throw error.located(at: range) }
        case .variadic:
            return try evaluateVariadic(&frame)
        case .list:
            return try evaluateList(&frame)
        case .map:
            return try evaluateMap(&frame)
        case .append:
            return try evaluateAppend(&frame)
        case .comprehension:
            return try loop!.evaluate(&frame)
        }
    }

    // MARK: - Reading children

    // Calling `evaluate` on a child costs a jump through the dispatch table, which the
    // processor predicts poorly since consecutive nodes differ. Parents read their
    // simplest children in place (`value`) and run the tests under `&&`/`||` by direct
    // calls (`condition`), so a rule like `entry.visits >= 5` costs one dispatch.

    /// The node's value, like `evaluate`, with constants (the `5` of `entry.visits >= 5`),
    /// record fields of variables (`entry.visits`), comprehension variables and computed
    /// loop invariants read in place. (It tests one flag per kind rather than switching on
    /// `operation`, which would compile to one more jump through a table.)
    @inline(__always)
    func value(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        if readsLocal, case .value(let value) = frame.locals[slot] {
            return value
        }
        if isConstant {
            return constant
        }
        if readsVariableField, frame.isBound(slot), case .object(let object) = frame.variables[slot], object.type.name == typeName {
            return object.fields[fieldIndex]
        }
        return try evaluate(&frame)
    }

    /// The node's value as an operand of `&&`, `||`, `!`, `?:` or as a loop step: those are
    /// mostly comparisons, `in` and nested `&&`/`||` (`slot.start in entry.slots &&
    /// entry.party_size <= slot.free`), run here by direct calls.
    @inline(__always)
    func condition(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        if isComparison { return try comparison(&frame) }
        if isMembership { return try membership(&frame) }
        if isLogical { return try logical(&frame) }
        return try value(&frame)
    }

    /// The value or the error, for the operators that absorb errors.
    func result(_ frame: inout CELFrame) -> Result<Value, CELEvalError> {
        do { return .success(try evaluate(&frame)) } catch { return .failure(error) }
    }

    // MARK: - Operators

    /// `&&` (absorbing `false`) or `||` (absorbing `true`), with CEL's commutative error
    /// handling: an error or a non-bool on the left is dropped when the right side alone
    /// decides.
    @inline(never)
    private func logical(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        let absorbing = operation == .or
        let left: Value
        do { left = try first!.condition(&frame) } catch { return try logicalAfterLeftError(error, &frame, absorbing: absorbing) }
        guard case .bool(let flag) = left else { return try logicalAfterLeftNonBool(left, &frame, absorbing: absorbing) }
        if flag == absorbing { return left }
        let right = try second!.condition(&frame)
        guard case .bool = right else { throw logicalTypeError(right) }
        return right
    }

    /// A comparison, inline for the common kinds (see `CELInlineOperator`).
    @inline(__always)
    private func comparison(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        let a = try first!.value(&frame)
        let b = try second!.value(&frame)
        if let outcome = inlineOperator.compare(a, b) { return .bool(outcome) }
        return try callBinary(a, b)
    }

    /// `in`, inline for a list and the common element kinds.
    @inline(__always)
    private func membership(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        let element = try first!.value(&frame)
        if let found = second!.fieldListContains(element, frame) { return .bool(found) }
        let container = try second!.value(&frame)
        if let found = CELInlineOperator.contains(element, container) { return .bool(found) }
        return try callBinary(element, container)
    }

    /// `element in entry.slots`, scanning the list where the record holds it, when this
    /// node reads a variable's field and finds a list there; nil otherwise. Copying the
    /// list out costs an atomic retain and release, more than scanning a short list.
    @inline(never)
    private func fieldListContains(_ element: Value, _ frame: CELFrame) -> Bool? {
        guard readsVariableField, frame.isBound(slot), case .object(let object) = frame.variables[slot],
              object.type.name == typeName, case .list(let items) = object.fields[fieldIndex] else { return nil }
        return CELInlineOperator.listContains(element, items)
    }

    /// `+ - * /`, inline for the common kinds (see `CELInlineOperator`).
    @inline(__always)
    private func arithmetic(_ inline: (Value, Value) -> Value?, _ frame: inout CELFrame) throws(CELEvalError) -> Value {
        let a = try first!.value(&frame)
        let b = try second!.value(&frame)
        if let value = inline(a, b) { return value }
        return try callBinary(a, b)
    }

    /// The bound function, for the operand kinds an inline operator does not handle.
    @inline(never)
    private func callBinary(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        do { return try binaryFunction!(a, b) } catch { throw error.located(at: range) }
    }

    // MARK: - Out-of-line cases

    @inline(never)
    private func isNotStrictlyFalse(_ frame: inout CELFrame) -> Bool {
        if case .success(.bool(false)) = first!.result(&frame) { return false }
        return true
    }

    @inline(never)
    private func select(_ value: Value) throws(CELEvalError) -> Value {
        do { return try CELCollections.select(value, field: name) } catch { throw error.located(at: range) }
    }

    @inline(never)
    private func variableFieldSlowPath(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        guard frame.isBound(slot) else {
            throw unboundVariable(variableName, SourceRange(start: range.start, end: range.start + variableName.utf8.count))
        }
        return try select(frame.variables[slot])
    }

    @inline(never)
    private func localFailure(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        switch frame.locals[slot] {
        case .value(let value): return value
        case .error(let error): throw error
        case .unset: return .null // not reached: only loop-invariant caches are unset
        }
    }

    /// A loop invariant's first use in this run of its loop: compute and keep the value,
    /// or the error.
    @inline(never)
    private func fillCache(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        do {
            let value = try first!.evaluate(&frame)
            frame.locals[slot] = .value(value)
            return value
        } catch {
            frame.locals[slot] = .error(error)
            throw error
        }
    }

    @inline(never)
    private func evaluateVariadic(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(operands.count)
        for argument in operands { values.append(try argument.evaluate(&frame)) }
        do { return try variadicFunction!(values) } catch { throw error.located(at: range) }
    }

    @inline(never)
    private func evaluateList(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(operands.count)
        for element in operands { values.append(try element.evaluate(&frame)) }
        return .list(values)
    }

    @inline(never)
    private func evaluateMap(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        var map = CELMap()
        for index in operands.indices {
            let key = try operands[index].evaluate(&frame)
            let value = try moreOperands[index].evaluate(&frame)
            do { try map.insert(value, forKey: key) } catch { throw error.located(at: operands[index].range) }
        }
        return .map(map)
    }

    @inline(never)
    private func evaluateAppend(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        var result = Value.null
        for element in operands {
            let value = try element.evaluate(&frame)
            do { result = try frame.append(value, toLocal: slot) } catch { throw error.located(at: range) }
        }
        return result
    }

    // MARK: - Error absorption in && and ||

    /// The left side of `&&` (`absorbing` false) or `||` (true) failed: the right side
    /// decides if it is the absorbing value, otherwise the left error stands.
    @inline(never)
    private func logicalAfterLeftError(_ error: CELEvalError, _ frame: inout CELFrame, absorbing: Bool) throws(CELEvalError) -> Value {
        if case .success(.bool(let flag)) = second!.result(&frame), flag == absorbing { return .bool(absorbing) }
        throw error
    }

    /// The left side is not a bool: the same, with a type error.
    @inline(never)
    private func logicalAfterLeftNonBool(_ left: Value, _ frame: inout CELFrame, absorbing: Bool) throws(CELEvalError) -> Value {
        if case .success(.bool(let flag)) = second!.result(&frame), flag == absorbing { return .bool(absorbing) }
        throw logicalTypeError(left)
    }

    @inline(never)
    private func logicalTypeError(_ value: Value) -> CELEvalError {
        let function = operation == .and ? CELOperator.logicalAnd : CELOperator.logicalOr
        return CELEvalError("'\(CELOperator.displayName(function))' needs bool values on both sides, not \(value.kindWithArticle)", at: range)
    }

    @inline(never)
    private func conditionTypeError(_ value: Value) -> CELEvalError {
        CELEvalError("the condition before '?' must be a bool, not \(value.kindWithArticle)", at: first!.range)
    }

    @inline(never)
    private func unboundVariable(_ variable: String, _ range: SourceRange) -> CELEvalError {
        CELEvalError("no value for variable '\(variable)'", at: range)
    }
}
