/// The rule-file parser: recursive descent over blocks and settings, with error recovery
/// so one run reports several problems (after an error it skips to the end of the line,
/// or past a braced group, and carries on).
///
/// A missing `}` is diagnosed with the help of indentation: when a block is left open,
/// the parser finds the block whose indentation says where it should have ended, reports
/// it ("add '}' after line 18"), and parses again as if the brace were there, so the rest
/// of the file is read with its intended structure and nothing else is blamed.
public enum RuleParser {
    /// How deeply blocks may nest; deeper input is reported, not recursed into.
    public static let maxBlockDepth = 32

    /// Re-parses attempted with a guessed `}`; each one fixes one missing brace.
    static let maxRepairPasses = 8

    /// Parses a rule file. Never fails: problems are in `RuleFile.diagnostics` (sorted by
    /// position, at most `DiagnosticBag.defaultLimit` of them).
    public static func parse(_ file: SourceFile) -> RuleFile {
        let encodingErrors = RuleEncodingCheck.diagnostics(file)
        var implicitCloses: [Int: Int] = [:]
        var repairErrors: [Diagnostic] = []
        var layout: RuleLineLayout?
        var pass = 0
        while true {
            var parser = RuleParserCore(file: file, implicitCloses: implicitCloses)
            let top = parser.parseFile()
            let unclosed = parser.blocks.filter(\.isOpenAtEndOfFile)
            let canRepair = !unclosed.isEmpty && !parser.reachesEndOfFileInString && pass < maxRepairPasses
            if canRepair {
                let lines = layout ?? RuleLineLayout(file)
                layout = lines
                if let repair = RuleBraceRepair.choose(parser.blocks, lines: lines),
                   implicitCloses[repair.keywordStart] == nil {
                    implicitCloses[repair.keywordStart] = repair.closeOffset
                    repairErrors.append(repair.diagnostic)
                    pass += 1
                    continue
                }
            }
            var bag = DiagnosticBag()
            bag.append(contentsOf: encodingErrors)
            bag.append(contentsOf: parser.diagnostics)
            bag.append(contentsOf: repairErrors)
            if !parser.reachesEndOfFileInString {
                let lines = layout ?? RuleLineLayout(file)
                for block in unclosed {
                    bag.append(RuleBraceRepair.neverClosed(block, lines: lines).diagnostic)
                }
            }
            return RuleFile(source: file, items: top.items, trailingComments: top.comments, diagnostics: bag.sorted)
        }
    }
}

/// What the brace diagnosis needs to know about each block the parser met.
struct RuleBlockRecord: Sendable {
    /// `service lunch`, for messages.
    var title: String
    var headerRange: SourceRange
    var openBrace: Int
    /// The offset of the `}` that closed it, when one did.
    var closeBrace: Int?
    var isOpenAtEndOfFile: Bool
}

/// One parse of a file (the `RuleParser` may run several, see there).
struct RuleParserCore {
    let file: SourceFile
    let bytes: [UInt8]
    /// Keyword offset of a block → where to end it as if a `}` were there.
    let implicitCloses: [Int: Int]
    private var lexer: RuleLexer
    private var token: RuleToken
    private(set) var diagnostics: [Diagnostic] = []
    private(set) var blocks: [RuleBlockRecord] = []
    private(set) var reachesEndOfFileInString = false

    init(file: SourceFile, implicitCloses: [Int: Int]) {
        self.file = file
        self.bytes = file.bytes
        self.implicitCloses = implicitCloses
        var lexer = RuleLexer(file)
        self.token = lexer.next()
        self.lexer = lexer
    }

    /// The items of one block (or of the file) and how the list ended.
    struct ItemList {
        var items: [RuleItem] = []
        /// Comments after the last item.
        var comments: [RuleComment] = []
        var ending: Ending = .endOfFile
    }

    enum Ending {
        case brace(SourceRange)
        case implicit
        case endOfFile
    }

    /// The block whose items are being read.
    struct BlockContext {
        var title: String
        var keywordStart: Int
    }

    mutating func parseFile() -> ItemList {
        parseItems(depth: 0, in: nil)
    }

    // MARK: - Tokens

