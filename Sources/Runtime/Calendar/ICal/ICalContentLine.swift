/// The content lines of an iCalendar file (RFC 5545 section 3.1): physical lines are
/// unfolded (a line starting with a space or tab continues the previous one, after CRLF
/// or a bare LF), then split into `NAME;PARAM=value;...:VALUE`. Every piece keeps a
/// byte range into the original file, through the folds, so errors point at the text
/// the admin wrote.
import RuleLang

/// One property parameter such as `TZID=Europe/Paris` or `CN="Dupont, Marie"`.
struct ICalParameter: Sendable, Hashable {
    /// Upper-cased name, e.g. `TZID`.
    var name: String
    /// The values, unquoted (a parameter may list several, separated by commas).
    var values: [String]
    /// File range of the whole `NAME=value` text.
    var range: SourceRange
}

/// One unfolded content line.
struct ICalContentLine: Sendable {
    /// Upper-cased property name, e.g. `DTSTART` or `X-SPEEDAI-PARTY`.
    var name: String
    var nameRange: SourceRange
    var parameters: [ICalParameter]
    /// The raw value after the colon (TEXT escapes not yet undone).
    var value: String
    /// File range of the value (spanning folds when the value was folded).
    var valueRange: SourceRange
    /// 1-based line of the file where the content line begins.
    var line: Int
    /// Maps byte offsets within `value` to file offsets, through the folds.
    private var valueSegments: [(valueOffset: Int, fileOffset: Int)]

    /// The first value of a parameter, e.g. `parameter("TZID")`.
    func parameter(_ name: String) -> String? {
        parameters.first(where: { $0.name == name })?.values.first
    }

    /// The file range of a byte range inside the value (for an error on one item of a
    /// comma-separated list, or one part of an RRULE).
    func fileRange(ofValueBytes range: SourceRange) -> SourceRange {
        // Clamped: with invalid UTF-8 the decoded value is longer than the bytes it came from.
        let start = min(fileOffset(ofValueByte: range.start), valueRange.end)
        // An end that falls exactly on a fold belongs to the piece before it.
        let end = range.end > range.start ? fileOffset(ofValueByte: range.end - 1) + 1 : start
        return SourceRange(start: start, end: min(end, valueRange.end))
    }

    private func fileOffset(ofValueByte offset: Int) -> Int {
        guard let segment = valueSegments.last(where: { $0.valueOffset <= offset }) else { return valueRange.start }
        return segment.fileOffset + (offset - segment.valueOffset)
    }

    init(name: String, nameRange: SourceRange, parameters: [ICalParameter], value: String,
         valueRange: SourceRange, line: Int, valueSegments: [(valueOffset: Int, fileOffset: Int)]) {
        self.name = name
        self.nameRange = nameRange
        self.parameters = parameters
        self.value = value
        self.valueRange = valueRange
        self.line = line
        self.valueSegments = valueSegments
    }
}

/// Unfolds a file and parses its content lines, reporting lines that are not
/// `NAME:value`.
struct ICalContentLineReader {
    /// A logical line: its bytes, and where each run of them came from in the file.
    private struct Unfolded {
        var bytes: [UInt8] = []
        var segments: [(offset: Int, fileOffset: Int)] = []
        var line: Int

        func fileOffset(_ offset: Int) -> Int {
            guard let segment = segments.last(where: { $0.offset <= offset }) else { return 0 }
            return segment.fileOffset + (offset - segment.offset)
        }

        func fileRange(_ start: Int, _ end: Int) -> SourceRange {
            // An end that falls exactly on a fold belongs to the piece before it.
            let endOffset = end > start ? fileOffset(end - 1) + 1 : fileOffset(start)
            return SourceRange(start: fileOffset(start), end: endOffset)
        }
    }

    /// Every content line of the file in order, or the error for a line that cannot be
    /// read (kept in place so a component knows one of its lines was lost).
    static func read(_ file: SourceFile) -> [Parsed] {
        unfold(file.bytes).map(parse)
    }

