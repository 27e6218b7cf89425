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

    private static func isOrderable(_ value: Value) -> Bool {
        switch value {
        case .int, .uint, .double, .duration, .timestamp: return true
        default: return false
        }
    }
}
