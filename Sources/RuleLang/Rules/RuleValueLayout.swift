/// How the formatter lays out one value: a rule literal in its canonical spelling, or the
/// source text of anything else with its continuation lines re-indented (one level
/// deeper than the key; a line starting with a closing bracket at the key's level).
///
/// Lines that begin inside a multi-line string are string content: they are moved as a
/// whole, replacing the indentation of the string's closing `"""` line with the new one.
/// Since a triple-quoted template is dedented by its closing line's indentation, the
/// template's text stays exactly the same.
enum RuleValueLayout {
    /// The printed lines of `value`; the first goes after `key = `, the others are full
    /// lines (already indented).
    static func lines(of value: RuleValue, in source: SourceFile, continuationIndent: String) -> [String] {
        let bytes = source.bytes
        let range = value.range
        if let literal = value.literal, !bytes[range.start..<range.end].contains(UInt8(ascii: "#")) {
            return [literal.canonicalSpelling(in: source)]
        }
        let strings = multiLineStrings(bytes, in: range)
        var lines: [String] = []
        var lineStart = range.start
        var stringIndex = 0
        while true {
            var lineEnd = lineStart
            while lineEnd < range.end, bytes[lineEnd] != RuleBytes.newline { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes[contentEnd - 1] == RuleBytes.carriageReturn { contentEnd -= 1 }
            while stringIndex < strings.count, strings[stringIndex].end <= lineStart { stringIndex += 1 }
            let inside = stringIndex < strings.count ? strings[stringIndex] : nil
            let startsInString = inside.map { $0.start < lineStart } ?? false
            let endsInString = lineEnd < range.end && strings.contains { $0.start < lineEnd && lineEnd < $0.end }

            var text: String
            if startsInString, let string = inside {
                let line = Array(bytes[lineStart..<contentEnd])
                if line.starts(with: string.closingIndent) {
                    text = continuationIndent + String(decoding: line[string.closingIndent.count...], as: UTF8.self)
                } else {
                    text = String(decoding: line, as: UTF8.self)
                }
            } else {
                var start = lineStart
                if lineStart != range.start {
                    while start < contentEnd, RuleBytes.isBlank(bytes[start]) { start += 1 }
                }
                var end = contentEnd
                if !endsInString {
                    while end > start, RuleBytes.isBlank(bytes[end - 1]) { end -= 1 }
                }
                let body = String(decoding: bytes[start..<end], as: UTF8.self)
                if lineStart == range.start || body.isEmpty {
                    text = body
                } else if let first = body.utf8.first, first == UInt8(ascii: ")") || first == UInt8(ascii: "]") || first == UInt8(ascii: "}") {
                    // A closing bracket lines up with the key, as the opening line does.
                    text = String(continuationIndent.dropLast(RuleFormatter.indentUnit.count)) + body
                } else {
                    text = continuationIndent + body
                }
            }
            lines.append(text)
            if lineEnd >= range.end { break }
            lineStart = lineEnd + 1
        }
        return lines
    }

    /// A string literal that spans lines, with the indentation of its closing line.
    struct MultiLineString {
        var start: Int
        var end: Int
        var closingIndent: [UInt8]
    }

    /// The strings in `range` that contain a line break, in order.
    static func multiLineStrings(_ bytes: [UInt8], in range: SourceRange) -> [MultiLineString] {
        var strings: [MultiLineString] = []
        var index = range.start
        while index < range.end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "#") || (byte == UInt8(ascii: "/") && index + 1 < range.end && bytes[index + 1] == UInt8(ascii: "/")) {
                while index < range.end, bytes[index] != RuleBytes.newline { index += 1 }
                continue
            }
            guard byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") else {
                index += 1
                continue
            }
            let prefix = RuleBytes.stringPrefix(bytes, quote: index, floor: range.start)
            let end = RuleBytes.skipString(bytes, quote: index, raw: prefix.raw, limit: range.end).end
            if bytes[index..<end].contains(RuleBytes.newline) {
                var closingLineStart = end
                while closingLineStart > index, bytes[closingLineStart - 1] != RuleBytes.newline { closingLineStart -= 1 }
                var indentEnd = closingLineStart
                while indentEnd < end, bytes[indentEnd] == 0x20 || bytes[indentEnd] == 0x09 { indentEnd += 1 }
                strings.append(MultiLineString(start: prefix.start, end: end, closingIndent: Array(bytes[closingLineStart..<indentEnd])))
            }
            index = max(end, index + 1)
        }
        return strings
    }
}
