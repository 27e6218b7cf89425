/// What one evaluation of a `CELProgram` works on: the caller's variable values and the
/// comprehension locals. Both are reached through pointers that `CELFrame.evaluate` keeps
/// valid for exactly one evaluation: the variables borrow the activation's storage and
/// the locals live in a stack allocation. A frame holding arrays instead costs, per
/// evaluation, a retain and a release of each array and a heap allocation for the locals,
/// plus a uniqueness check on every local write; for a rule such as `entry.visits >= 5`
/// that overhead was larger than the evaluation itself.
struct CELFrame {
    /// The activation's values, by slot.
    let variables: UnsafeBufferPointer<Value>
    /// Slots the caller left unbound (the dictionary-based entry point); empty when every
    /// slot is bound. Reading an unbound slot is the error "no value for variable 'x'".
    let unbound: UnsafeBufferPointer<Bool>
    /// The comprehension variables, accumulators and loop-invariant caches, by local slot.
    let locals: UnsafeMutableBufferPointer<CELLocal>

    /// Evaluates `node` with a frame over `variables` and `localCount` locals set to
    /// `null`. The frame lives only for this call.
    @inline(__always)
    static func evaluate(_ node: CELNode, variables: [Value], unbound: [Bool] = [], localCount: Int) throws(CELEvalError) -> Value {
        try variables.withUnsafeBufferPointer { (variables) throws(CELEvalError) -> Value in
            try unbound.withUnsafeBufferPointer { (unbound) throws(CELEvalError) -> Value in
                if localCount == 0 {
                    var frame = CELFrame(variables: variables, unbound: unbound, locals: UnsafeMutableBufferPointer(start: nil, count: 0))
                    return try node.evaluate(&frame)
                }
                return try withUnsafeTemporaryAllocation(of: CELLocal.self, capacity: localCount) { (locals) throws(CELEvalError) -> Value in
                    locals.initialize(repeating: .value(.null))
                    // One by one: `deinitialize()` on the whole buffer goes through the
                    // runtime's generic array destruction, several times slower.
                    defer { for index in locals.indices { (locals.baseAddress! + index).deinitialize(count: 1) } }
                    var frame = CELFrame(variables: variables, unbound: unbound, locals: locals)
                    return try node.evaluate(&frame)
                }
            }
        }
    }

    /// Whether the caller gave a value for a variable slot.
    @inline(__always)
    func isBound(_ slot: Int) -> Bool {
        slot < variables.count && (unbound.isEmpty || !unbound[slot])
    }

    /// Appends to a list held in a local without copying it: the list is moved out of the
    /// slot first so its storage is uniquely referenced.
    func append(_ element: Value, toLocal slot: Int) throws(CELEvalError) -> Value {
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
        case .unset: return .list([element]) // not reached: only loop-invariant caches are unset
        }
    }
}

/// A comprehension local's content: the accumulator can hold an error that a later step
/// absorbs, and a cached loop invariant is computed on first use. The error is boxed
/// (`indirect`) so a local is no wider than a `Value` and writing one stays cheap.
enum CELLocal: Sendable {
    case value(Value)
    indirect case error(CELEvalError)
    /// A loop invariant's cache before its first use in the current run of the loop.
    case unset
}