    private mutating func advance() {
        token = lexer.next()
    }

    private mutating func resume(at offset: Int) {
        lexer.reposition(to: offset)
        token = lexer.next()
    }

    /// Errors are found in source order, so beyond twice what the report shows, more
    /// would only cost time (a file of 10 000 stray braces must stay fast).
    private mutating func report(_ diagnostic: Diagnostic) {
        guard diagnostics.count < 2 * DiagnosticBag.defaultLimit else { return }
        diagnostics.append(diagnostic)
    }

    private func text(_ range: SourceRange) -> String { file.text(in: range) }

    private func comment(_ token: RuleToken) -> RuleComment {
        var end = token.range.end
        while end > token.range.start, RuleBytes.isBlank(bytes[end - 1]) { end -= 1 }
        let range = SourceRange(start: token.range.start, end: end)
        return RuleComment(text: text(range), range: range)
    }

    /// Skips the rest of a line after an error. A braced group met on the way is skipped
    /// whole; a `}` that closes the current block is left for it.
    private mutating func skipLine() {
        var depth = 0
        while true {
            switch token.kind {
            case .endOfFile:
                return
            case .newline where depth == 0:
                return
            case .openBrace:
                depth += 1
            case .closeBrace:
                if depth == 0 { return }
                depth -= 1
            default:
                break
            }
            advance()
        }
    }

    // MARK: - Items

    private mutating func parseItems(depth: Int, in block: BlockContext?) -> ItemList {
        var list = ItemList()
        var pending: [RuleComment] = []
        var blankBeforePending = false
        var sawBlankLine = false
        var atLineStart = block == nil
        var justOpened = block != nil
        let closeAt = block.flatMap { implicitCloses[$0.keywordStart] }

        func take(_ item: RuleItem?) {
            guard var item else { return }
            var trivia = item.trivia
            trivia.leadingComments = pending
            trivia.blankLineBefore = pending.isEmpty ? sawBlankLine : blankBeforePending
            switch item {
            case .block(var block): block.trivia = trivia; item = .block(block)
            case .setting(var setting): setting.trivia = trivia; item = .setting(setting)
            }
            list.items.append(item)
            pending = []
            sawBlankLine = false
            blankBeforePending = false
        }

        while true {
            if let closeAt, token.range.start >= closeAt {
                list.ending = .implicit
                list.comments = pending
                return list
            }
            switch token.kind {
            case .newline:
                if atLineStart { sawBlankLine = true }
                atLineStart = true
                advance()
                continue
            case .semicolon:
                advance()
            case .comment:
                if pending.isEmpty { blankBeforePending = sawBlankLine }
                pending.append(comment(token))
                advance()
            case .closeBrace:
                if block != nil {
                    list.ending = .brace(token.range)
                    list.comments = pending
                    advance()
                    return list
                }
                report(.error("unexpected '}': there is no open block to close", at: token.range,
                              help: "remove it, or look above for a block that is closed twice"))
                advance()
            case .endOfFile:
                list.comments = pending
                list.ending = .endOfFile
                return list
            case .name:
                take(parseItem(depth: depth))
            case .openBrace:
                if justOpened, let block {
                    report(.error("unexpected '{': block '\(block.title)' is already open", at: token.range,
                                  help: "remove this extra '{'"))
                } else {
                    report(.error("unexpected '{' without a block name", at: token.range,
                                  help: "a block starts with its name, like 'offers {'"))
                }
                advance()
            default:
                reportUnexpectedAtLineStart()
                skipLine()
            }
            atLineStart = false
            justOpened = false
        }
    }

