/// The binary operators rules run on every evaluation — comparisons and `in` — evaluated
/// inline by `CELNode` for the operand kinds rules use them on (ints, doubles, timestamps,
/// durations), instead of through the bound library function. Going through the function
/// costs an indirect call and a switch over every pair of kinds, several times what the
/// comparison itself costs.
///
/// The planner picks the operator from the call's name only: operand kinds are checked on
/// every evaluation, because a field declared `int` can hold `null` and a `dyn` value can
/// be anything. Whatever the fast path does not handle, including every error, goes to the
/// bound function, so results and messages are exactly the library's.
enum CELInlineOperator: Sendable {
    case less, lessOrEqual, greater, greaterOrEqual, equals, notEquals
    /// `element in list`.
    case `in`

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
        default: return nil
        }
    }

    /// Whether the operator is one of the six comparisons.
    var isComparison: Bool { self != .in }

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

    @inline(__always)
    private func holds<T: Comparable>(_ x: T, _ y: T) -> Bool {
        switch self {
        case .less: return x < y
        case .lessOrEqual: return x <= y
        case .greater: return x > y
        case .greaterOrEqual: return x >= y
        case .equals: return x == y
        case .notEquals, .in: return x != y
        }
    }

    /// `element in items` for a timestamp, duration or int element; nil for other kinds.
    /// A timestamp or a duration equals only its own kind, so items of other kinds are
    /// skipped without the general equality; an int also equals uints and doubles, which
    /// go through `celEquals`.
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
                if case .int(let candidate) = item {
                    if candidate == wanted { return true }
                } else if item.celEquals(element) {
                    return true
                }
            }
            return false
        default:
            return nil
        }
    }
}
