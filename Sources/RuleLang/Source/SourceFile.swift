/// A named UTF-8 text being compiled: a rule file, a CEL expression typed on the command
/// line, or a template. Every phase works on byte offsets into `bytes`; this type turns
/// them back into the line and column a person sees.
public struct SourceFile: Sendable {
    /// The path or label shown in diagnostics, e.g. `rules/bistrot.rules` or `<expr>`.
    public let name: String
    /// The raw bytes; not guaranteed to be valid UTF-8 (the lexers report bad bytes).
    public let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    public let lineStarts: [Int]

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public init(name: String, text: String) {
        self.init(name: name, bytes: Array(text.utf8))
    }

    /// The 1-based line and column of a byte offset. Columns count Unicode scalars, so a
    /// caret lines up under accented letters in a terminal.
    public func location(of offset: Int) -> SourceLocation {
        let clamped = max(0, min(offset, bytes.count))
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= clamped { low = mid } else { high = mid - 1 }
        }
        let lineStart = lineStarts[low]
        var column = 1
        var index = lineStart
        while index < clamped {
            index += Self.scalarLength(lead: bytes[index])
            column += 1
        }
        return SourceLocation(offset: clamped, line: low + 1, column: column)
    }

    /// The text of a 1-based line without its line terminator. Invalid UTF-8 is shown
    /// with replacement characters rather than hidden.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }

    /// The source text covered by a range, decoded leniently.
    public func text(in range: SourceRange) -> String {
        let start = max(0, min(range.start, bytes.count))
        let end = max(start, min(range.end, bytes.count))
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Length in bytes of the UTF-8 sequence that starts with `lead` (1 for stray bytes,
    /// so a column walk always advances).
    static func scalarLength(lead: UInt8) -> Int {
        switch lead {
        case 0xF0...0xF4: return 4
        case 0xE0...0xEF: return 3
        case 0xC2...0xDF: return 2
        default: return 1
        }
    }
}

/// A point in a source file, 1-based for people.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let offset: Int
    public let line: Int
    public let column: Int
    public var description: String { "\(line):\(column)" }
}

/// A half-open byte range `[start, end)` in a source file.
public struct SourceRange: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    /// An empty range at one offset, for "expected X here" diagnostics.
    public static func point(_ offset: Int) -> SourceRange { SourceRange(start: offset, end: offset) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(start: min(start, other.start), end: max(end, other.end))
    }

    /// This range moved by `delta` bytes (used when an expression is parsed out of a
    /// larger file and its offsets must point into that file).
    public func shifted(by delta: Int) -> SourceRange {
        SourceRange(start: start + delta, end: end + delta)
    }
}
