/// The type conversion functions `int() uint() double() string() bytes() bool() dyn()
/// type() timestamp() duration()`. Conversions that cannot be exact fail rather than
/// guess: a double out of int range or NaN, a negative int to uint, bytes that are not
/// UTF-8, a string that is not a number.
enum CELConversions {
    static func toInt(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .int: return value
        case .uint(let x):
            guard x <= UInt64(Int64.max) else { throw .failure("\(x)u is too large for an int") }
            return .int(Int64(x))
        case .double(let x):
            // The open interval (-2^63, 2^63), as cel-go: truncation then always fits.
            guard x.isFinite, x > -9_223_372_036_854_775_808.0, x < 9_223_372_036_854_775_808.0 else {
                throw .failure("\(formatDouble(x)) cannot be converted to an int (out of range)")
            }
            return .int(Int64(x.rounded(.towardZero)))
        case .string(let text):
            guard let parsed = Int64(text) else { throw .failure("'\(text)' is not an int") }
            return .int(parsed)
        case .timestamp(let timestamp): return .int(timestamp.seconds)
        default: throw .noFunction("int", [value])
        }
    }

    static func toUInt(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .uint: return value
        case .int(let x):
            guard x >= 0 else { throw .failure("\(x) cannot be converted to a uint (it is negative)") }
            return .uint(UInt64(x))
        case .double(let x):
            // [0, 2^64), as cel-go: a negative fraction is an error too.
            guard x.isFinite, x >= 0, x < 18_446_744_073_709_551_616.0 else {
                throw .failure("\(formatDouble(x)) cannot be converted to a uint (out of range)")
            }
            return .uint(UInt64(x.rounded(.towardZero)))
        case .string(let text):
            guard let parsed = UInt64(text) else { throw .failure("'\(text)' is not a uint") }
            return .uint(parsed)
        default: throw .noFunction("uint", [value])
        }
    }

    static func toDouble(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .double: return value
        case .int(let x): return .double(Double(x))
        case .uint(let x): return .double(Double(x))
        case .string(let text):
            guard let parsed = parseDouble(text) else { throw .failure("'\(text)' is not a double") }
            return .double(parsed)
        default: throw .noFunction("double", [value])
        }
    }

    static func toString(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .string: return value
        case .int(let x): return .string(String(x))
        case .uint(let x): return .string(String(x))
        case .double(let x): return .string(formatDouble(x))
        case .bool(let x): return .string(x ? "true" : "false")
        case .bytes(let bytes):
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .failure("the bytes are not valid UTF-8 text")
            }
            return .string(text)
        case .timestamp(let timestamp): return .string(timestamp.rfc3339)
        case .duration(let duration): return .string(duration.secondsText)
        default: throw .noFunction("string", [value])
        }
    }

    static func toBytes(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .bytes: return value
        case .string(let text): return .bytes(Array(text.utf8))
        default: throw .noFunction("bytes", [value])
        }
    }

    static func toBool(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .bool: return value
        case .string(let text):
            switch text {
            case "true", "TRUE", "True", "t", "1": return .bool(true)
            case "false", "FALSE", "False", "f", "0": return .bool(false)
            default: throw .failure("'\(text)' is not a bool; use 'true' or 'false'")
            }
        default: throw .noFunction("bool", [value])
        }
    }

    static func dyn(_ value: Value) throws(CELEvalError) -> Value { value }

    static func type(_ value: Value) throws(CELEvalError) -> Value { .type(value.runtimeType) }

    static func toTimestamp(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .timestamp: return value
        case .string(let text):
            guard let timestamp = CELTimestamp(rfc3339: text) else {
                throw .failure("'\(text)' is not a timestamp; write it in RFC 3339 form like '2025-01-18T19:30:00Z' (years 0001 to 9999)")
            }
            return .timestamp(timestamp)
        case .int(let seconds):
            guard let timestamp = CELTimestamp(seconds: seconds) else {
                throw .failure("the timestamp is out of range (years 0001 to 9999)")
            }
            return .timestamp(timestamp)
        default: throw .noFunction("timestamp", [value])
        }
    }

    static func toDuration(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .duration: return value
        case .string(let text):
            guard let duration = CELDuration(parsing: text) else {
                throw .failure("'\(text)' is not a duration; write it like '15m', '1h30m' or '90s'")
            }
            return .duration(duration)
        default: throw .noFunction("duration", [value])
        }
    }

    // MARK: - Doubles as text

    /// Parses what `double()` accepts: decimal and exponent forms, `inf`, `-inf`, `nan`.
    static func parseDouble(_ text: String) -> Double? {
        guard !text.isEmpty, !text.contains(where: { $0 == " " || $0 == "_" }) else { return nil }
        if text.lowercased().hasPrefix("0x") || text.lowercased().hasPrefix("-0x") || text.lowercased().hasPrefix("+0x") { return nil }
        return Double(text)
    }

    /// A double as `string()` renders it: the shortest text that reads back as the same
    /// double, in Go's `%g` style (`1.5`, `100000`, `1e+06`, `1e-05`), as cel-go does.
    static func formatDouble(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (negative, digits, pointPosition) = shortestDigits(value)
        let exponent = pointPosition - 1
        var text = negative ? "-" : ""
        if exponent < -4 || exponent >= 6 {
            text.append(digits.first!)
            if digits.count > 1 { text += "." + digits.dropFirst() }
            text += exponent < 0 ? "e-" : "e+"
            let magnitude = String(abs(exponent))
            text += magnitude.count < 2 ? "0" + magnitude : magnitude
        } else if pointPosition <= 0 {
            text += "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            text += digits + String(repeating: "0", count: pointPosition - digits.count)
        } else {
            text += digits.prefix(pointPosition) + "." + digits.dropFirst(pointPosition)
        }
        return text
    }

    /// The shortest round-tripping decimal digits of a finite non-zero double (from Swift's
    /// own shortest formatting), with the position of the decimal point: value =
    /// 0.digits × 10^pointPosition.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        var text = value.magnitude.description
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = String(text[..<e])
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = String(parts[0])
        let fractionPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = integerPart + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") { digits.removeLast() }
        return (value.sign == .minus, digits, pointPosition)
    }
}
