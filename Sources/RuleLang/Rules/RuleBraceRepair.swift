/// Works out, from indentation, which block is missing its `}` and where the brace
/// belongs. Braces decide structure, but people indent what they mean: when braces and
/// indentation disagree in a file with an unclosed block, indentation is the best
/// witness of the author's intent.
enum RuleBraceRepair {
    /// A guessed closing brace for one block.
    struct Repair: Sendable {
        var keywordStart: Int
        /// Where the block is ended as if a `}` were there (start of the line after).
        var closeOffset: Int
        var diagnostic: Diagnostic
    }

    /// The most likely culprit among the blocks of one parse, or nil when no block is
    /// suspicious. A block is suspicious when it was still open at the end of the file,
    /// or was closed by a `}` indented less than the block itself (the `}` of an outer
    /// block). The one whose indentation returns to its level first is the culprit.
    static func choose(_ blocks: [RuleBlockRecord], lines: RuleLineLayout) -> Repair? {
        var best: (line: Int, repair: Repair)?
        for block in blocks {
            let keywordLine = lines.line(of: block.headerRange.start)
            var suspicious = block.isOpenAtEndOfFile
            if let close = block.closeBrace {
                let closeLine = lines.line(of: close)
                suspicious = closeLine != keywordLine && lines.indent[closeLine] < lines.indent[keywordLine]
            }
            guard suspicious else { continue }
            let guess = neverClosed(block, lines: lines)
            let line = guess.levelLine ?? Int.max
            if best == nil || line < best!.line || (line == best!.line && block.headerRange.start > best!.repair.keywordStart) {
                best = (line, Repair(keywordStart: block.headerRange.start, closeOffset: guess.closeOffset, diagnostic: guess.diagnostic))
            }
        }
        return best?.repair
    }

    /// Where the `}` of `block` should go, judging by indentation, and the error saying so.
    static func neverClosed(_ block: RuleBlockRecord, lines: RuleLineLayout)
        -> (diagnostic: Diagnostic, closeOffset: Int, levelLine: Int?) {
        let keywordLine = lines.line(of: block.headerRange.start)
        let openLine = lines.line(of: block.openBrace)
        let level = lines.indent[keywordLine]
        var levelLine: Int?
        var lastInside = openLine
        var line = openLine + 1
        while line < lines.kinds.count {
            if lines.kinds[line] == .code {
                if lines.indent[line] <= level {
                    levelLine = line
                    break
                }
                lastInside = line
            }
            line += 1
        }
        let help: String
        let closeOffset: Int
        if levelLine == nil && lastInside == lines.lastCodeLine {
            help = "add '}' at the end of the file"
            closeOffset = lines.byteCount
        } else {
            help = "add '}' after line \(lastInside + 1), where the indentation returns to the block's level"
            closeOffset = lastInside + 1 < lines.lineStarts.count ? lines.lineStarts[lastInside + 1] : lines.byteCount
        }
        let diagnostic = Diagnostic.error("block '\(block.title)' opened here is never closed", at: block.headerRange, help: help)
        return (diagnostic, closeOffset, levelLine)
    }
}

/// Per line of a file: its indentation and whether it holds rule syntax, a comment only,
/// nothing, or the inside of a multi-line string (which says nothing about structure).
struct RuleLineLayout: Sendable {
    enum Kind: Sendable, Equatable { case code, comment, blank, insideToken }

    let lineStarts: [Int]
    let byteCount: Int
    private(set) var kinds: [Kind]
    private(set) var indent: [Int]
    private(set) var lastCodeLine = 0

    init(_ file: SourceFile) {
        lineStarts = file.lineStarts
        byteCount = file.bytes.count
        kinds = Array(repeating: .insideToken, count: file.lineStarts.count)
        indent = Array(repeating: 0, count: file.lineStarts.count)
        let bytes = file.bytes
        for (line, start) in lineStarts.enumerated() {
            var index = start
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
            indent[line] = index - start
        }
        // Lines where a token starts first are code or comment; lines where none starts are
        // blank, or inside a token that spans lines.
        var lexer = RuleLexer(file)
        var line = 0
        var atLineStart = true
        while true {
            let token = lexer.next()
            if token.kind == .endOfFile { break }
            if token.kind == .newline {
                if atLineStart, line < kinds.count { kinds[line] = .blank }
                atLineStart = true
                line = lineIndex(token.range.end)
                continue
            }
            if atLineStart {
                line = lineIndex(token.range.start)
                kinds[line] = token.kind == .comment ? .comment : .code
                if kinds[line] == .code { lastCodeLine = line }
            }
            atLineStart = false
        }
    }

    /// The 0-based line holding `offset`.
    func line(of offset: Int) -> Int { lineIndex(offset) }

    private func lineIndex(_ offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }
}
