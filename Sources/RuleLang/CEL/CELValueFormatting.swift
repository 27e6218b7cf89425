/// Prints values back as CEL literal syntax (`42u`, `"text"`, `b"\xff"`,
/// `timestamp("2025-01-18T19:30:00Z")`, `Entry{id: "a", ...}`), for the `eval` command,
/// test failure messages and error messages. The text parses back to an equal value,
/// except for records, which CEL cannot construct.
extension Value {
    /// The value in CEL literal syntax.
    public var celDescription: String {
        var text = ""
        appendDescription(to: &text)
        return text
    }

    private func appendDescription(to text: inout String) {
        switch self {
        case .null: text += "null"
        case .bool(let value): text += value ? "true" : "false"
        case .int(let value): text += String(value)
        case .uint(let value): text += String(value) + "u"
        case .double(let value): text += Value.doubleLiteral(value)
        case .string(let value): Value.appendStringLiteral(value, to: &text)
        case .bytes(let value): Value.appendBytesLiteral(value, to: &text)
        case .list(let items):
            text += "["
            for (position, item) in items.enumerated() {
                if position > 0 { text += ", " }
                item.appendDescription(to: &text)
            }
            text += "]"
        case .map(let map):
            text += "{"
            for (position, (key, value)) in map.entries.enumerated() {
                if position > 0 { text += ", " }
                key.appendDescription(to: &text)
                text += ": "
                value.appendDescription(to: &text)
            }
            text += "}"
        case .timestamp(let value): text += "timestamp(\"" + value.rfc3339 + "\")"
        case .duration(let value): text += "duration(\"" + value.secondsText + "\")"
        case .type(let value): text += Value.runtimeName(of: value)
        case .object(let object):
            text += object.type.name + "{"
            for (position, field) in object.type.fields.enumerated() {
                if position > 0 { text += ", " }
                text += field.name + ": "
                object.fields[position].appendDescription(to: &text)
            }
            text += "}"
        }
    }

    /// `4.2`, `1.0`, `1e+100`; non-finite values as the conversions that produce them.
    static func doubleLiteral(_ value: Double) -> String {
        if value.isNaN { return "double(\"NaN\")" }
        if value.isInfinite { return value < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")" }
        // Swift's shortest round-trip form is valid CEL and always shows it is a double.
        return value.description
    }

    static func appendStringLiteral(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                text += "\\x" + hex(UInt8(scalar.value))
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }

    static func appendBytesLiteral(_ value: [UInt8], to text: inout String) {
        text += "b\""
        for byte in value {
            switch byte {
            case UInt8(ascii: "\""): text += "\\\""
            case UInt8(ascii: "\\"): text += "\\\\"
            case UInt8(ascii: "\n"): text += "\\n"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += "\\x" + hex(byte)
            }
        }
        text += "\""
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }
}
