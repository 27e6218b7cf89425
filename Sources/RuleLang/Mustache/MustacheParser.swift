/// Turns template source into `MustacheNode`s in one pass over its UTF-8 bytes, so every
/// diagnostic and reference points at exact byte offsets. It applies the spec's
/// standalone-line rule (a line holding only a section, comment, partial or delimiter
/// tag disappears from the output) and keeps going after an error to report as many
/// problems as it can in one run.

/// Parses one template; use `MustacheTemplate.parse` rather than this directly.
struct MustacheParser {
    /// What a parse produces. `nodes` is only meaningful when `diagnostics` is empty.
    struct Result {
        var nodes: [MustacheNode]
        var references: [MustacheReference]
        var diagnostics: [Diagnostic]
    }

    private let bytes: [UInt8]
    private var openDelimiter: [UInt8] = Array("{{".utf8)
    private var closeDelimiter: [UInt8] = Array("}}".utf8)
    private var rootNodes: [MustacheNode] = []
    private var openSections: [OpenSection] = []
    private var references: [MustacheReference] = []
    private var diagnostics = DiagnosticBag()

    /// A section whose closing tag has not been seen yet.
    private struct OpenSection {
        let name: String
        let path: [String]
        let inverted: Bool
        let tagRange: SourceRange
        /// `{{/name}}` spelled with the delimiters in force where the section opened.
        let closingTag: String
        var children: [MustacheNode] = []
    }

    /// One tag as found in the source, before it is turned into a node.
    private struct Tag {
        enum Kind {
            case variable(escaped: Bool)
            case section(inverted: Bool)
            case closing
            case comment
            case partial
            case setDelimiters(open: [UInt8], close: [UInt8])
        }
        let kind: Kind
        /// The whole tag, delimiters included.
        let range: SourceRange
        /// The name (or comment text) with padding trimmed.
        let content: String
        let contentRange: SourceRange

        /// The spec lets these tags stand alone on a line; interpolations never do.
        var canStandAlone: Bool {
            if case .variable = kind { return false }
            return true
        }
    }

    /// A usable tag, or where scanning resumes when the tag cannot be used.
    private enum ScanResult {
        case tag(Tag)
        case skip(resumeAt: Int)
    }