    private mutating func reportUnexpectedAtLineStart() {
        let range = token.range
        let first = bytes[range.start]
        if case .other = token.kind, RuleBytes.validScalarLength(bytes, at: range.start) == nil {
            return // The encoding check already reported this line.
        }
        let spelled = text(range)
        switch token.kind {
        case .equals:
            report(.error("expected a setting name before '='", at: range, help: "a setting is written 'name = value'"))
        case .string:
            report(.error("unexpected text in quotes", at: range,
                          help: "a setting is written with its name first, like 'name = \(spelled)'"))
        case .number:
            report(.error("unexpected '\(spelled)'", at: range,
                          help: "each line starts with a setting name, like 'name = \(spelled)'"))
        case .other where first == UInt8(ascii: "/") && range.start + 1 < bytes.count && bytes[range.start + 1] == UInt8(ascii: "/"):
            report(.error("comments start with '#', not '//'", at: SourceRange(start: range.start, end: range.start + 2),
                          help: "write '#' instead of '//'"))
        case .other where Array("&|+-*/%<>!?.".utf8).contains(first):
            report(.error("unexpected '\(spelled)' at the start of a line", at: range,
                          help: "a value ends with its line; to continue an expression on the next line, end the line with the operator"))
        default:
            let shown = first < 0x20 || first == 0x7F ? RuleBytes.hex(first) : spelled
            report(.error("unexpected '\(shown)'", at: range,
                          help: "each line holds a setting 'name = value', a block 'name { ... }', or a comment starting with '#'"))
        }
    }

    /// A setting or a block, starting at the name under `token`.
    private mutating func parseItem(depth: Int) -> RuleItem? {
        let keyword = RuleName(text: text(token.range), range: token.range)
        advance()
        switch token.kind {
        case .equals:
            return parseSetting(key: keyword, depth: depth)
        case .openBrace:
            return parseBlock(keyword: keyword, label: nil, depth: depth).map(RuleItem.block)
        case .name, .string:
            let labelToken = token
            guard let label = decodeLabel(labelToken) else {
                // Still read the block, so its contents and braces are not misread.
                if let brace = braceEndingLine(from: labelToken.range.start) {
                    resume(at: brace)
                    return parseBlock(keyword: keyword, label: nil, depth: depth).map(RuleItem.block)
                }
                skipLine()
                return nil
            }
            advance()
            let title = "\(keyword.text) \(text(labelToken.range))"
            switch token.kind {
            case .openBrace:
                return parseBlock(keyword: keyword, label: label, depth: depth).map(RuleItem.block)
            case .equals where lexer.peek().kind == .openBrace:
                report(.error("'\(title)' is a block: write it without '='", at: token.range,
                              help: "write '\(title) {'"))
                advance()
                return parseBlock(keyword: keyword, label: label, depth: depth).map(RuleItem.block)
            case .equals:
                report(.error("unexpected '=' after '\(title)'", at: token.range,
                              help: "a setting is written '\(keyword.text) = value'; a block '\(title) { ... }'"))
                skipLine()
                return nil
            default:
                if braceOnNextLine() {
                    report(.error("expected '{' on the same line as '\(title)'", at: .point(labelToken.range.end),
                                  help: "move the '{' up, to the end of this line"))
                    skipToBraceOnNextLine()
                    return parseBlock(keyword: keyword, label: label, depth: depth).map(RuleItem.block)
                } else {
                    let spelled = text(labelToken.range)
                    report(.error("expected '=' after '\(keyword.text)'", at: .point(keyword.range.end),
                                  help: "a setting is written '\(keyword.text) = \(spelled)'; a block '\(title) { ... }'"))
                }
                skipLine()
                return nil
            }
        case .newline, .endOfFile, .comment, .closeBrace, .semicolon:
            if braceOnNextLine() {
                report(.error("expected '{' on the same line as '\(keyword.text)'", at: .point(keyword.range.end),
                              help: "move the '{' up, to the end of this line"))
                skipToBraceOnNextLine()
                return parseBlock(keyword: keyword, label: nil, depth: depth).map(RuleItem.block)
            } else {
                report(.error("expected '=' after '\(keyword.text)'", at: .point(keyword.range.end),
                              help: "a setting is written '\(keyword.text) = value'; a block '\(keyword.text) { ... }'"))
            }
            skipLine()
            return nil
        default:
            let rest = restOfLine(from: token.range.start)
            report(.error("expected '=' after '\(keyword.text)'", at: .point(keyword.range.end),
                          help: "write '\(keyword.text) = \(rest)'"))
            skipLine()
            return nil
        }
    }

