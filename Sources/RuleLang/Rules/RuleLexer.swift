/// Splits the rule syntax of a file (names, braces, `=`, `;`, line breaks, comments) into
/// tokens, working directly on UTF-8 bytes. Values are not tokenized here: the parser
/// hands them to the rule literal parser and to the CEL parser, then moves the lexer past
/// them with `reposition(to:)`. Strings are recognised (with the CEL lexer's rules for
/// quotes, prefixes and escapes) only so that labels and stray strings are one token.
struct RuleToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// `[A-Za-z_][A-Za-z0-9_]*`
        case name
        /// A quoted CEL string, possibly with an `r`/`b` prefix; `isTerminated` is false
        /// when the closing quote is missing.
        case string(isTerminated: Bool)
        /// A run starting with a digit, such as `15` or `15m` (only ever unexpected here).
        case number
        case openBrace, closeBrace, equals, semicolon, openBracket, closeBracket, comma
        /// One `\n` (a preceding `\r` is a blank).
        case newline
        /// `#` to the end of the line, without the line break.
        case comment
        /// Any other character, or one byte that is not valid UTF-8.
        case other
        case endOfFile
    }

    var kind: Kind
    var range: SourceRange
}

struct RuleLexer {
    let bytes: [UInt8]
    private(set) var offset: Int

    /// Starts at the beginning of `file`, after a UTF-8 byte order mark if there is one.
    init(_ file: SourceFile) {
        bytes = file.bytes
        offset = Self.contentStart(file.bytes)
    }

    /// Where the text proper begins: 3 when the file starts with a UTF-8 BOM.
    static func contentStart(_ bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// Continues lexing at `newOffset` (after a value the parser read by other means).
    mutating func reposition(to newOffset: Int) {
        offset = max(0, min(newOffset, bytes.count))
    }

    /// The token after the current one, without consuming anything.
    func peek() -> RuleToken {
        var copy = self
        return copy.next()
    }

    mutating func next() -> RuleToken {
        while offset < bytes.count, RuleBytes.isBlank(bytes[offset]) { offset += 1 }
        let start = offset
        guard offset < bytes.count else { return RuleToken(kind: .endOfFile, range: .point(offset)) }
        let byte = bytes[offset]
        let kind: RuleToken.Kind
        switch byte {
        case UInt8(ascii: "\n"): offset += 1; kind = .newline
        case UInt8(ascii: "{"): offset += 1; kind = .openBrace
        case UInt8(ascii: "}"): offset += 1; kind = .closeBrace
        case UInt8(ascii: "="): offset += 1; kind = .equals
        case UInt8(ascii: ";"): offset += 1; kind = .semicolon
        case UInt8(ascii: "["): offset += 1; kind = .openBracket
        case UInt8(ascii: "]"): offset += 1; kind = .closeBracket
        case UInt8(ascii: ","): offset += 1; kind = .comma
        case UInt8(ascii: "#"):
            while offset < bytes.count, bytes[offset] != RuleBytes.newline { offset += 1 }
            kind = .comment
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            kind = lexString(quote: offset, raw: false)
        case _ where RuleBytes.isNameStart(byte):
            while offset < bytes.count, RuleBytes.isNameByte(bytes[offset]) { offset += 1 }
            if offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") || bytes[offset] == UInt8(ascii: "'") {
                let prefix = RuleBytes.stringPrefix(bytes, quote: offset, floor: start)
                if prefix.start == start {
                    kind = lexString(quote: offset, raw: prefix.raw)
                    break
                }
            }
            kind = .name
        case _ where RuleBytes.isDigit(byte):
            while offset < bytes.count, RuleBytes.isNameByte(bytes[offset]) || bytes[offset] == UInt8(ascii: ":")
                || bytes[offset] == UInt8(ascii: ".") || bytes[offset] == UInt8(ascii: "-") {
                offset += 1
            }
            kind = .number
        default:
            offset += RuleBytes.stepLength(bytes, at: offset)
            kind = .other
        }
        return RuleToken(kind: kind, range: SourceRange(start: start, end: offset))
    }

    private mutating func lexString(quote: Int, raw: Bool) -> RuleToken.Kind {
        let end = RuleBytes.skipString(bytes, quote: quote, raw: raw, limit: bytes.count)
        offset = end.end
        return .string(isTerminated: end.isTerminated)
    }
}