    static func parse(_ source: String) -> Result {
        var parser = MustacheParser(bytes: Array(source.utf8))
        parser.parseAll()
        return Result(nodes: parser.rootNodes, references: parser.references, diagnostics: parser.diagnostics.sorted)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    // MARK: - Main loop

    private mutating func parseAll() {
        var position = 0
        var textStart = 0
        while let tagStart = find(openDelimiter, from: position) {
            switch scanTag(at: tagStart) {
            case .skip(let resumeAt):
                position = resumeAt
            case .tag(let tag):
                let line = tag.canStandAlone ? standaloneLine(around: tag.range) : nil
                appendText(from: textStart, to: line?.indentationStart ?? tag.range.start)
                position = line?.nextLineStart ?? tag.range.end
                textStart = position
                let indentation = line.map { text(from: $0.indentationStart, to: tag.range.start) }
                handle(tag, standaloneIndentation: indentation)
            }
        }
        appendText(from: textStart, to: bytes.count)
        while let section = openSections.last {
            reportNeverClosed(section, help: "add \(section.closingTag) after the section's content")
            closeInnermostSection()
        }
    }

    private mutating func handle(_ tag: Tag, standaloneIndentation: String?) {
        switch tag.kind {
        case .variable(let escaped):
            let path = namePath(of: tag)
            record(path, tag, .interpolation)
            append(.variable(path: path, escaped: escaped))
        case .section(let inverted):
            let path = namePath(of: tag)
            record(path, tag, inverted ? .invertedSection : .section)
            openSections.append(OpenSection(
                name: tag.content, path: path, inverted: inverted, tagRange: tag.range,
                closingTag: spelled("/" + tag.content)))
        case .closing:
            close(tag)
        case .comment:
            break
        case .partial:
            validatePartialName(of: tag)
            record([tag.content], tag, .partial)
            append(.partial(
                name: tag.content, indentation: standaloneIndentation ?? "",
                standalone: standaloneIndentation != nil))
        case .setDelimiters(let open, let close):
            openDelimiter = open
            closeDelimiter = close
        }
    }

    // MARK: - Tags

    /// Reads the tag whose opening delimiter starts at `tagStart`.
    private mutating func scanTag(at tagStart: Int) -> ScanResult {
        var cursor = tagStart + openDelimiter.count
        let sigil = cursor < bytes.count ? bytes[cursor] : 0
        var terminator = closeDelimiter
        let kind: Tag.Kind
        switch sigil {
        case UInt8(ascii: "#"): kind = .section(inverted: false)
        case UInt8(ascii: "^"): kind = .section(inverted: true)
        case UInt8(ascii: "/"): kind = .closing
        case UInt8(ascii: "!"): kind = .comment
        case UInt8(ascii: ">"): kind = .partial
        case UInt8(ascii: "&"): kind = .variable(escaped: false)
        case UInt8(ascii: "{"):
            kind = .variable(escaped: false)
            terminator = Array("}".utf8) + closeDelimiter
        case UInt8(ascii: "="):
            kind = .setDelimiters(open: [], close: [])
            terminator = Array("=".utf8) + closeDelimiter
        case UInt8(ascii: "<"), UInt8(ascii: "$"):
            return skipUnsupportedInheritance(at: tagStart, terminator: terminator)
        default: kind = .variable(escaped: true)
        }
        // Every kind but the plain `{{name}}` starts with a one-byte sigil.
        if !isPlainVariable(kind) { cursor += 1 }

        guard let terminatorStart = find(terminator, from: cursor) else {
            reportUnclosed(at: tagStart, expected: terminator)
            return .skip(resumeAt: tagStart + openDelimiter.count)
        }
        var contentStart = cursor
        var contentEnd = terminatorStart
        while contentStart < contentEnd, isWhitespace(bytes[contentStart]) { contentStart += 1 }
        while contentEnd > contentStart, isWhitespace(bytes[contentEnd - 1]) { contentEnd -= 1 }
        let tagRange = SourceRange(start: tagStart, end: terminatorStart + terminator.count)

        switch kind {
        case .comment:
            break
        case .setDelimiters:
            guard let (open, close) = delimiters(from: contentStart, to: contentEnd) else {
                diagnostics.append(.error(
                    "invalid set-delimiter tag: expected two delimiters separated by a space",
                    at: tagRange,
                    help: "write it like \(spelled("=<% %>=")); delimiters cannot contain spaces or '='"))
                return .skip(resumeAt: tagRange.end)
            }
            return .tag(Tag(
                kind: .setDelimiters(open: open, close: close), range: tagRange, content: "",
                contentRange: SourceRange(start: contentStart, end: contentEnd)))
        default:
            // A name running over a line or into another tag means the closing
            // delimiter was forgotten; the `}}` found belongs to a later tag.
            if contains(UInt8(ascii: "\n"), from: contentStart, to: contentEnd)
                || find(openDelimiter, from: contentStart, before: contentEnd) != nil {
                reportUnclosed(at: tagStart, expected: terminator)
                return .skip(resumeAt: tagStart + openDelimiter.count)
            }
        }
        return .tag(Tag(
            kind: kind, range: tagRange, content: text(from: contentStart, to: contentEnd),
            contentRange: SourceRange(start: contentStart, end: contentEnd)))
    }

    private func isPlainVariable(_ kind: Tag.Kind) -> Bool {
        if case .variable(escaped: true) = kind { return true }
        return false
    }

    /// The two delimiters of a `{{=<% %>=}}` tag, or nil when malformed.
    private func delimiters(from start: Int, to end: Int) -> ([UInt8], [UInt8])? {
        let parts = bytes[start..<end].split(whereSeparator: isWhitespace).map(Array.init)
        guard parts.count == 2, !parts.contains(where: { $0.contains(UInt8(ascii: "=")) }) else { return nil }
        return (parts[0], parts[1])
    }

    private mutating func skipUnsupportedInheritance(at tagStart: Int, terminator: [UInt8]) -> ScanResult {
        let end = find(terminator, from: tagStart).map { $0 + terminator.count } ?? lineEnd(from: tagStart)
        diagnostics.append(.error(
            "template inheritance (\(spelled("<parent")) and \(spelled("$block"))) is not supported",
            at: SourceRange(start: tagStart, end: end),
            help: "use a partial \(spelled(">name")) instead"))
        return .skip(resumeAt: end)
    }

    // MARK: - Sections

    private mutating func close(_ tag: Tag) {
        let closingTag = spelled("/" + tag.content)
        guard let innermost = openSections.last else {
            diagnostics.append(.error(
                "closing tag \(closingTag) has no matching open section", at: tag.range,
                help: "remove it, or open the section before it with \(spelled("#" + tag.content))"))
            return
        }
        if innermost.name == tag.content {
            closeInnermostSection()
        } else if let match = openSections.lastIndex(where: { $0.name == tag.content }) {
            // Sections opened after the matching one were forgotten: report and close them.
            while openSections.count > match + 1, let forgotten = openSections.last {
                reportNeverClosed(forgotten, help: "add \(forgotten.closingTag) before \(closingTag)")
                closeInnermostSection()
            }
            closeInnermostSection()
        } else {
            // Most likely a typo for the innermost name: close that one to keep the structure.
            diagnostics.append(.error(
                "closing tag \(closingTag) does not match the open section '\(innermost.name)'", at: tag.range,
                help: "write \(innermost.closingTag) to close '\(innermost.name)'"))
            closeInnermostSection()
        }
    }

    private mutating func closeInnermostSection() {
        let section = openSections.removeLast()
        append(.section(path: section.path, inverted: section.inverted, children: section.children))
    }

    private mutating func reportNeverClosed(_ section: OpenSection, help: String) {
        diagnostics.append(.error("section '\(section.name)' is never closed", at: section.tagRange, help: help))
    }

    // MARK: - Names

    /// The path of a variable or section name, reporting names that cannot be looked up.
    private mutating func namePath(of tag: Tag) -> [String] {
        let name = tag.content
        if name.isEmpty {
            diagnostics.append(.error(
                "empty tag: expected a name between '\(delimiterText(openDelimiter))' and '\(delimiterText(closeDelimiter))'",
                at: tag.range, help: "write the name of a value, e.g. \(spelled("date"))"))
            return []
        }
        if name == "." { return [] }
        if name.utf8.contains(where: isWhitespace) {
            diagnostics.append(.error(
                "tag name '\(name)' contains a space", at: tag.contentRange,
                help: "names are single words, e.g. \(spelled(name.split(whereSeparator: \.isWhitespace).joined(separator: "_")))"))
            return [name]
        }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.contains(where: \.isEmpty) {
            diagnostics.append(.error(
                "invalid name '\(name)'", at: tag.contentRange,
                help: "separate the parts of a name with single dots, e.g. \(spelled("client.nom"))"))
        }
        return parts
    }

    private mutating func validatePartialName(of tag: Tag) {
        if tag.content.isEmpty {
            diagnostics.append(.error(
                "empty partial tag: expected a partial name", at: tag.range,
                help: "write the partial's name, e.g. \(spelled(">pied_de_page"))"))
        } else if tag.content.utf8.contains(where: isWhitespace) {
            diagnostics.append(.error(
                "partial name '\(tag.content)' contains a space", at: tag.contentRange,
                help: "partial names are single words"))
        }
    }

    private mutating func record(_ path: [String], _ tag: Tag, _ kind: MustacheReference.Kind) {
        references.append(MustacheReference(
            path: path, range: tag.contentRange, kind: kind, enclosingSections: openSections.map(\.path)))
    }

    // MARK: - Output

    private mutating func append(_ node: MustacheNode) {
        if openSections.isEmpty {
            rootNodes.append(node)
        } else {
            openSections[openSections.count - 1].children.append(node)
        }
    }

    private mutating func appendText(from start: Int, to end: Int) {
        if start < end { append(.text(text(from: start, to: end))) }
    }

    // MARK: - Standalone lines

    /// When the tag is alone on its line (only spaces or tabs around it), the start of
    /// that line's indentation and the start of the next line; otherwise nil.
    private func standaloneLine(around tag: SourceRange) -> (indentationStart: Int, nextLineStart: Int)? {
        var start = tag.start
        while start > 0, isBlank(bytes[start - 1]) { start -= 1 }
        guard start == 0 || bytes[start - 1] == UInt8(ascii: "\n") else { return nil }
        var end = tag.end
        while end < bytes.count, isBlank(bytes[end]) { end += 1 }
        if end == bytes.count { return (start, end) }
        if bytes[end] == UInt8(ascii: "\n") { return (start, end + 1) }
        if bytes[end] == UInt8(ascii: "\r"), end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "\n") {
            return (start, end + 2)
        }
        return nil
    }

    // MARK: - Diagnostics

    private mutating func reportUnclosed(at tagStart: Int, expected terminator: [UInt8]) {
        let expected = delimiterText(terminator)
        diagnostics.append(.error(
            "unclosed tag: expected '\(expected)'",
            at: SourceRange(start: tagStart, end: lineEnd(from: tagStart)),
            help: "end the tag with '\(expected)'"))
    }

    /// `body` between the current delimiters, e.g. `{{/offres}}`, for messages.
    private func spelled(_ body: String) -> String {
        delimiterText(openDelimiter) + body + delimiterText(closeDelimiter)
    }

    private func delimiterText(_ delimiter: [UInt8]) -> String {
        String(decoding: delimiter, as: UTF8.self)
    }

    // MARK: - Bytes

    private func text(from start: Int, to end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The first occurrence of `pattern` starting at or after `start` and, when given,
    /// ending at or before `limit`.
    private func find(_ pattern: [UInt8], from start: Int, before limit: Int? = nil) -> Int? {
        guard let first = pattern.first else { return nil }
        let lastStart = (limit ?? bytes.count) - pattern.count
        var index = start
        while index <= lastStart {
            if bytes[index] == first, matches(pattern, at: index) { return index }
            index += 1
        }
        return nil
    }

    private func matches(_ pattern: [UInt8], at index: Int) -> Bool {
        for offset in 1..<pattern.count where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    private func contains(_ byte: UInt8, from start: Int, to end: Int) -> Bool {
        bytes[start..<end].contains(byte)
    }

    private func lineEnd(from start: Int) -> Int {
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") { end += 1 }
        return end
    }
}

/// Spaces and tabs: what may surround a standalone tag on its line.
private func isBlank(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")
}

/// What may pad a tag's name: `{{ name }}`, or even a name on its own line.
private func isWhitespace(_ byte: UInt8) -> Bool {
    isBlank(byte) || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
}