    /// The text from `offset` to the end of its line (before a comment), shortened.
    private func restOfLine(from offset: Int) -> String {
        var end = offset
        while end < bytes.count, bytes[end] != RuleBytes.newline, bytes[end] != UInt8(ascii: "#") { end += 1 }
        var text = text(SourceRange(start: offset, end: end))
        while let last = text.last, last == " " || last == "\t" || last == "\r" { text.removeLast() }
        if text.count > 40 { text = String(text.prefix(37)) + "..." }
        return text
    }

    /// Whether the next line starts with `{` (the token is the line break or a comment).
    private func braceOnNextLine() -> Bool {
        var probe = lexer
        var next = token
        if next.kind == .comment { next = probe.next() }
        guard next.kind == .newline else { return false }
        return probe.next().kind == .openBrace
    }

    /// Moves to the `{` that `braceOnNextLine()` found.
    private mutating func skipToBraceOnNextLine() {
        while token.kind != .openBrace && token.kind != .endOfFile { advance() }
    }

    /// The offset of a `{` ending the line that `offset` is on, if it does.
    private func braceEndingLine(from offset: Int) -> Int? {
        var index = offset
        var lastSignificant: Int?
        while index < bytes.count, bytes[index] != RuleBytes.newline {
            if !RuleBytes.isBlank(bytes[index]) { lastSignificant = index }
            index += 1
        }
        guard let last = lastSignificant, bytes[last] == UInt8(ascii: "{") else { return nil }
        return last
    }

    private mutating func decodeLabel(_ labelToken: RuleToken) -> RuleLabel? {
        guard case .string = labelToken.kind else {
            return RuleLabel(text: text(labelToken.range), range: labelToken.range, quoted: false)
        }
        let result = CELParser.parse(file, start: labelToken.range.start, end: labelToken.range.end)
        if let expr = result.expr, case .constant(.string(let decoded)) = expr.kind {
            return RuleLabel(text: decoded, range: labelToken.range, quoted: true)
        }
        if result.diagnostics.isEmpty {
            report(.error("a block label is a name or a text in quotes", at: labelToken.range,
                          help: "write the label in double quotes, like service \"dîner\""))
        } else {
            for diagnostic in result.diagnostics { report(diagnostic) }
        }
        return nil
    }

    // MARK: - Settings

    private mutating func parseSetting(key: RuleName, depth: Int) -> RuleItem? {
        let equals = token
        advance()
        switch token.kind {
        case .openBrace where looksLikeBlockBody(after: token.range.end):
            report(.error("'\(key.text)' is a block: write it without '='", at: equals.range,
                          help: "write '\(key.text) {'"))
            return parseBlock(keyword: key, label: nil, depth: depth).map(RuleItem.block)
        case .newline, .endOfFile, .comment, .semicolon, .closeBrace:
            return missingValue(key: key, equals: equals)
        default:
            let reading = RuleValueReader.read(file, at: token.range.start)
            if reading.value.range.end == reading.value.range.start {
                // Only a CEL `//` comment after the '='.
                return missingValue(key: key, equals: equals)
            }
            for error in reading.errors { report(error) }
            if reading.reachesEndOfFileInString { reachesEndOfFileInString = true }
            resume(at: reading.resumeAt)
            var setting = RuleSetting(key: key, value: reading.value, range: key.range.union(reading.value.range), trivia: RuleTrivia())
            setting.trivia.trailingComment = takeTrailingComment()
            return .setting(setting)
        }
    }

    /// `key =` with nothing after it: reported, and kept with an empty value so the
    /// checker still sees the key.
    private mutating func missingValue(key: RuleName, equals: RuleToken) -> RuleItem {
        let missing = Diagnostic.error("expected a value after '\(key.text) ='", at: .point(equals.range.end),
                                       help: "write the value on the same line, after '='")
        report(missing)
        let value = RuleValue(range: .point(equals.range.end), literal: nil, expression: nil, expressionDiagnostics: [missing])
        var setting = RuleSetting(key: key, value: value, range: key.range.union(equals.range), trivia: RuleTrivia())
        setting.trivia.trailingComment = takeTrailingComment()
        return .setting(setting)
    }

