/// A comprehension (the expansion of `all`, `exists`, `exists_one`, `map`, `filter`) as
/// the evaluator runs it: the iteration variable and the accumulator are frame locals,
/// the loop condition of `all`/`exists` is a test of the accumulator, and the
/// loop-invariant parts of the body are computed once per run of the loop.
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
    /// The locals holding the body's loop-invariant values (see `CELNode.Kind.cached`),
    /// emptied when the loop starts.
    let cacheSlots: [Int]
    /// The loop stops once the accumulator holds this bool: `all` and `exists` expand to
    /// the conditions `@not_strictly_false(@result)` (stop at `false`) and
    /// `@not_strictly_false(!@result)` (stop at `true`), which are only false for that
    /// value. Testing the local directly skips three node evaluations per item.
    private let stopValue: Bool?
    /// The predicate of `all`/`exists`, whose steps are `@result && p` and `@result || p`.
    /// While the loop runs, the accumulator holds either the value that stops it or the
    /// other bool (or an error): with the other bool, `&&`/`||` returns `p`'s value
    /// when it is a bool and rethrows its error unchanged, so the loop evaluates `p`
    /// alone, skipping the operator node and the accumulator read.
    private let predicate: CELNode?

    init(macro: String, iterSlot: Int, accumulatorSlot: Int, iterRange: CELNode, initial: CELNode,
         condition: CELNode?, step: CELNode, result: CELNode, cacheSlots: [Int] = []) {
        self.macro = macro
        self.iterSlot = iterSlot
        self.accumulatorSlot = accumulatorSlot
        self.iterRange = iterRange
        self.initial = initial
        self.condition = condition
        self.step = step
        self.result = result
        self.cacheSlots = cacheSlots
        self.stopValue = condition.flatMap { Self.stopValue(of: $0, accumulatorSlot: accumulatorSlot) }
        self.predicate = stopValue.flatMap { Self.predicate(of: step, accumulatorSlot: accumulatorSlot, stopValue: $0) }
    }

    /// `p` when `step` is `@result || p` and the loop stops at `true`, or `@result && p`
    /// and it stops at `false`; nil otherwise.
    private static func predicate(of step: CELNode, accumulatorSlot: Int, stopValue: Bool) -> CELNode? {
        switch step.kind {
        case .or(let accumulator, let predicate) where stopValue:
            if case .local(accumulatorSlot) = accumulator.kind { return predicate }
        case .and(let accumulator, let predicate) where !stopValue:
            if case .local(accumulatorSlot) = accumulator.kind { return predicate }
        default:
            break
        }
        return nil
    }

    /// `false` for `@not_strictly_false(@result)`, `true` for
    /// `@not_strictly_false(!@result)`, nil for any other condition.
    private static func stopValue(of condition: CELNode, accumulatorSlot: Int) -> Bool? {
        guard case .notStrictlyFalse(let tested) = condition.kind else { return nil }
        switch tested.kind {
        case .local(accumulatorSlot): return false
        case .not(let negated):
            if case .local(accumulatorSlot) = negated.kind { return true }
            return nil
        default: return nil
        }
    }

    func evaluate(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        let collection = try iterRange.value(&frame)
        start(try initial.value(&frame), &frame)
        try iterate(over: collection, &frame)
        return try finish(&frame)
    }

    /// Runs the steps over a list's items or a map's keys. (A separate function: binding
    /// the list in `evaluate`, which still holds the collection, made a second copy of it.)
    private func iterate(over collection: Value, _ frame: inout CELFrame) throws(CELEvalError) {
        switch collection {
        case .list(let items):
            for index in items.indices where !iterate(items[index], &frame) { break }
        case .map(let map):
            for key in map.keys where !iterate(key, &frame) { break }
        default:
            throw CELEvalError("\(macro)() works on a list or a map, not \(collection.kindWithArticle)", at: iterRange.range)
        }
    }

    /// Sets the accumulator and empties the caches.
    @inline(__always)
    private func start(_ initialValue: Value, _ frame: inout CELFrame) {
        frame.locals[accumulatorSlot] = .value(initialValue)
        for slot in cacheSlots { frame.locals[slot] = .unset }
    }

    /// The result, once the items are done.
    @inline(__always)
    private func finish(_ frame: inout CELFrame) throws(CELEvalError) -> Value {
        let value = try result.value(&frame)
        // Release what the loop held; the frame may live on for an outer loop. (Caches
        // are emptied when the loop starts again, or with the frame.)
        frame.locals[iterSlot] = .value(.null)
        frame.locals[accumulatorSlot] = .value(.null)
        return value
    }

    /// One iteration; false when the loop condition stops the loop. A failing step makes
    /// the accumulator an error, which later steps may still absorb (`false && error`).
    @inline(__always)
    private func iterate(_ item: Value, _ frame: inout CELFrame) -> Bool {
        frame.locals[iterSlot] = .value(item)
        if let stopValue {
            if case .value(.bool(let flag)) = frame.locals[accumulatorSlot] {
                if flag == stopValue { return false }
                if let predicate {
                    do {
                        let next = try predicate.condition(&frame)
                        if case .bool = next {
                            frame.locals[accumulatorSlot] = .value(next)
                            return true
                        }
                        // Not a bool: the whole step below reports the type error (the
                        // predicate is pure, so running it again gives the same value).
                    } catch {
                        frame.locals[accumulatorSlot] = .error(error)
                        return true
                    }
                }
            }
        } else if let condition, case .success(.bool(false)) = condition.result(&frame) {
            return false
        }
        do {
            // `condition` runs the `@result || test` steps of all/exists without a dispatch.
            let next = try step.condition(&frame)
            frame.locals[accumulatorSlot] = .value(next)
        } catch {
            frame.locals[accumulatorSlot] = .error(error)
        }
        return true
    }
}
