/// The evaluator: a tree of immutable `final class` nodes built once by `CELPlanner`, each
/// with an enum saying what to compute. Evaluating is one `switch` per node; variables are
/// array reads by slot, functions were bound at plan time, record fields were resolved to
/// indexes. Nothing here allocates except the values an expression builds (lists, maps,
/// strings) and, for comprehensions, their local-variable array.
final class CELNode: Sendable {
    /// The source range of the expression this node computes; errors point here.
    let range: SourceRange
    let kind: Kind

    init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

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
        case variadic([CELNode], CELVariadicFunction)
        case list([CELNode])
        case map(keys: [CELNode], values: [CELNode])
        /// `accumulator + [elements]` in a `map`/`filter` step, appended in place so
        /// the macro is linear rather than quadratic.
        case append(accumulator: Int, elements: [CELNode])
        case comprehension(CELLoop)
    }

    /// The node's value.
    func evaluate(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        switch kind {
        case .constant(let value):
            return value
        case .failure(let error):
            throw error
        case .variable(let slot, let name):
            guard frame.activation.isBound(slot) else {
                throw CELEvalError("no value for variable '\(name)'", at: range)
            }
            return frame.activation.values[slot]
        case .local(let slot):
            switch frame.locals[slot] {
            case .value(let value): return value
            case .error(let error): throw error
            }
        case .field(let operand, let typeName, let index, let name):
            let value = try operand.evaluate(&frame)
            if case .object(let object) = value, object.type.name == typeName { return object.fields[index] }
            do { return try CELCollections.select(value, field: name) } catch { throw error.located(at: range) }
        case .select(let operand, let field):
            let value = try operand.evaluate(&frame)
            do { return try CELCollections.select(value, field: field) } catch { throw error.located(at: range) }
        case .has(let operand, let field):
            let value = try operand.evaluate(&frame)
            do { return try CELCollections.has(value, field: field) } catch { throw error.located(at: range) }
        case .not(let operand):
            let value = try operand.evaluate(&frame)
            guard case .bool(let flag) = value else { throw CELEvalError.noOperator(CELOperator.logicalNot, value).located(at: range) }
            return .bool(!flag)
        case .and(let left, let right):
            let leftResult = left.result(&frame)
            if case .success(.bool(false)) = leftResult { return .bool(false) }
            let rightResult = right.result(&frame)
            if case .success(.bool(false)) = rightResult { return .bool(false) }
            return try logical(CELOperator.logicalAnd, leftResult, rightResult, bothTrue: true)
        case .or(let left, let right):
            let leftResult = left.result(&frame)
            if case .success(.bool(true)) = leftResult { return .bool(true) }
            let rightResult = right.result(&frame)
            if case .success(.bool(true)) = rightResult { return .bool(true) }
            return try logical(CELOperator.logicalOr, leftResult, rightResult, bothTrue: false)
        case .conditional(let condition, let whenTrue, let whenFalse):
            let value = try condition.evaluate(&frame)
            guard case .bool(let flag) = value else {
                throw CELEvalError("the condition before '?' must be a bool, not \(value.kindWithArticle)", at: condition.range)
            }
            return try (flag ? whenTrue : whenFalse).evaluate(&frame)
        case .notStrictlyFalse(let operand):
            if case .success(.bool(false)) = operand.result(&frame) { return .bool(false) }
            return .bool(true)
        case .unary(let operand, let function):
            let value = try operand.evaluate(&frame)
            do { return try function(value) } catch { throw error.located(at: range) }
        case .binary(let left, let right, let function):
            let a = try left.evaluate(&frame)
            let b = try right.evaluate(&frame)
            do { return try function(a, b) } catch { throw error.located(at: range) }
        case .variadic(let arguments, let function):
            var values: [Value] = []
            values.reserveCapacity(arguments.count)
            for argument in arguments { values.append(try argument.evaluate(&frame)) }
            do { return try function(values) } catch { throw error.located(at: range) }
        case .list(let elements):
            var values: [Value] = []
            values.reserveCapacity(elements.count)
            for element in elements { values.append(try element.evaluate(&frame)) }
            return .list(values)
        case .map(let keys, let values):
            var map = CELMap()
            for index in keys.indices {
                let key = try keys[index].evaluate(&frame)
                let value = try values[index].evaluate(&frame)
                do { try map.insert(value, forKey: key) } catch { throw error.located(at: keys[index].range) }
            }
            return .map(map)
        case .append(let accumulator, let elements):
            var values: [Value] = []
            if elements.count == 1 {
                let value = try elements[0].evaluate(&frame)
                do { return try frame.append(value, toLocal: accumulator) } catch { throw error.located(at: range) }
            }
            for element in elements { values.append(try element.evaluate(&frame)) }
            var result = Value.null
            for value in values {
                do { result = try frame.append(value, toLocal: accumulator) } catch { throw error.located(at: range) }
            }
            return result
        case .comprehension(let loop):
            return try loop.evaluate(&frame)
        }
    }

    /// The value or the error, for the operators that absorb errors.
    @inline(__always)
    func result(_ frame: inout CELFrame) -> Result<Value, CELEvalError> {
        do { return .success(try evaluate(&frame)) } catch { return .failure(error) }
    }

    /// `&&`/`||` once neither side decided the result: both sides are the neutral bool
    /// (the result is `bothTrue`), or an error or a non-bool is reported, the left one first.
    private func logical(_ function: String, _ left: Result<Value, CELEvalError>, _ right: Result<Value, CELEvalError>, bothTrue: Bool) throws(CELEvalError) -> Value {
        switch (left, right) {
        case (.success(.bool), .success(.bool)): return .bool(bothTrue)
        case (.failure(let error), _): throw error
        case (.success(.bool), .failure(let error)): throw error
        case (.success(let value), .failure): throw logicalTypeError(function, value)
        case (.success(let a), .success(let b)):
            if case .bool = a { throw logicalTypeError(function, b) }
            throw logicalTypeError(function, a)
        }
    }

    private func logicalTypeError(_ function: String, _ value: Value) -> CELEvalError {
        CELEvalError("'\(CELOperator.displayName(function))' needs bool values on both sides, not \(value.kindWithArticle)", at: range)
    }
}

