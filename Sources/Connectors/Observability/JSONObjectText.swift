/// JSON text for the API's dictionary-shaped bodies and the SMS file's lines, written by hand:
/// `JSONSerialization` cost a third of a trigger's handler time (boxing every value, sorting
/// keys through NSString). The output is byte-for-byte what `JSONSerialization` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (a seeded test compares the two), so switching
/// changed no answer; values it does not cover (doubles, dates) make it decline, and the
/// caller falls back to `JSONSerialization`.
import Foundation

extension JSONText {
    /// `object` as compact JSON with sorted keys and unescaped slashes, or nil when it holds a
    /// value other than strings, integers, booleans, `NSNull`, and arrays and dictionaries of
    /// those, or a key that is not lower-case ASCII letters and `_` (`JSONSerialization` sorts
    /// keys by locale rules, case- and digit-aware; on such keys the two orders agree).
    static func sortedObject(_ object: [String: Any]) -> String? {
        var out = ""
        out.reserveCapacity(256)
        return append(object, to: &out) ? out : nil
    }

    private static func append(_ value: Any, to out: inout String) -> Bool {
        switch value {
        case let text as String:
            appendString(text, to: &out)
        case let flag as Bool:
            out += flag ? "true" : "false"
        case let number as Int:
            out += String(number)
        case let number as Int64:
            out += String(number)
        case let number as Int32:
            out += String(number)
        case is NSNull:
            out += "null"
        case let object as [String: Any]:
            out += "{"
            var first = true
            for key in object.keys.sorted() {
                guard key.utf8.allSatisfy({ ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || $0 == UInt8(ascii: "_") }) else {
                    return false
                }
                if !first { out += "," }
                first = false
                appendString(key, to: &out)
                out += ":"
                guard append(object[key]!, to: &out) else { return false }
            }
            out += "}"
        case let array as [Any]:
            out += "["
            for (index, element) in array.enumerated() {
                if index > 0 { out += "," }
                guard append(element, to: &out) else { return false }
            }
            out += "]"
        default:
            return false
        }
        return true
    }

    /// A JSON string literal escaped as `JSONSerialization` does: `"`, `\`, and control
    /// characters (`\b \f \n \r \t`, the others as `\u00xx`); everything else as is.
    private static func appendString(_ text: String, to out: inout String) {
        out += "\""
        var plainStart = text.utf8.startIndex
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\") {
                index = utf8.index(after: index)
                continue
            }
            out += text[plainStart..<index]
            switch byte {
            case UInt8(ascii: "\""): out += "\\\""
            case UInt8(ascii: "\\"): out += "\\\\"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            default:
                let hex = String(byte, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
            index = utf8.index(after: index)
            plainStart = index
        }
        out += text[plainStart..<utf8.endIndex]
        out += "\""
    }
}
