/// Byte-level helpers shared by the rule lexer, the value scanner and the formatter:
/// character classes, UTF-8 validation, and skipping a CEL string literal. They work on
/// raw bytes because a rule file is not guaranteed to be valid UTF-8, and one pass over
/// bytes is what keeps a 10 000-line file fast.
enum RuleBytes {
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Space, tab, carriage return and form feed: blanks that never end a line.
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0C
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
    }

    /// `[A-Za-z_]`: a byte that can start a name.
    static func isNameStart(_ byte: UInt8) -> Bool { isLetter(byte) || byte == 0x5F }

    /// `[A-Za-z0-9_]`: a byte that can continue a name.
    static func isNameByte(_ byte: UInt8) -> Bool { isNameStart(byte) || isDigit(byte) }

    /// The length of the valid UTF-8 sequence starting at `index`, or nil when the bytes
    /// there are not valid UTF-8 (stray continuation byte, overlong form, surrogate, or a
    /// sequence cut short).
    static func validScalarLength(_ bytes: [UInt8], at index: Int) -> Int? {
        let lead = bytes[index]
        if lead < 0x80 { return 1 }
        let length: Int
        var lowest: UInt8 = 0x80
        var highest: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowest = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; highest = 0x9F
        case 0xF0: length = 4; lowest = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; highest = 0x8F
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let second = bytes[index + 1]
        guard second >= lowest && second <= highest else { return nil }
        for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    /// How many bytes to step over at `index`: a whole valid scalar, or one bad byte.
    static func stepLength(_ bytes: [UInt8], at index: Int) -> Int {
        validScalarLength(bytes, at: index) ?? 1
    }

    /// Where a CEL string literal ends.
    struct StringEnd {
        /// Offset just past the closing quote; for an unterminated string, the end of
        /// its line (single quotes) or of the limit (triple quotes).
        var end: Int
        var isTerminated: Bool
        var isTriple: Bool
    }

    /// Skips the CEL string literal whose opening quote is at `quote` (prefix letters
    /// such as `r` already behind). Mirrors the CEL lexer: backslashes escape the next
    /// byte unless the string is raw; single-quoted strings stop at a line break.
    static func skipString(_ bytes: [UInt8], quote: Int, raw: Bool, limit: Int) -> StringEnd {
        let mark = bytes[quote]
        let triple = quote + 2 < limit && bytes[quote + 1] == mark && bytes[quote + 2] == mark
        var index = quote + (triple ? 3 : 1)
        while index < limit {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && !raw {
                index += 2
                continue
            }
            if triple {
                if byte == mark && index + 2 < limit && bytes[index + 1] == mark && bytes[index + 2] == mark {
                    return StringEnd(end: index + 3, isTerminated: true, isTriple: true)
                }
            } else if byte == mark {
                return StringEnd(end: index + 1, isTerminated: true, isTriple: false)
            } else if byte == newline {
                return StringEnd(end: index, isTerminated: false, isTriple: false)
            }
            index += 1
        }
        return StringEnd(end: min(index, limit), isTerminated: false, isTriple: triple)
    }

    /// True when the quote at `quote` is preceded by CEL string prefix letters (`r`,
    /// `b`, `rb`, `br`, any case) that are not the tail of a longer name; returns
    /// whether the string is raw. `floor` is where the text being scanned begins.
    static func stringPrefix(_ bytes: [UInt8], quote: Int, floor: Int) -> (start: Int, raw: Bool) {
        var start = quote
        var raw = false
        var isBytes = false
        while start > floor, quote - start < 2 {
            let byte = bytes[start - 1]
            if (byte == UInt8(ascii: "r") || byte == UInt8(ascii: "R")) && !raw {
                raw = true
            } else if (byte == UInt8(ascii: "b") || byte == UInt8(ascii: "B")) && !isBytes {
                isBytes = true
            } else {
                break
            }
            start -= 1
        }
        if start < quote, start > floor, isNameByte(bytes[start - 1]) { return (quote, false) }
        return (start, raw)
    }

    /// The scalar at `index` as text for a message, or `0xE9` for a byte that is not UTF-8.
    static func describeScalar(_ bytes: [UInt8], at index: Int) -> String {
        guard let length = validScalarLength(bytes, at: index) else { return hex(bytes[index]) }
        return String(decoding: bytes[index..<index + length], as: UTF8.self)
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }
}
