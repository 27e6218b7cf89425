/// The text of a quoted string value as the rules mean it, with a way back from offsets
/// in that text to offsets in the rule file. Templates need both: Mustache reports
/// `{{lein}}` at an offset in the template, and the admin must see the caret under it in
/// the file.
///
/// Multi-line triple-quoted strings are dedented like Swift's: when the opening `"""`
/// ends its line and the closing `"""` sits alone on its line, the closing line's
/// indentation is removed from every line, and the line breaks after the opening and
/// before the closing delimiter are not part of the text. Offsets map exactly when the
/// string has no escape sequences (what you see is what is sent); otherwise they map to
/// the whole string.
struct QuotedText: Sendable {
    /// The text after decoding and dedenting.
    var text: String
    /// File offset of each UTF-8 byte of `text`, plus one past the end; nil when the text
    /// does not map byte for byte (escapes).
    var fileOffsets: [Int]?
    /// The whole value, where unmappable ranges point.
    var valueRange: SourceRange
    /// Lines indented less than the closing delimiter (file ranges), for a warning.
    var underIndentedLines: [SourceRange] = []

    /// The file range of a range of `text`.
    func fileRange(of range: SourceRange) -> SourceRange {
        guard let offsets = fileOffsets, range.start >= 0, range.end < offsets.count else { return valueRange }
        let start = offsets[range.start]
        let end = range.end > range.start ? offsets[range.end - 1] + 1 : start
        return SourceRange(start: start, end: end)
    }

    /// Reads the string at `range` of `file`, whose decoded value (from the CEL lexer) is
    /// `decoded`.
    static func read(_ file: SourceFile, range: SourceRange, decoded: String) -> QuotedText {
        let bytes = Array(file.bytes[max(0, range.start)..<min(range.end, file.bytes.count)])
        var index = 0
        var raw = false
        while index < bytes.count, bytes[index] == UInt8(ascii: "r") || bytes[index] == UInt8(ascii: "R") {
            raw = true
            index += 1
        }
        guard index < bytes.count else { return QuotedText(text: decoded, fileOffsets: nil, valueRange: range) }
        let quote = bytes[index]
        let triple = index + 2 < bytes.count && bytes[index + 1] == quote && bytes[index + 2] == quote
            && bytes.count - index >= 6
        let delimiter = triple ? 3 : 1
        let contentStart = index + delimiter
        let contentEnd = bytes.count - delimiter
        guard contentEnd >= contentStart else { return QuotedText(text: decoded, fileOffsets: nil, valueRange: range) }
        let content = Array(bytes[contentStart..<contentEnd])
        let exact = raw || !content.contains(UInt8(ascii: "\\"))

        var textBytes: [UInt8]
        var offsets: [Int]
        if exact {
            textBytes = content
            offsets = (0...content.count).map { range.start + contentStart + $0 }
        } else {
            textBytes = Array(decoded.utf8)
            offsets = Array(repeating: range.start, count: textBytes.count + 1)
        }
        var result = QuotedText(text: decoded, fileOffsets: nil, valueRange: range)
        if triple {
            result.underIndentedLines = dedent(&textBytes, &offsets)
            if !exact { result.underIndentedLines = result.underIndentedLines.isEmpty ? [] : [range] }
        }
        result.text = String(decoding: textBytes, as: UTF8.self)
        result.fileOffsets = exact ? offsets : nil
        return result
    }

    /// Dedents in place (see the type's documentation); returns under-indented lines.
    private static func dedent(_ bytes: inout [UInt8], _ offsets: inout [Int]) -> [SourceRange] {
        let newline = UInt8(ascii: "\n")
        guard let firstBreak = bytes.firstIndex(of: newline), let lastBreak = bytes.lastIndex(of: newline),
              bytes[..<firstBreak].allSatisfy(isHorizontalSpace),
              bytes[(lastBreak + 1)...].allSatisfy({ $0 == 32 || $0 == 9 }) else { return [] }
        let indentation = Array(bytes[(lastBreak + 1)...])
        var outBytes: [UInt8] = []
        var outOffsets: [Int] = []
        var underIndented: [SourceRange] = []
        if firstBreak < lastBreak {
            // Lines between the delimiters, each without its line break.
            var lineStart = firstBreak + 1
            var isFirstLine = true
            while lineStart <= lastBreak {
                let lineEnd = bytes[lineStart...].firstIndex(of: newline) ?? lastBreak
                var line = lineStart..<lineEnd
                if line.upperBound > line.lowerBound, bytes[line.upperBound - 1] == UInt8(ascii: "\r") {
                    line = line.lowerBound..<(line.upperBound - 1)
                }
                if !isFirstLine {
                    outBytes.append(newline)
                    outOffsets.append(offsets[lineStart - 1])
                }
                isFirstLine = false
                if bytes[line].allSatisfy(isHorizontalSpace) {
                    // Blank lines may be indented less; they stay empty.
                } else if bytes[line].starts(with: indentation) {
                    let kept = (line.lowerBound + indentation.count)..<line.upperBound
                    outBytes += bytes[kept]
                    outOffsets += offsets[kept]
                } else {
                    var kept = line.lowerBound
                    while kept < line.upperBound, isHorizontalSpace(bytes[kept]) { kept += 1 }
                    underIndented.append(SourceRange(start: offsets[line.lowerBound], end: offsets[line.upperBound - 1] + 1))
                    outBytes += bytes[kept..<line.upperBound]
                    outOffsets += offsets[kept..<line.upperBound]
                }
                lineStart = lineEnd + 1
            }
        }
        outOffsets.append(offsets[lastBreak])
        bytes = outBytes
        offsets = outOffsets
        return underIndented
    }

    private static func isHorizontalSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == UInt8(ascii: "\r")
    }
}