/// A comprehension (the expansion of `all`, `exists`, `exists_one`, `map`, `filter`).
final class CELLoop: Sendable {
    let macro: String
    let iterSlot: Int
    let accumulatorSlot: Int
    let iterRange: CELNode
    let initial: CELNode
    /// Nil when the condition is the constant `true`.
    let condition: CELNode?
    let step: CELNode
    let result: CELNode

    init(macro: String, iterSlot: Int, accumulatorSlot: Int, iterRange: CELNode, initial: CELNode,
         condition: CELNode?, step: CELNode, result: CELNode) {
        self.macro = macro
        self.iterSlot = iterSlot
        self.accumulatorSlot = accumulatorSlot
        self.iterRange = iterRange
        self.initial = initial
        self.condition = condition
        self.step = step
        self.result = result
    }

    func evaluate(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        let collection = try iterRange.evaluate(&frame)
        frame.locals[accumulatorSlot] = .value(try initial.evaluate(&frame))
        switch collection {
        case .list(let items):
            for item in items where !iterate(item, &frame) { break }
        case .map(let map):
            for key in map.keys where !iterate(key, &frame) { break }
        default:
            throw CELEvalError("\(macro)() works on a list or a map, not \(collection.kindWithArticle)", at: iterRange.range)
        }
        let value = try result.evaluate(&frame)
        // Release what the loop held; the frame may live on for an outer loop.
        frame.locals[iterSlot] = .value(.null)
        frame.locals[accumulatorSlot] = .value(.null)
        return value
    }

    /// One iteration; false when the loop condition stops the loop. A failing step makes
    /// the accumulator an error, which later steps may still absorb (`false && error`).
    @inline(__always)
    private func iterate(_ item: Value, _ frame: inout CELFrame) -> Bool {
        frame.locals[iterSlot] = .value(item)
        if let condition, case .success(.bool(false)) = condition.result(&frame) { return false }
        do {
            let next = try step.evaluate(&frame)
            frame.locals[accumulatorSlot] = .value(next)
        } catch {
            frame.locals[accumulatorSlot] = .error(error)
        }
        return true
    }
}

/// What one evaluation works on: the caller's activation and the comprehension locals.
struct CELFrame {
    let activation: CELActivation
    var locals: [CELLocal]

    /// Appends to a list held in a local without copying it: the list is moved out of the
    /// slot first so its storage is uniquely referenced.
    mutating func append(_ element: Value, toLocal slot: Int) throws(CELEvalError) -> Value {
        var current = CELLocal.value(.null)
        swap(&current, &locals[slot])
        if case .value(.list(var items)) = current {
            current = .value(.null) // drop the second reference before appending
            items.append(element)
            locals[slot] = .value(.list(items))
            return .list(items)
        }
        locals[slot] = current
        switch current {
        case .error(let error): throw error
        case .value(let value): return try CELArithmetic.add(value, .list([element]))
        }
    }
}

/// A comprehension variable's content: the accumulator can hold an error that a later
/// step absorbs.
enum CELLocal: Sendable {
    case value(Value)
    case error(CELEvalError)
}
