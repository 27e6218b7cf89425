/// Prints a parsed rule file in canonical layout (what `speedai-rules fmt` writes):
/// two spaces per block level, `keyword label {` on one line and `}` on its own, one
/// `key = value` per line, canonical literal spellings, comments and blank lines kept
/// (at most one blank line in a row, none right after `{` or before `}`), LF line
/// endings, exactly one final newline. Empty blocks are printed `name {}`.
///
/// CEL values are printed as written (their continuation lines re-indented), because
/// the author's layout of an expression is usually deliberate. Formatting is idempotent:
/// formatting the output again gives the same text. See docs/formatting.md.
public enum RuleFormatter {
    /// One level of indentation.
    public static let indentUnit = "  "

    /// The canonical text of `file`, or nil when it has syntax errors (broken input is
    /// never formatted: the result could silently change its meaning). A CEL value that
    /// does not parse is not a syntax error of the file (the checker reports it) and is
    /// printed as written.
    public static func format(_ file: RuleFile) -> String? {
        guard !file.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        var printer = Printer(source: file.source)
        printer.printItems(file.items, level: 0)
        printer.printTrailingComments(file.trailingComments, level: 0, after: file.items.last?.range.end ?? 0)
        return printer.lines.isEmpty ? "" : printer.lines.joined(separator: "\n") + "\n"
    }

    private struct Printer {
        let source: SourceFile
        var lines: [String] = []
        /// The last line printed opened a block: no blank line may follow it.
        var justOpened = false

        init(source: SourceFile) { self.source = source }

        func indent(_ level: Int) -> String { String(repeating: RuleFormatter.indentUnit, count: level) }

        mutating func emit(_ line: String) {
            lines.append(line)
            justOpened = false
        }

        /// A blank line, unless at the start of the file or of a block, or after another.
        mutating func blankLine() {
            guard !lines.isEmpty, !justOpened, lines.last != "" else { return }
            lines.append("")
        }

        /// Whether the source has an empty line between two offsets.
        func hasBlankLine(from start: Int, to end: Int) -> Bool {
            let bytes = source.bytes
            var index = max(0, start)
            var sawNewline = false
            while index < min(end, bytes.count) {
                let byte = bytes[index]
                if byte == RuleBytes.newline {
                    if sawNewline { return true }
                    sawNewline = true
                } else if !RuleBytes.isBlank(byte) {
                    sawNewline = false
                }
                index += 1
            }
            return false
        }

        mutating func printComments(_ comments: [RuleComment], level: Int, after start: Int) {
            var previousEnd = start
            for comment in comments {
                if hasBlankLine(from: previousEnd, to: comment.range.start) { blankLine() }
                emit(indent(level) + comment.text)
                previousEnd = comment.range.end
            }
        }

        mutating func printItems(_ items: [RuleItem], level: Int) {
            for item in items {
                let trivia = item.trivia
                if trivia.blankLineBefore { blankLine() }
                if let first = trivia.leadingComments.first {
                    emit(indent(level) + first.text)
                    printComments(Array(trivia.leadingComments.dropFirst()), level: level, after: first.range.end)
                    if hasBlankLine(from: trivia.leadingComments.last!.range.end, to: item.range.start) { blankLine() }
                }
                switch item {
                case .block(let block): printBlock(block, level: level)
                case .setting(let setting): printSetting(setting, level: level)
                }
            }
        }

        mutating func printTrailingComments(_ comments: [RuleComment], level: Int, after start: Int) {
            printComments(comments, level: level, after: start)
        }

        mutating func printBlock(_ block: RuleBlock, level: Int) {
            var header = indent(level) + block.keyword.text
            if let label = block.label {
                header += " " + (label.quoted ? source.text(in: label.range) : label.text)
            }
            let note = block.trivia.trailingComment.map { " " + $0.text } ?? ""
            if block.items.isEmpty && block.innerTrailingComments.isEmpty {
                emit(header + " {}" + note)
                return
            }
            emit(header + " {" + note)
            justOpened = true
            printItems(block.items, level: level + 1)
            let lastEnd = block.items.last?.range.end ?? block.keyword.range.end
            printTrailingComments(block.innerTrailingComments, level: level + 1, after: lastEnd)
            emit(indent(level) + "}")
        }

        mutating func printSetting(_ setting: RuleSetting, level: Int) {
            var valueLines = RuleValueLayout.lines(of: setting.value, in: source, continuationIndent: indent(level + 1))
            if let note = setting.trivia.trailingComment {
                valueLines[valueLines.count - 1] += " " + note.text
            }
            emit(indent(level) + setting.key.text + " = " + valueLines[0])
            for line in valueLines.dropFirst() { emit(line) }
        }
    }
}