    /// After a value: an optional `;`, then a comment on the same line belongs to it.
    /// CEL's `//` comments are accepted here too, since a value is CEL text.
    private mutating func takeTrailingComment() -> RuleComment? {
        if token.kind == .semicolon { advance() }
        if token.kind == .other, bytes[token.range.start] == UInt8(ascii: "/"),
           token.range.start + 1 < bytes.count, bytes[token.range.start + 1] == UInt8(ascii: "/") {
            var end = token.range.start
            while end < bytes.count, bytes[end] != RuleBytes.newline { end += 1 }
            let trailing = comment(RuleToken(kind: .comment, range: SourceRange(start: token.range.start, end: end)))
            resume(at: end)
            return trailing
        }
        guard token.kind == .comment else { return nil }
        let trailing = comment(token)
        advance()
        return trailing
    }

    /// `name = {` is a block written with a stray `=` when what follows the brace is
    /// settings or blocks (rather than the entries of a CEL map).
    private func looksLikeBlockBody(after offset: Int) -> Bool {
        var index = offset
        while index < bytes.count, RuleBytes.isBlank(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] != RuleBytes.newline, bytes[index] != UInt8(ascii: "#") {
            return RuleValueExtent.startsNewItem(bytes, lineStart: index)
        }
        // The brace ends its line: look at the next line that is not blank or a comment.
        while index < bytes.count {
            while index < bytes.count, bytes[index] != RuleBytes.newline { index += 1 }
            index += 1
            var first = index
            while first < bytes.count, RuleBytes.isBlank(bytes[first]) { first += 1 }
            guard first < bytes.count else { return false }
            let byte = bytes[first]
            if byte == RuleBytes.newline || byte == UInt8(ascii: "#") { continue }
            return byte == UInt8(ascii: "}") || RuleValueExtent.startsNewItem(bytes, lineStart: first)
        }
        return false
    }

    // MARK: - Blocks

    /// A block whose `{` is under `token`.
    private mutating func parseBlock(keyword: RuleName, label: RuleLabel?, depth: Int) -> RuleBlock? {
        let open = token.range
        let headerRange = label.map { keyword.range.union($0.range) } ?? keyword.range
        let title = text(headerRange)
        if depth >= RuleParser.maxBlockDepth {
            report(.error("blocks are nested too deeply here (more than \(RuleParser.maxBlockDepth) levels)", at: headerRange,
                          help: "check the braces above: a '}' is probably missing"))
            skipBracedGroup()
            return nil
        }
        advance()
        var trivia = RuleTrivia()
        if token.kind == .comment {
            trivia.trailingComment = comment(token)
            advance()
        }
        let list = parseItems(depth: depth + 1, in: BlockContext(title: title, keywordStart: keyword.range.start))
        var end = max(open.end, list.items.last?.range.end ?? open.end)
        var closeBrace: Int?
        switch list.ending {
        case .brace(let range):
            end = range.end
            closeBrace = range.start
            // `name { ... } # note` on one line: the note belongs to the block.
            if trivia.trailingComment == nil, token.kind == .comment, onSameLine(open.start, range.start) {
                trivia.trailingComment = comment(token)
                advance()
            }
        case .implicit, .endOfFile:
            break
        }
        if case .endOfFile = list.ending, let last = list.comments.last { end = max(end, last.range.end) }
        blocks.append(RuleBlockRecord(title: title, headerRange: headerRange, openBrace: open.start, closeBrace: closeBrace,
                                      isOpenAtEndOfFile: { if case .endOfFile = list.ending { return true } else { return false } }()))
        return RuleBlock(keyword: keyword, label: label, items: list.items, range: SourceRange(start: keyword.range.start, end: end),
                         isClosed: closeBrace != nil, trivia: trivia, innerTrailingComments: list.comments)
    }

    private func onSameLine(_ a: Int, _ b: Int) -> Bool {
        let low = min(a, b)
        let high = max(a, b)
        return !bytes[low..<high].contains(RuleBytes.newline)
    }

    /// Skips from the `{` under `token` to its matching `}` (or the end of the file).
    private mutating func skipBracedGroup() {
        var depth = 0
        while token.kind != .endOfFile {
            if token.kind == .openBrace { depth += 1 }
            if token.kind == .closeBrace {
                depth -= 1
                if depth == 0 {
                    advance()
                    return
                }
            }
            advance()
        }
    }
}
