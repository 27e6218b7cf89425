/// Finds how far a setting's value can reach before either reading (rule literal or CEL)
/// is attempted. A value ends at the end of its line, unless a bracket is still open or
/// the line ends with an operator; it also ends at `;` (never valid CEL) and at a `}`
/// that closes no `{` of the value (so it closes the block). Strings and comments are skipped with the CEL lexer's rules.
///
/// The readings are then confined to this extent, so the CEL lexer never looks at the
/// rule syntax that follows (a `;`, or a stray quote on the next line) and complains.
struct RuleValueExtent: Sendable, Equatable {
    /// Where the value region stops: a `;`, a block-closing `}`, the line break that ends
    /// the value, or the end of the file.
    var bound: Int
    /// Just past the last byte of the value itself (no trailing blanks or comment).
    var contentEnd: Int
    /// A string in the value that is never closed.
    var unterminatedString: SourceRange?
    /// An unclosed triple-quoted string swallowed the rest of the file.
    var reachesEndOfFileInString: Bool

    static func scan(_ bytes: [UInt8], from start: Int) -> RuleValueExtent {
        var index = start
        // Open brackets, innermost last.
        var brackets: [UInt8] = []
        var contentEnd = start
        var lastByte: UInt8 = 0
        var lastWord: (start: Int, end: Int)?
        var unterminated: SourceRange?
        var sawQuestionMark = false
        let count = bytes.count

        func lineEndsWithOperator() -> Bool {
            if let word = lastWord, word.end == contentEnd, word.end - word.start == 2,
               bytes[word.start] == UInt8(ascii: "i"), bytes[word.start + 1] == UInt8(ascii: "n") {
                return true
            }
            // `:` continues only the `a ? b :` of a conditional (not `https:` of a bare URL).
            if lastByte == UInt8(ascii: ":") { return sawQuestionMark }
            return Array("&|+-*/%<>=!?.".utf8).contains(lastByte)
        }

        while index < count {
            let byte = bytes[index]
            switch byte {
            case RuleBytes.newline:
                if brackets.isEmpty {
                    if !lineEndsWithOperator() {
                        return RuleValueExtent(bound: index, contentEnd: contentEnd, unterminatedString: unterminated, reachesEndOfFileInString: false)
                    }
                } else if startsNewItem(bytes, lineStart: index + 1) {
                    return RuleValueExtent(bound: index, contentEnd: contentEnd, unterminatedString: unterminated, reachesEndOfFileInString: false)
                }
                index += 1
            case _ where RuleBytes.isBlank(byte):
                index += 1
            case UInt8(ascii: "#"):
                while index < count, bytes[index] != RuleBytes.newline { index += 1 }
            case UInt8(ascii: "/") where index + 1 < count && bytes[index + 1] == UInt8(ascii: "/"):
                while index < count, bytes[index] != RuleBytes.newline { index += 1 }
            case UInt8(ascii: ";"):
                return RuleValueExtent(bound: index, contentEnd: contentEnd, unterminatedString: unterminated, reachesEndOfFileInString: false)
            case UInt8(ascii: "}") where brackets.last != UInt8(ascii: "{"):
                // Closes no CEL map: it is the block's `}` (after `[tue, wed` too).
                return RuleValueExtent(bound: index, contentEnd: contentEnd, unterminatedString: unterminated, reachesEndOfFileInString: false)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let prefix = RuleBytes.stringPrefix(bytes, quote: index, floor: start)
                let end = RuleBytes.skipString(bytes, quote: index, raw: prefix.raw, limit: count)
                if !end.isTerminated {
                    unterminated = unterminated ?? SourceRange(start: prefix.start, end: end.end)
                    if end.isTriple {
                        return RuleValueExtent(bound: count, contentEnd: count, unterminatedString: unterminated, reachesEndOfFileInString: true)
                    }
                }
                index = end.end
                contentEnd = index
                lastByte = byte
                lastWord = nil
            default:
                if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                    brackets.append(byte)
                } else if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                    _ = brackets.popLast()
                }
                if byte == UInt8(ascii: "?") { sawQuestionMark = true }
                if RuleBytes.isNameByte(byte) {
                    let wordStart = index
                    while index < count, RuleBytes.isNameByte(bytes[index]) { index += 1 }
                    lastWord = (wordStart, index)
                } else {
                    index += RuleBytes.stepLength(bytes, at: index)
                    lastWord = nil
                }
                contentEnd = index
                lastByte = byte
            }
        }
        return RuleValueExtent(bound: count, contentEnd: contentEnd, unterminatedString: unterminated, reachesEndOfFileInString: false)
    }

    /// Whether the line starting at `lineStart` looks like the start of the next setting
    /// or block (`name =`, `name {`, `name label {`): inside an unclosed bracket this is
    /// where the value most likely should have ended.
    static func startsNewItem(_ bytes: [UInt8], lineStart: Int) -> Bool {
        var index = lineStart
        func skipBlanks() { while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 } }
        func skipName() -> Bool {
            guard index < bytes.count, RuleBytes.isNameStart(bytes[index]) else { return false }
            while index < bytes.count, RuleBytes.isNameByte(bytes[index]) { index += 1 }
            return true
        }
        skipBlanks()
        guard skipName() else { return false }
        skipBlanks()
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: "=") {
            return index + 1 >= bytes.count || bytes[index + 1] != UInt8(ascii: "=")
        }
        if bytes[index] == UInt8(ascii: "{") { return true }
        guard skipName() else { return false }
        skipBlanks()
        return index < bytes.count && bytes[index] == UInt8(ascii: "{")
    }
}
