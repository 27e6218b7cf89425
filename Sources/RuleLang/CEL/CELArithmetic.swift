/// The arithmetic operators `+ - * / %` and unary `-`. Int and uint overflow, division by
/// zero and modulus by zero are errors (CEL never wraps around); integer division truncates
/// toward zero and `%` keeps the dividend's sign. Timestamps and durations combine as the
/// spec says, plus the SpeedAI extensions `duration * int`, `int * duration`,
/// `duration / int` and `duration / duration`, which waitlist rules need to scale delays
/// (`(slot.start - now) / 4`).
enum CELArithmetic {
    static func add(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            if overflow { throw .overflow(CELOperator.add) }
            return .int(sum)
        case (.double(let x), .double(let y)): return .double(x + y)
        case (.uint(let x), .uint(let y)):
            let (sum, overflow) = x.addingReportingOverflow(y)
            if overflow { throw .overflow(CELOperator.add) }
            return .uint(sum)
        case (.string(let x), .string(let y)): return .string(x + y)
        case (.bytes(let x), .bytes(let y)): return .bytes(x + y)
        case (.list(let x), .list(let y)): return .list(x + y)
        case (.timestamp(let t), .duration(let d)), (.duration(let d), .timestamp(let t)):
            guard let sum = sum(t, d) else { throw timestampOutOfRange }
            return .timestamp(sum)
        case (.duration(let x), .duration(let y)):
            guard let sum = CELDuration(seconds: x.seconds &+ y.seconds, nanos: Int64(x.nanos) + Int64(y.nanos)) else {
                throw .failure("the duration is out of range")
            }
            return .duration(sum)
        default: throw .noOperator(CELOperator.add, a, b)
        }
    }

    static func subtract(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            if overflow { throw .overflow(CELOperator.subtract) }
            return .int(difference)
        case (.double(let x), .double(let y)): return .double(x - y)
        case (.uint(let x), .uint(let y)):
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            if overflow { throw .overflow(CELOperator.subtract) }
            return .uint(difference)
        case (.timestamp(let x), .timestamp(let y)):
            return .duration(difference(x, y))
        case (.timestamp(let t), .duration(let d)):
            guard let difference = difference(t, d) else { throw timestampOutOfRange }
            return .timestamp(difference)
        case (.duration(let x), .duration(let y)):
            guard let difference = CELDuration(seconds: x.seconds &- y.seconds, nanos: Int64(x.nanos) - Int64(y.nanos)) else {
                throw .failure("the duration is out of range")
            }
            return .duration(difference)
        default: throw .noOperator(CELOperator.subtract, a, b)
        }
    }

    static func multiply(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            if overflow { throw .overflow(CELOperator.multiply) }
            return .int(product)
        case (.double(let x), .double(let y)): return .double(x * y)
        case (.uint(let x), .uint(let y)):
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            if overflow { throw .overflow(CELOperator.multiply) }
            return .uint(product)
        case (.duration(let d), .int(let k)), (.int(let k), .duration(let d)):
            return .duration(try scale(d, by: k))
        default: throw .noOperator(CELOperator.multiply, a, b)
        }
    }

    static func divide(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw .failure("division by zero") }
            let (quotient, overflow) = x.dividedReportingOverflow(by: y)
            if overflow { throw .overflow(CELOperator.divide) }
            return .int(quotient)
        case (.double(let x), .double(let y)): return .double(x / y)
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw .failure("division by zero") }
            return .uint(x / y)
        case (.duration(let d), .int(let k)):
            if k == 0 { throw .failure("division by zero") }
            return .duration(divide(d, by: k))
        case (.duration(let x), .duration(let y)):
            if y.seconds == 0 && y.nanos == 0 { throw .failure("division by zero") }
            let numerator = Double(x.seconds) * 1e9 + Double(x.nanos)
            let denominator = Double(y.seconds) * 1e9 + Double(y.nanos)
            return .double(numerator / denominator)
        default: throw .noOperator(CELOperator.divide, a, b)
        }
    }

    static func modulo(_ a: Value, _ b: Value) throws(CELEvalError) -> Value {
        switch (a, b) {
        case (.int(let x), .int(let y)):
            if y == 0 { throw .failure("modulus by zero") }
            let (remainder, overflow) = x.remainderReportingOverflow(dividingBy: y)
            if overflow { throw .overflow(CELOperator.modulo) }
            return .int(remainder)
        case (.uint(let x), .uint(let y)):
            if y == 0 { throw .failure("modulus by zero") }
            return .uint(x % y)
        default: throw .noOperator(CELOperator.modulo, a, b)
        }
    }

    static func negate(_ a: Value) throws(CELEvalError) -> Value {
        switch a {
        case .int(let x):
            if x == .min { throw .overflow(CELOperator.negate) }
            return .int(-x)
        case .double(let x): return .double(-x)
        case .duration(let d):
            guard let negated = CELDuration(seconds: -d.seconds, nanos: -Int64(d.nanos)) else {
                throw .failure("the duration is out of range")
            }
            return .duration(negated)
        default: throw .noOperator(CELOperator.negate, a)
        }
    }

    // MARK: - Time arithmetic

    static let timestampOutOfRange = CELEvalError.failure("the timestamp is out of range (years 0001 to 9999)")

    /// `timestamp + duration`, or nil when the result falls outside the years 0001-9999.
    static func sum(_ timestamp: CELTimestamp, _ duration: CELDuration) -> CELTimestamp? {
        // Both ranges are far inside Int64, so the sums cannot overflow.
        CELTimestamp(seconds: timestamp.seconds + duration.seconds, nanos: Int64(timestamp.nanos) + Int64(duration.nanos))
    }

    /// `timestamp - duration`, or nil when the result falls outside the years 0001-9999.
    static func difference(_ timestamp: CELTimestamp, _ duration: CELDuration) -> CELTimestamp? {
        CELTimestamp(seconds: timestamp.seconds - duration.seconds, nanos: Int64(timestamp.nanos) - Int64(duration.nanos))
    }

    /// `timestamp - timestamp`: timestamps span less than the duration range, so the
    /// difference always is a duration.
    static func difference(_ later: CELTimestamp, _ earlier: CELTimestamp) -> CELDuration {
        CELDuration(seconds: later.seconds - earlier.seconds, nanos: Int64(later.nanos) - Int64(earlier.nanos))!
    }

    /// `duration * k`, exact: the nanosecond part is multiplied in full width.
    static func scale(_ duration: CELDuration, by factor: Int64) throws(CELEvalError) -> CELDuration {
        let (seconds, overflow) = duration.seconds.multipliedReportingOverflow(by: factor)
        let nanoProduct = Int64(duration.nanos).multipliedFullWidth(by: factor)
        // |nanos * k / 1e9| < |k|, so the quotient always fits.
        let (carry, nanos) = Int64(1_000_000_000).dividingFullWidth(nanoProduct)
        let (total, overflow2) = seconds.addingReportingOverflow(carry)
        guard !overflow, !overflow2, let result = CELDuration(seconds: total, nanos: nanos) else {
            throw .failure("the duration is out of range")
        }
        return result
    }

    /// `duration / k`, truncated toward zero to the nanosecond.
    static func divide(_ duration: CELDuration, by divisor: Int64) -> CELDuration {
        // Durations up to ~292 years fit in Int64 nanoseconds: one native division, which
        // truncates toward zero as the long division does, instead of three.
        if duration.seconds.magnitude <= 9_223_372_035 {
            let quotient = (duration.seconds * 1_000_000_000 + Int64(duration.nanos)) / divisor
            return CELDuration(seconds: quotient / 1_000_000_000, nanos: quotient % 1_000_000_000)!
        }
        return longDivide(duration, by: divisor)
    }

    /// `duration / k` for any duration, by long division on the magnitudes so no
    /// intermediate value overflows.
    static func longDivide(_ duration: CELDuration, by divisor: Int64) -> CELDuration {
        let negative = (duration.seconds < 0 || duration.nanos < 0) != (divisor < 0)
        let seconds = duration.seconds.magnitude
        let nanos = UInt64(duration.nanos.magnitude)
        let k = divisor.magnitude
        let (wholeSeconds, secondsRemainder) = seconds.quotientAndRemainder(dividingBy: k)
        // (secondsRemainder * 1e9 + nanos) / k, in full width.
        let product = secondsRemainder.multipliedFullWidth(by: 1_000_000_000)
        let (low, carry) = product.low.addingReportingOverflow(nanos)
        let (fractionNanos, _) = k.dividingFullWidth((high: product.high + (carry ? 1 : 0), low: low))
        let totalSeconds = Int64(wholeSeconds) + Int64(fractionNanos / 1_000_000_000)
        let totalNanos = Int64(fractionNanos % 1_000_000_000)
        // The quotient is no larger than the dividend, so it is always in range.
        return CELDuration(seconds: negative ? -totalSeconds : totalSeconds, nanos: negative ? -totalNanos : totalNanos)!
    }
}
