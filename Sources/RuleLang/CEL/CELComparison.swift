/// Equality and ordering, the CEL way: numbers compare by value across int, uint and double
/// (int against uint exactly; against a double as cel-go does), values of different kinds
/// are simply unequal, NaN equals nothing, and ordering exists only for bools, numbers,
/// strings (code-point order), bytes, timestamps and durations.
enum CELOrdering: Sendable {
    case less, equal, greater
    /// One side is NaN: every comparison is false.
    case unordered
}

enum CELComparison {
    /// The order of two values, or nil when CEL defines no ordering between their kinds.
    static func compare(_ a: Value, _ b: Value) -> CELOrdering? {
        switch (a, b) {
        case (.int(let x), .int(let y)): return order(x, y)
        case (.uint(let x), .uint(let y)): return order(x, y)
        case (.double(let x), .double(let y)): return order(x, y)
        case (.int(let x), .uint(let y)): return compare(x, y)
        case (.uint(let x), .int(let y)): return compare(y, x).reversed
        case (.int(let x), .double(let y)): return compare(x, y)
        case (.double(let x), .int(let y)): return compare(y, x).reversed
        case (.uint(let x), .double(let y)): return compare(x, y)
        case (.double(let x), .uint(let y)): return compare(y, x).reversed
        case (.bool(let x), .bool(let y)): return x == y ? .equal : (!x ? .less : .greater)
        case (.string(let x), .string(let y)): return CELStrings.compareCodePoints(x, y)
        case (.bytes(let x), .bytes(let y)):
            if x == y { return .equal }
            return x.lexicographicallyPrecedes(y) ? .less : .greater
        case (.timestamp(let x), .timestamp(let y)): return order(x, y)
        case (.duration(let x), .duration(let y)): return order(x, y)
        default: return nil
        }
    }

    private static func order<T: Comparable>(_ x: T, _ y: T) -> CELOrdering {
        x < y ? .less : (x > y ? .greater : (x == y ? .equal : .unordered))
    }

    /// int against uint: a negative int is below every uint.
    static func compare(_ x: Int64, _ y: UInt64) -> CELOrdering {
        x < 0 ? .less : order(UInt64(x), y)
    }

    /// int against double as cel-go does it (and the conformance suite expects): a double
    /// beyond the int range is below or above every int; otherwise the int is converted to
    /// double, so `9223372036854775807 < 9223372036854775808.0` is false (both are 2^63 as
    /// doubles) while `9223372036854775807 < 9223372036854777857.0` is true.
    static func compare(_ x: Int64, _ y: Double) -> CELOrdering {
        if y.isNaN { return .unordered }
        if y < -9_223_372_036_854_775_808.0 { return .greater }
        if y > 9_223_372_036_854_775_808.0 { return .less }
        return order(Double(x), y)
    }

    /// uint against double, the same way.
    static func compare(_ x: UInt64, _ y: Double) -> CELOrdering {
        if y.isNaN { return .unordered }
        if y < 0 { return .greater }
        if y > 18_446_744_073_709_551_616.0 { return .less }
        return order(Double(x), y)
    }

    // MARK: - Operators

    static func less(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        guard let ordering = compare(a, b) else { throw .noOperator(CELOperator.less, a, b) }
        return .bool(ordering == .less)
    }

    static func lessOrEqual(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        guard let ordering = compare(a, b) else { throw .noOperator(CELOperator.lessEquals, a, b) }
        return .bool(ordering == .less || ordering == .equal)
    }

    static func greater(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        guard let ordering = compare(a, b) else { throw .noOperator(CELOperator.greater, a, b) }
        return .bool(ordering == .greater)
    }

    static func greaterOrEqual(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        guard let ordering = compare(a, b) else { throw .noOperator(CELOperator.greaterEquals, a, b) }
        return .bool(ordering == .greater || ordering == .equal)
    }

    static func equals(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        .bool(a.celEquals(b))
    }

    static func notEquals(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        .bool(!a.celEquals(b))
    }
}

extension CELOrdering {
    var reversed: CELOrdering {
        switch self {
        case .less: return .greater
        case .greater: return .less
        case .equal, .unordered: return self
        }
    }
}

extension Value {
    /// CEL's heterogeneous equality: `1 == 1u == 1.0`, `NaN != NaN`, `null` equals only
    /// `null`, lists and maps compare element by element with the same rule, values of
    /// different kinds are unequal.
    public func celEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return CELStrings.sameCodePoints(x, y)
        case (.int, .uint), (.int, .double), (.uint, .int), (.uint, .uint), (.uint, .double),
             (.double, .int), (.double, .uint), (.double, .double):
            return CELComparison.compare(self, other) == .equal
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            for index in x.indices where !x[index].celEquals(y[index]) { return false }
            return true
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x.entries {
                guard let otherValue = y[key], value.celEquals(otherValue) else { return false }
            }
            return true
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.type(let x), .type(let y)): return Value.runtimeName(of: x) == Value.runtimeName(of: y)
        case (.object(let x), .object(let y)):
            if x === y { return true }
            guard x.type.name == y.type.name, x.fields.count == y.fields.count else { return false }
            for index in x.fields.indices where !x.fields[index].celEquals(y.fields[index]) { return false }
            return true
        default: return false
        }
    }
}
