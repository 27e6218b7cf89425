/// CEL durations: a signed span of time as seconds plus nanoseconds (both with the same
/// sign, as in `google.protobuf.Duration`), limited to ±315,576,000,000 seconds (10 000
/// years). Parses Go-style duration strings (`1h30m`, `-1.5s`, `100ms`) and prints the
/// seconds form CEL uses (`900s`, `1.5s`).
public struct CELDuration: Sendable, Hashable, Comparable {
    /// Whole seconds.
    public let seconds: Int64
    /// Nanoseconds, -999_999_999 ... 999_999_999, with the sign of `seconds`.
    public let nanos: Int32

    /// The largest magnitude in seconds.
    public static let maxSeconds: Int64 = 315_576_000_000

    /// A duration; nil when out of range. `nanos` may be any value and is carried into
    /// `seconds`.
    public init?(seconds: Int64, nanos: Int64 = 0) {
        var whole = seconds
        var fraction = nanos
        // Time arithmetic mostly yields nanos already under a second: carry only when needed.
        if fraction <= -1_000_000_000 || fraction >= 1_000_000_000 {
            let (carry, remainder) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
            let sum = seconds.addingReportingOverflow(carry)
            if sum.overflow { return nil }
            whole = sum.partialValue
            fraction = remainder
        }
        // Give both parts the same sign.
        if whole > 0 && fraction < 0 {
            whole -= 1
            fraction += 1_000_000_000
        } else if whole < 0 && fraction > 0 {
            whole += 1
            fraction -= 1_000_000_000
        }
        guard whole >= -Self.maxSeconds, whole <= Self.maxSeconds else { return nil }
        self.seconds = whole
        self.nanos = Int32(fraction)
    }

    public static func < (a: CELDuration, b: CELDuration) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }

    /// The duration as a (lossy) number of seconds.
    public var timeInterval: Double { Double(seconds) + Double(nanos) / 1e9 }

    /// `900s`, `1.5s`, `-0.000000003s`: seconds with the fraction only when non-zero.
    public var secondsText: String {
        let negative = seconds < 0 || nanos < 0
        let whole = seconds.magnitude
        let fraction = Int32(nanos.magnitude)
        return (negative ? "-" : "") + String(whole) + CELCivil.fraction(fraction) + "s"
    }

    // MARK: - Parsing

    /// Parses a Go duration string: an optional sign, then one or more decimal numbers each
    /// followed by a unit (`h`, `m`, `s`, `ms`, `us`, `µs`, `ns`), like `1h30m` or
    /// `-1.5s`. `0` alone is also accepted. Nil when malformed or out of range.
    public init?(parsing text: String) {
        var scalars = Array(text.unicodeScalars)[...]
        var negative = false
        if let first = scalars.first, first == "-" || first == "+" {
            negative = first == "-"
            scalars = scalars.dropFirst()
        }
        if scalars.count == 1, scalars.first == "0" {
            self.init(seconds: 0)
            return
        }
        guard !scalars.isEmpty else { return nil }
        var totalSeconds: Int64 = 0
        var totalNanos: Int64 = 0
        while !scalars.isEmpty {
            var whole: Int64 = 0
            var sawDigits = false
            while let scalar = scalars.first, let digit = Self.digit(scalar) {
                let next = whole.multipliedReportingOverflow(by: 10)
                guard !next.overflow else { return nil }
                let added = next.partialValue.addingReportingOverflow(digit)
                guard !added.overflow else { return nil }
                whole = added.partialValue
                sawDigits = true
                scalars = scalars.dropFirst()
            }
            // The fraction is kept as digits / scale, at most 18 significant digits.
            var fraction: Int64 = 0
            var scale: Int64 = 1
            if scalars.first == "." {
                scalars = scalars.dropFirst()
                while let scalar = scalars.first, let digit = Self.digit(scalar) {
                    if scale < 1_000_000_000_000_000_000 {
                        fraction = fraction * 10 + digit
                        scale *= 10
                    }
                    sawDigits = true
                    scalars = scalars.dropFirst()
                }
            }
            guard sawDigits else { return nil }
            var unit = ""
            while let scalar = scalars.first, scalar != ".", Self.digit(scalar) == nil {
                unit.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst()
            }
            guard let unitNanos = Self.unitNanos[unit] else { return nil }
            // whole * unit, split into seconds and nanoseconds so nothing overflows early.
            if unitNanos >= 1_000_000_000 {
                let product = whole.multipliedReportingOverflow(by: unitNanos / 1_000_000_000)
                guard !product.overflow else { return nil }
                let sum = totalSeconds.addingReportingOverflow(product.partialValue)
                guard !sum.overflow else { return nil }
                totalSeconds = sum.partialValue
            } else {
                let (carry, remainder) = whole.quotientAndRemainder(dividingBy: 1_000_000_000 / unitNanos)
                let sum = totalSeconds.addingReportingOverflow(carry)
                guard !sum.overflow else { return nil }
                totalSeconds = sum.partialValue
                totalNanos += remainder * unitNanos
            }
            if fraction > 0 {
                // fraction / scale * unitNanos, truncated, computed in full width.
                let product = fraction.multipliedFullWidth(by: unitNanos)
                let (quotient, _) = scale.dividingFullWidth(product)
                totalSeconds += quotient / 1_000_000_000
                totalNanos += quotient % 1_000_000_000
            }
            totalSeconds += totalNanos / 1_000_000_000
            totalNanos %= 1_000_000_000
            guard totalSeconds <= Self.maxSeconds else { return nil }
        }
        if negative {
            self.init(seconds: -totalSeconds, nanos: -totalNanos)
        } else {
            self.init(seconds: totalSeconds, nanos: totalNanos)
        }
    }

    private static let unitNanos: [String: Int64] = [
        "ns": 1, "us": 1_000, "µs": 1_000, "μs": 1_000, "ms": 1_000_000,
        "s": 1_000_000_000, "m": 60_000_000_000, "h": 3_600_000_000_000,
    ]

    private static func digit(_ scalar: Unicode.Scalar) -> Int64? {
        scalar.value >= 0x30 && scalar.value <= 0x39 ? Int64(scalar.value - 0x30) : nil
    }
}
