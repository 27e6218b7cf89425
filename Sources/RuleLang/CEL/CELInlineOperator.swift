/// The binary operators rules run on every evaluation — comparisons, `in`, `+ - * /` —
/// evaluated inline by `CELNode` for the operand kinds rules use them on (ints, doubles,
/// timestamps, durations), instead of through the bound library function. Going through
/// the function costs an indirect call and a switch over every pair of kinds, several
/// times what the operation itself costs.
///
/// The planner picks the operator from the call's name only: operand kinds are checked on
/// every evaluation, because a field declared `int` can hold `null` and a `dyn` value can
/// be anything. Whatever the fast path does not handle, including every error, goes to the
/// bound function, so results and messages are exactly the library's.
enum CELInlineOperator: Sendable {
    case less, lessOrEqual, greater, greaterOrEqual, equals, notEquals
    /// `element in list`.
    case `in`
    case add, subtract, multiply, divide

    /// The inline form of a global operator, or nil for the operators without one.
    init?(function: String) {
        switch function {
        case CELOperator.less: self = .less
        case CELOperator.lessEquals: self = .lessOrEqual
        case CELOperator.greater: self = .greater
        case CELOperator.greaterEquals: self = .greaterOrEqual
        case CELOperator.equals: self = .equals
        case CELOperator.notEquals: self = .notEquals
        case CELOperator.in: self = .in
        case CELOperator.add: self = .add
        case CELOperator.subtract: self = .subtract
        case CELOperator.multiply: self = .multiply
        case CELOperator.divide: self = .divide
        default: return nil
        }
    }

    // MARK: - Comparisons

    /// The comparison's outcome when both operands are ints, doubles, timestamps or
    /// durations (each against its own kind); nil otherwise. The same answers as
    /// `CELComparison`: IEEE comparisons give NaN its CEL meaning (every comparison false,
    /// `!=` true).
    @inline(__always)
    func compare(_ a: Value, _ b: Value) -> Bool? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return holds(x, y)
        case (.timestamp(let x), .timestamp(let y)): return holds(x, y)
        case (.duration(let x), .duration(let y)): return holds(x, y)
        case (.double(let x), .double(let y)): return holds(x, y)
        default: return nil
        }
    }

    /// Whether `x` and `y` compare as the operator asks. The ordering is found with plain
    /// comparisons and tested against `acceptedOrderings`, rather than switching on the
    /// operator, which would compile to a jump through a table on every comparison.
    @inline(__always)
    private func holds<T: Comparable>(_ x: T, _ y: T) -> Bool {
        let ordering: UInt8 = x < y ? 0b0001 : x == y ? 0b0010 : x > y ? 0b0100 : 0b1000
        return acceptedOrderings & ordering != 0
    }

    /// The orderings for which the comparison holds, one bit each: less, equal, greater,
    /// and unordered (a NaN), for which only `!=` holds.
    private var acceptedOrderings: UInt8 {
        switch self {
        case .less: return 0b0001
        case .lessOrEqual: return 0b0011
        case .greater: return 0b0100
        case .greaterOrEqual: return 0b0110
        case .equals: return 0b0010
        case .notEquals: return 0b1101
        case .in, .add, .subtract, .multiply, .divide: return 0 // not comparisons
        }
    }

    // MARK: - Arithmetic
    //
    // The result of `+ - * /` on ints, doubles, or timestamps and durations, when it is a
    // value; nil for other kinds and for every error (overflow, division by zero, out of
    // range), which the library function then reports. One function per operator, so the
    // evaluator calls each directly from its own node operation.

    /// `a + b`, or nil.
    static func sum(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            return overflow ? nil : .int(sum)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            return CELArithmetic.sum(t, d).map(Value.timestamp)
        default: return nil
        }
    }

    /// `a - b`, or nil.
    static func difference(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            return overflow ? nil : .int(difference)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.timestamp(let x), .timestamp(let y)): return .duration(CELArithmetic.difference(x, y))
        case (.timestamp(let t), .duration(let d)): return CELArithmetic.difference(t, d).map(Value.timestamp)
        default: return nil
        }
    }

    /// `a * b`, or nil.
    static func product(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            return overflow ? nil : .int(product)
        case (.double(let x), .double(let y)): return .double(x * y)
        default: return nil
        }
    }

    /// `a / b`, or nil.
    static func quotient(_ a: Value, _ b: Value) -> Value? {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (quotient, overflow) = x.dividedReportingOverflow(by: y)
            return y == 0 || overflow ? nil : .int(quotient)
        case (.double(let x), .double(let y)): return .double(x / y)
        case (.duration(let d), .int(let k)): return k == 0 ? nil : .duration(CELArithmetic.divide(d, by: k))
        default: return nil
        }
    }

    // MARK: - Membership

    /// `element in container` when the container is a list (see `listContains`); nil
    /// otherwise. Taking the container whole lets the list be read without a copy.
    static func contains(_ element: Value, _ container: Value) -> Bool? {
        guard case .list(let items) = container else { return nil }
        return listContains(element, items)
    }

    /// `element in items` for a timestamp, duration or int element; nil for other kinds,
    /// and for an int in a list holding uints or doubles (which may equal it by value:
    /// the library decides). A timestamp, a duration or an int equals no other kind, so
    /// the scan needs no general equality, and calls nothing, which lets the evaluator
    /// scan a record's list without copying it.
    static func listContains(_ element: Value, _ items: [Value]) -> Bool? {
        switch element {
        case .timestamp(let wanted):
            for item in items { if case .timestamp(let candidate) = item, candidate == wanted { return true } }
            return false
        case .duration(let wanted):
            for item in items { if case .duration(let candidate) = item, candidate == wanted { return true } }
            return false
        case .int(let wanted):
            for item in items {
                switch item {
                case .int(let candidate): if candidate == wanted { return true }
                case .uint, .double: return nil
                default: continue
                }
            }
            return false
        default:
            return nil
        }
    }
}
