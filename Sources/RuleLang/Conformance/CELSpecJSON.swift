/// A minimal JSON reader for the CEL conformance files. Foundation's `JSONSerialization`
/// would turn large integers into doubles; the spec's `int64_value` and `uint64_value`
/// reach 2^63 and 2^64 - 1, so numbers are kept as their source text and decoded exactly
/// by whoever knows which type they are.
enum CELSpecJSON: Sendable {
    case null
    case bool(Bool)
    /// The number exactly as written.
    case number(String)
    case string(String)
    case array([CELSpecJSON])
    /// Members in file order.
    case object([(key: String, value: CELSpecJSON)])

    /// The member named `key` of an object.
    subscript(key: String) -> CELSpecJSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var arrayValue: [CELSpecJSON]? {
        if case .array(let items) = self { return items }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// Parses a whole document; the error says where it went wrong.
    static func parse(_ bytes: [UInt8]) throws(CELSpecJSONError) -> CELSpecJSON {
        var reader = Reader(bytes: bytes)
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.position == bytes.count else { throw reader.error("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var position = 0

        func error(_ message: String) -> CELSpecJSONError {
            CELSpecJSONError(message: message, offset: position)
        }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        mutating func value(depth: Int) throws(CELSpecJSONError) -> CELSpecJSON {
            guard depth < 200 else { throw error("nested too deeply") }
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of file") }
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                var members: [(key: String, value: CELSpecJSON)] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "}") { position += 1; return .object(members) }
                while true {
                    skipWhitespace()
                    let key = try string()
                    skipWhitespace()
                    try expect(":")
                    members.append((key, try value(depth: depth + 1)))
                    skipWhitespace()
                    if try separatorOrEnd("}") { return .object(members) }
                }
            case UInt8(ascii: "["):
                position += 1
                var items: [CELSpecJSON] = []
                skipWhitespace()
                if position < bytes.count, bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    if try separatorOrEnd("]") { return .array(items) }
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default:
                let start = position
                while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
                guard position > start else { throw error("unexpected character") }
                return .number(String(decoding: bytes[start..<position], as: UTF8.self))
            }
        }

        /// After an element: `,` (false, more to come) or the closing bracket (true).
        mutating func separatorOrEnd(_ closing: Character) throws(CELSpecJSONError) -> Bool {
            guard position < bytes.count else { throw error("unexpected end of file") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; return false }
            if bytes[position] == closing.asciiValue! { position += 1; return true }
            throw error("expected ',' or '\(closing)'")
        }

        mutating func expect(_ character: Character) throws(CELSpecJSONError) {
            guard position < bytes.count, bytes[position] == character.asciiValue! else { throw error("expected '\(character)'") }
            position += 1
        }

        mutating func literal(_ word: String) throws(CELSpecJSONError) {
            for byte in word.utf8 {
                guard position < bytes.count, bytes[position] == byte else { throw error("expected '\(word)'") }
                position += 1
            }
        }

        mutating func string() throws(CELSpecJSONError) -> String {
            try expect("\"")
            var scalars = String.UnicodeScalarView()
            var pendingHighSurrogate: UInt32?
            var run: [UInt8] = []
            func flush() {
                if !run.isEmpty { scalars.append(contentsOf: String(decoding: run, as: UTF8.self).unicodeScalars); run.removeAll() }
            }
            while true {
                guard position < bytes.count else { throw error("unterminated string") }
                let byte = bytes[position]
                position += 1
                if byte == UInt8(ascii: "\"") { break }
                guard byte == UInt8(ascii: "\\") else { run.append(byte); continue }
                flush()
                guard position < bytes.count else { throw error("unterminated string") }
                let escape = bytes[position]
                position += 1
                switch escape {
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "u"):
                    guard position + 4 <= bytes.count,
                          let code = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
                        throw error("bad \\u escape")
                    }
                    position += 4
                    if (0xD800...0xDBFF).contains(code) {
                        pendingHighSurrogate = code
                        continue
                    }
                    var value = code
                    if (0xDC00...0xDFFF).contains(code), let high = pendingHighSurrogate {
                        value = 0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00)
                    }
                    scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                default: scalars.append(Unicode.Scalar(escape))
                }
                pendingHighSurrogate = nil
            }
            flush()
            return String(scalars)
        }
    }
}

/// Where a conformance file stops being JSON.
struct CELSpecJSONError: Error, Sendable {
    let message: String
    let offset: Int
}
