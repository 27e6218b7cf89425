/// Turns CEL source bytes into tokens on demand. Lazy on purpose: inside a rule file the
/// parser reads one expression starting at some offset and stops at the end of the
/// value, without touching (or complaining about) the rule syntax that follows.
///
/// Implements the CEL lexical grammar: identifiers and reserved words, decimal and hex
/// integers with an optional `u` suffix, floating literals, single/double/triple-quoted
/// strings with `r` (raw) and `b` (bytes) prefixes and all CEL escapes, `//` comments.
/// In `embedded` mode (rule files) `#` also starts a comment.
struct CELLexer {
    let bytes: [UInt8]
    let endOffset: Int
    let embedded: Bool
    private(set) var offset: Int
    private(set) var diagnostics: [Diagnostic] = []

    /// Words CEL reserves for future use; using one as a name is an error.
    static let reservedWords: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import",
        "let", "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    init(bytes: [UInt8], start: Int, end: Int, embedded: Bool) {
        self.bytes = bytes
        self.offset = start
        self.endOffset = end
        self.embedded = embedded
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let index = offset + ahead
        return index < endOffset ? bytes[index] : nil
    }

    private mutating func error(_ message: String, _ range: SourceRange, help: String? = nil) {
        diagnostics.append(.error(message, at: range, help: help))
    }

    /// Skips blanks and comments; reports whether a line break was crossed.
    private mutating func skipTrivia() -> Bool {
        var sawNewline = false
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
                offset += 1
            case UInt8(ascii: "\n"):
                sawNewline = true
                offset += 1
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "/"):
                while let next = peek(), next != UInt8(ascii: "\n") { offset += 1 }
            case UInt8(ascii: "#") where embedded:
                while let next = peek(), next != UInt8(ascii: "\n") { offset += 1 }
            default:
                return sawNewline
            }
        }
        return sawNewline
    }

    mutating func next() -> CELToken {
        let newline = skipTrivia()
        let start = offset
        guard let byte = peek() else {
            return CELToken(kind: .endOfInput, range: .point(offset), followsNewline: newline)
        }
        let kind: CELToken.Kind
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            kind = lexWordOrPrefixedString()
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            kind = lexNumber()
        case UInt8(ascii: ".") where peek(1).map(Self.isDigit) == true:
            kind = lexNumber()
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            kind = lexString(raw: false, isBytes: false)
        default:
            kind = lexPunctuation()
        }
        return CELToken(kind: kind, range: SourceRange(start: start, end: offset), followsNewline: newline)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
    }

    private mutating func lexPunctuation() -> CELToken.Kind {
        let start = offset
        let two: [String] = ["==", "!=", "<=", ">=", "&&", "||"]
        if let first = peek(), let second = peek(1) {
            let pair = String(decoding: [first, second], as: UTF8.self)
            if two.contains(pair) {
                offset += 2
                return .punctuation(pair)
            }
        }
        let byte = peek()!
        let singles = Array("+-*/%!<>?:.,()[]{}".utf8)
        if singles.contains(byte) {
            offset += 1
            return .punctuation(String(UnicodeScalar(byte)))
        }
        // One unknown character: consume the whole UTF-8 sequence so the caret covers it.
        offset += SourceFile.scalarLength(lead: byte)
        offset = min(offset, endOffset)
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        var help: String?
        switch text {
        case "=": help = "use '==' to compare values"
        case "&": help = "use '&&' for 'and'"
        case "|": help = "use '||' for 'or'"
        case "’", "‘": help = "use a straight quote ' to start a string"
        case "“", "”": help = "use a straight quote \" to start a string"
        default: break
        }
        error("unexpected character '\(text)' in expression", SourceRange(start: start, end: offset), help: help)
        return .invalid
    }

    private mutating func lexWordOrPrefixedString() -> CELToken.Kind {
        // String prefixes: r, b, rb, br (any case), immediately followed by a quote.
        var lookahead = 0
        var raw = false
        var isBytes = false
        while lookahead < 2, let byte = peek(lookahead) {
            switch byte {
            case UInt8(ascii: "r"), UInt8(ascii: "R"):
                if raw { break }
                raw = true
                lookahead += 1
                continue
            case UInt8(ascii: "b"), UInt8(ascii: "B"):
                if isBytes { break }
                isBytes = true
                lookahead += 1
                continue
            default: break
            }
            break
        }
        if lookahead > 0, let quote = peek(lookahead), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            offset += lookahead
            return lexString(raw: raw, isBytes: isBytes)
        }
        let start = offset
        while let byte = peek(), Self.isIdentifierByte(byte) { offset += 1 }
        let word = String(decoding: bytes[start..<offset], as: UTF8.self)
        switch word {
        case "true": return .true
        case "false": return .false
        case "null": return .null
        case "in": return .in
        default:
            if Self.reservedWords.contains(word) {
                error("'\(word)' is a reserved word in CEL and cannot be used as a name", SourceRange(start: start, end: offset))
            }
            return .identifier(word)
        }
    }

    private mutating func lexNumber() -> CELToken.Kind {
        let start = offset
        // Hexadecimal integers.
        if peek() == UInt8(ascii: "0"), let x = peek(1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X") {
            offset += 2
            let digitsStart = offset
            while let byte = peek(), Self.isHexDigit(byte) { offset += 1 }
            let digits = String(decoding: bytes[digitsStart..<offset], as: UTF8.self)
            if digits.isEmpty {
                error("a hexadecimal number needs digits after '0x'", SourceRange(start: start, end: offset))
                return .invalid
            }
            return integerToken(digits: digits, radix: 16, start: start)
        }
        var isFloat = false
        while let byte = peek(), Self.isDigit(byte) { offset += 1 }
        if peek() == UInt8(ascii: "."), let after = peek(1), Self.isDigit(after) {
            isFloat = true
            offset += 1
            while let byte = peek(), Self.isDigit(byte) { offset += 1 }
        }
        if let e = peek(), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var look = 1
            if let sign = peek(1), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { look = 2 }
            if let digit = peek(look), Self.isDigit(digit) {
                isFloat = true
                offset += look
                while let byte = peek(), Self.isDigit(byte) { offset += 1 }
            }
        }
        let text = String(decoding: bytes[start..<offset], as: UTF8.self)
        if isFloat {
            guard let value = Double(text) else {
                error("'\(text)' is not a valid number", SourceRange(start: start, end: offset))
                return .invalid
            }
            return .double(value)
        }
        return integerToken(digits: text, radix: 10, start: start)
    }

    private mutating func integerToken(digits: String, radix: Int, start: Int) -> CELToken.Kind {
        let isUnsigned: Bool
        if let suffix = peek(), suffix == UInt8(ascii: "u") || suffix == UInt8(ascii: "U") {
            offset += 1
            isUnsigned = true
        } else {
            isUnsigned = false
        }
        let range = SourceRange(start: start, end: offset)
        guard let magnitude = UInt64(digits, radix: radix) else {
            error("the number \(String(decoding: bytes[range.start..<range.end], as: UTF8.self)) is too large", range,
                  help: isUnsigned ? "the largest uint is 18446744073709551615u" : "the largest int is 9223372036854775807")
            return .invalid
        }
        if isUnsigned { return .uint(magnitude) }
        if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        return .intMagnitude(magnitude)
    }

    /// Lexes a quoted literal starting at the opening quote; prefixes are already consumed.
    private mutating func lexString(raw: Bool, isBytes: Bool) -> CELToken.Kind {
        let tokenStart = offset
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        offset += triple ? 3 : 1
        var output: [UInt8] = []
        var valid = true
        while true {
            guard let byte = peek() else {
                error("this string is never closed", SourceRange(start: tokenStart, end: offset),
                      help: triple ? "add \(String(repeating: String(UnicodeScalar(quote)), count: 3)) to end the text" : "add a closing \(String(UnicodeScalar(quote))) before the end of the line")
                return .invalid
            }
            if triple {
                if byte == quote && peek(1) == quote && peek(2) == quote {
                    offset += 3
                    break
                }
            } else if byte == quote {
                offset += 1
                break
            } else if byte == UInt8(ascii: "\n") {
                error("this string is never closed", SourceRange(start: tokenStart, end: offset),
                      help: "close it with \(String(UnicodeScalar(quote))) on the same line, or use triple quotes for text over several lines")
                return .invalid
            }
            if byte == UInt8(ascii: "\\") && !raw {
                if !lexEscape(into: &output, isBytes: isBytes) { valid = false }
                continue
            }
            output.append(byte)
            offset += 1
        }
        if !valid { return .invalid }
        if isBytes { return .bytes(output) }
        guard let text = String(validating: output, as: UTF8.self) else {
            error("this string contains bytes that are not valid UTF-8", SourceRange(start: tokenStart, end: offset))
            return .invalid
        }
        return .string(text)
    }

    /// Decodes one escape sequence at `offset` (which points at the backslash).
    private mutating func lexEscape(into output: inout [UInt8], isBytes: Bool) -> Bool {
        let start = offset
        offset += 1
        guard let code = peek() else {
            error("a backslash at the end of the text escapes nothing", SourceRange(start: start, end: offset))
            return false
        }
        offset += 1
        func appendScalar(_ value: UInt32) -> Bool {
            guard let scalar = Unicode.Scalar(value) else {
                error("\\u escape U+\(String(value, radix: 16, uppercase: true)) is not a valid character", SourceRange(start: start, end: offset))
                return false
            }
            output.append(contentsOf: Array(String(Character(scalar)).utf8))
            return true
        }
        func readHex(_ count: Int) -> UInt32? {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard let digit = peek(), Self.isHexDigit(digit) else {
                    error("expected \(count) hexadecimal digits in this escape", SourceRange(start: start, end: offset))
                    return nil
                }
                value = value * 16 + UInt32(Self.hexValue(digit))
                offset += 1
            }
            return value
        }
        switch code {
        case UInt8(ascii: "a"): output.append(0x07)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "v"): output.append(0x0B)
        case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "?"):
            output.append(code)
        case UInt8(ascii: "x"), UInt8(ascii: "X"):
            guard let value = readHex(2) else { return false }
            if isBytes { output.append(UInt8(value)) } else { return appendScalar(value) }
        case UInt8(ascii: "u"):
            guard let value = readHex(4) else { return false }
            return appendScalar(value)
        case UInt8(ascii: "U"):
            guard let value = readHex(8) else { return false }
            return appendScalar(value)
        case UInt8(ascii: "0")...UInt8(ascii: "3"):
            var value = UInt32(code - 0x30)
            for _ in 0..<2 {
                guard let digit = peek(), digit >= 0x30, digit <= 0x37 else {
                    error("an octal escape needs three digits, like \\101", SourceRange(start: start, end: offset))
                    return false
                }
                value = value * 8 + UInt32(digit - 0x30)
                offset += 1
            }
            if isBytes { output.append(UInt8(value)) } else { return appendScalar(value) }
        default:
            offset = start + 1 + SourceFile.scalarLength(lead: code)
            let text = String(decoding: bytes[start..<min(offset, endOffset)], as: UTF8.self)
            error("unknown escape sequence '\(text)'", SourceRange(start: start, end: min(offset, endOffset)),
                  help: "write \\\\ for a backslash")
            return false
        }
        return true
    }

    static func hexValue(_ byte: UInt8) -> UInt8 {
        switch byte {
        case 0x30...0x39: return byte - 0x30
        case 0x61...0x66: return byte - 0x61 + 10
        default: return byte - 0x41 + 10
        }
    }
}