    private static func unfold(_ bytes: [UInt8]) -> [Unfolded] {
        var result: [Unfolded] = []
        // A UTF-8 byte order mark, as some Windows exports write, is not content.
        var lineStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lineNumber = 0
        while lineStart < bytes.count {
            lineNumber += 1
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > lineStart && bytes[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
            let first = lineStart < contentEnd ? bytes[lineStart] : nil
            if (first == UInt8(ascii: " ") || first == UInt8(ascii: "\t")), !result.isEmpty {
                // A fold: the leading space or tab is dropped, the rest continues the line.
                var last = result.removeLast()
                last.segments.append((last.bytes.count, lineStart + 1))
                last.bytes.append(contentsOf: bytes[(lineStart + 1)..<contentEnd])
                result.append(last)
            } else if contentEnd > lineStart {
                result.append(Unfolded(bytes: Array(bytes[lineStart..<contentEnd]),
                                       segments: [(0, lineStart)], line: lineNumber))
            }
            lineStart = lineEnd + 1
        }
        return result
    }

    /// A content line, or why a physical line could not be read as one.
    enum Parsed {
        case line(ICalContentLine)
        case problem(Diagnostic)
    }

    private static func parse(_ unfolded: Unfolded) -> Parsed {
        let bytes = unfolded.bytes
        var index = 0
        func isNameByte(_ byte: UInt8) -> Bool {
            (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
        }
        while index < bytes.count && isNameByte(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[0..<index], as: UTF8.self).uppercased()
        let nameRange = unfolded.fileRange(0, index)
        let wholeLine = unfolded.fileRange(0, bytes.count)
        let excerpt = String(decoding: bytes.prefix(40), as: UTF8.self)
        guard index > 0 else {
            return .problem(.error("expected a property name such as DTSTART, found '\(excerpt)'", at: wholeLine,
                                   help: "each line of an .ics file is NAME:value; a line that continues the previous one starts with a space"))
        }
        var parameters: [ICalParameter] = []
        while index < bytes.count && bytes[index] == UInt8(ascii: ";") {
            let parameterStart = index + 1
            index += 1
            while index < bytes.count && isNameByte(bytes[index]) { index += 1 }
            let parameterName = String(decoding: bytes[parameterStart..<index], as: UTF8.self).uppercased()
            guard !parameterName.isEmpty, index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                return .problem(.error("expected a parameter such as TZID=Europe/Paris after ';' in \(name)",
                                       at: unfolded.fileRange(parameterStart, max(parameterStart, index)),
                                       help: "parameters look like ;TZID=Europe/Paris or ;VALUE=DATE, before the ':'"))
            }
            index += 1
            var values: [String] = []
            while true {
                if index < bytes.count && bytes[index] == UInt8(ascii: "\"") {
                    let quoteStart = index
                    index += 1
                    let valueStart = index
                    while index < bytes.count && bytes[index] != UInt8(ascii: "\"") { index += 1 }
                    guard index < bytes.count else {
                        return .problem(.error("this quoted parameter value is never closed", at: unfolded.fileRange(quoteStart, bytes.count),
                                               help: "add the closing '\"'"))
                    }
                    values.append(String(decoding: bytes[valueStart..<index], as: UTF8.self))
                    index += 1
                } else {
                    let valueStart = index
                    while index < bytes.count && ![UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ":")].contains(bytes[index]) {
                        index += 1
                    }
                    values.append(String(decoding: bytes[valueStart..<index], as: UTF8.self))
                }
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { break }
                index += 1
            }
            parameters.append(ICalParameter(name: parameterName, values: values,
                                            range: unfolded.fileRange(parameterStart, index)))
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
            let at = index < bytes.count ? unfolded.fileRange(index, index + 1) : SourceRange.point(unfolded.fileRange(0, bytes.count).end)
            return .problem(.error("expected ':' after \(name)", at: at,
                                   help: "each line of an .ics file is NAME:value, e.g. DTSTART:20250118T193000"))
        }
        index += 1
        let valueStart = index
        var valueSegments: [(valueOffset: Int, fileOffset: Int)] = []
        for segment in unfolded.segments {
            let segmentEnd = segment.offset
            if segmentEnd <= valueStart { continue }
            valueSegments.append((segment.offset - valueStart, segment.fileOffset))
        }
        valueSegments.insert((0, unfolded.fileOffset(valueStart)), at: 0)
        return .line(ICalContentLine(
            name: name, nameRange: nameRange, parameters: parameters,
            value: String(decoding: bytes[valueStart...], as: UTF8.self),
            valueRange: unfolded.fileRange(valueStart, bytes.count), line: unfolded.line,
            valueSegments: valueSegments))
    }
}
