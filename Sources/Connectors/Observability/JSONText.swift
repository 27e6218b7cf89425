/// JSON string literals written by hand for the log lines and error bodies, which are hot
/// and tiny: escaping per RFC 8259 without going through `JSONEncoder`.

/// JSON text helpers.
enum JSONText {
    /// `value` as a quoted JSON string: `"`, `\` and control characters escaped; the rest as UTF-8.
    static func quoted(_ value: String) -> String {
        if !needsEscaping(value) { return "\"" + value + "\"" }
        var out = "\""
        out.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{2028}": out += "\\u2028"  // legal JSON, but breaks JavaScript consumers
            case "\u{2029}": out += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// True when `quoted` has something to escape: a quote, a backslash, a control character,
    /// U+2028 or U+2029 (UTF-8 `E2 80 A8` / `E2 80 A9`). Usually not, and then the text is
    /// quoted as it is instead of scalar by scalar.
    private static func needsEscaping(_ value: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in value.utf8 {
            if byte == 0x22 || byte == 0x5C || byte < 0x20 { return true }
            if (byte == 0xA8 || byte == 0xA9) && previous == (0xE2, 0x80) { return true }
            previous = (previous.1, byte)
        }
        return false
    }

    /// A JSON number for `value`; non-finite values (which JSON cannot hold) become `null`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
