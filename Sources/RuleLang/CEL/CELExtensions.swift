/// SpeedAI extensions to the CEL standard library, which waitlist rules need:
/// `min(a, b, ...)` and `max(a, b, ...)` over numbers, durations or timestamps (or one list
/// of them), as in `min(duration('15m'), (slot.start - now) / 4)`. The duration arithmetic
/// extensions (`duration * int`, `duration / int`, `duration / duration`) live with the
/// other operators in `CELArithmetic`.
enum CELExtensions {
    static func min(_ arguments: [Value]) throws(CELEvalError) -> Value {
        try extreme(arguments, name: "min", keepFirstWhen: .less)
    }

    static func max(_ arguments: [Value]) throws(CELEvalError) -> Value {
        try extreme(arguments, name: "max", keepFirstWhen: .greater)
    }

    /// `min(a, b)`, the common form, without building an argument array: the same
    /// result and errors as the variadic form with two arguments.
    static func min(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        try extreme(a, b, name: "min", keepFirstWhen: .less)
    }

    /// `max(a, b)`, the same way.
    static func max(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        try extreme(a, b, name: "max", keepFirstWhen: .greater)
    }

    /// The smallest (or largest) argument. Numbers of different kinds compare by value; a
    /// NaN makes the result NaN. At equal values the earlier argument wins.
    private static func extreme(_ arguments: [Value], name: String, keepFirstWhen wanted: CELOrdering) throws(CELEvalError) -> Value {
        var candidates = arguments
        if candidates.count == 1, case .list(let items) = candidates[0] { candidates = items }
        guard var best = candidates.first else {
            throw .failure("\(name)() needs at least one value")
        }
        for candidate in candidates {
            guard isOrderable(candidate) else { throw .noFunction(name, arguments) }
        }
        if case .double(let x) = best, x.isNaN { return best }
        for candidate in candidates.dropFirst() {
            if case .double(let x) = candidate, x.isNaN { return candidate }
            guard let ordering = CELComparison.compare(candidate, best) else { throw .noFunction(name, arguments) }
            if ordering == wanted { best = candidate }
        }
        return best
    }

    /// `extreme([a, b], ...)`, step for step.
    private static func extreme(_ a: Value, _ b: Value, name: String, keepFirstWhen wanted: CELOrdering) throws(CELEvalError) -> Value {
        // Two durations, the rules' usual case (`min(duration('15m'), ...)`), directly.
        if case .duration(let x) = a, case .duration(let y) = b {
            return (wanted == .less ? y < x : y > x) ? b : a
        }
        guard isOrderable(a), isOrderable(b) else { throw .noFunction(name, [a, b]) }
        if case .double(let x) = a, x.isNaN { return a }
        if case .double(let x) = b, x.isNaN { return b }
        guard let ordering = CELComparison.compare(b, a) else { throw .noFunction(name, [a, b]) }
        return ordering == wanted ? b : a
    }

    private static func isOrderable(_ value: Value) -> Bool {
        switch value {
        case .int, .uint, .double, .duration, .timestamp: return true
        default: return false
        }
    }
}
