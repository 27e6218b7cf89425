/// Reads the value of a setting both ways — as a rule literal and as CEL — and decides
/// how far it reaches and which problems are syntax errors of the file.
///
/// The parser reports: a literal that is malformed (`19:75`), text left over after a
/// complete CEL reading (`15 min`, `hybrid hold = false`), and strings never closed. A value neither way
/// can read for another reason (`(1 +`) keeps its CEL diagnostics in the `RuleValue`:
/// only the checker knows whether the setting wanted an expression.
struct RuleValueReader {
    /// What reading one value produced.
    struct Reading {
        var value: RuleValue
        /// Syntax errors the parser reports for this value.
        var errors: [Diagnostic]
        /// Where the rule syntax resumes (end of the value's last significant byte).
        var resumeAt: Int
        /// An unclosed triple-quoted string ran to the end of the file.
        var reachesEndOfFileInString: Bool
    }

    static func read(_ file: SourceFile, at start: Int) -> Reading {
        let bytes = file.bytes
        let extent = RuleValueExtent.scan(bytes, from: start)
        let end = extent.contentEnd
        let literalOutcome = RuleLiteralParser.parse(bytes, start: start, limit: extent.bound)
        let cel = CELParser.parseEmbedded(file, start: start, end: extent.bound)

        var literal: RuleLiteral?
        var partialLiteral: RuleLiteral?
        if case .literal(let found) = literalOutcome {
            if found.range.end >= end { literal = found } else { partialLiteral = found }
        }
        let expression = cel.expr != nil && cel.end >= end ? cel.expr : nil
        var expressionDiagnostics: [Diagnostic] = []
        if expression == nil {
            if let partial = cel.expr {
                expressionDiagnostics = [leftover(file, valueStart: start, readingEnd: cel.end, limit: end,
                                                  literal: nil, expression: partial)]
            } else {
                expressionDiagnostics = cel.diagnostics
            }
        }

        var errors: [Diagnostic] = []
        if case .invalid(let diagnostic) = literalOutcome {
            errors.append(diagnostic)
        } else if literal == nil && expression == nil {
            if let unterminated = extent.unterminatedString {
                errors.append(cel.diagnostics.first { $0.range.start == unterminated.start }
                    ?? .error("this string is never closed", at: unterminated, help: "add the closing quote"))
            } else if let partial = cel.expr {
                // Something complete was read, then more text: a stray word rather than a
                // broken expression (that case is the checker's, in the CEL diagnostics).
                let literalEnd = partialLiteral?.range.end ?? start
                let readingEnd = max(literalEnd, cel.end)
                errors.append(leftover(file, valueStart: start, readingEnd: readingEnd, limit: end,
                                       literal: literalEnd >= cel.end ? partialLiteral : nil,
                                       expression: cel.end > literalEnd ? partial : nil))
            }
        }
        let value = RuleValue(range: SourceRange(start: start, end: end), literal: literal, expression: expression,
                              expressionDiagnostics: expressionDiagnostics)
        return Reading(value: value, errors: errors, resumeAt: end, reachesEndOfFileInString: extent.reachesEndOfFileInString)
    }

    /// "unexpected 'min' after the value", with a hint for the usual slips.
    static func leftover(_ file: SourceFile, valueStart: Int, readingEnd: Int, limit: Int,
                         literal: RuleLiteral?, expression: CELExpr?) -> Diagnostic {
        let bytes = file.bytes
        var index = readingEnd
        while index < limit {
            let byte = bytes[index]
            if RuleBytes.isBlank(byte) || byte == RuleBytes.newline {
                index += 1
            } else if byte == UInt8(ascii: "#") {
                while index < limit, bytes[index] != RuleBytes.newline { index += 1 }
            } else {
                break
            }
        }
        let start = min(index, max(readingEnd, limit - 1))
        var wordEnd = start
        if start < bytes.count, RuleBytes.isNameByte(bytes[start]) {
            while wordEnd < limit, RuleBytes.isNameByte(bytes[wordEnd]) { wordEnd += 1 }
        } else if start < bytes.count {
            wordEnd = start + RuleBytes.stepLength(bytes, at: start)
        }
        let word = file.text(in: SourceRange(start: start, end: wordEnd))
        let before = file.text(in: SourceRange(start: valueStart, end: readingEnd))
        let spaced = start > readingEnd
        let isWord = !word.isEmpty && word.utf8.allSatisfy(RuleBytes.isNameByte)
        let isLetters = !word.isEmpty && word.utf8.allSatisfy(RuleBytes.isLetter)

        var numberBefore: String?
        if case .constant(let constant) = expression?.kind {
            switch constant {
            case .int, .uint: numberBefore = before
            case .double: numberBefore = "."
            default: break
            }
        }

        var afterWord = wordEnd
        while afterWord < limit, RuleBytes.isBlank(bytes[afterWord]) { afterWord += 1 }
        let equalsFollows = afterWord < limit && bytes[afterWord] == UInt8(ascii: "=")
            && !(afterWord + 1 < limit && bytes[afterWord + 1] == UInt8(ascii: "="))

        let help: String
        if let number = numberBefore, isLetters, number == ".", RuleLiteralParser.intendedUnit(word) != nil {
            help = "durations use whole numbers, like 1h30m rather than 1.5h"
        } else if let number = numberBefore, isLetters, spaced, let unit = RuleLiteralParser.intendedUnit(word) {
            help = "durations are written without spaces, like \(number)\(unit)"
        } else if let number = numberBefore, isLetters, !spaced {
            help = "in an expression, write a duration as duration('\(number)\(word)')"
        } else if word == "=" {
            help = "a setting has a single '='; to compare two values in an expression, use '=='"
        } else if isWord, equalsFollows {
            help = "put each setting on its own line, or separate settings with ';'"
        } else if let literal, isLetters, ["h", "am", "pm"].contains(word.lowercased()) {
            switch literal.kind {
            case .timeOfDay, .timeRange: help = "times use the 24-hour clock, like 19:30"
            default: help = "to add a note after the value, start it with '#'"
            }
        } else if let literal, case .symbol = literal.kind {
            // The rest of the line as written (a bare URL's `//` is not a comment here).
            var lineEnd = valueStart
            while lineEnd < bytes.count, bytes[lineEnd] != RuleBytes.newline, bytes[lineEnd] != UInt8(ascii: "#") { lineEnd += 1 }
            while lineEnd > valueStart, RuleBytes.isBlank(bytes[lineEnd - 1]) { lineEnd -= 1 }
            var whole = file.text(in: SourceRange(start: valueStart, end: lineEnd))
            if whole.count > 40 { whole = String(whole.prefix(37)) + "..." }
            let quoted = "\"" + whole.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\\\"") + "\""
            if word == "," {
                help = "write several values as a list in brackets, like [\(whole)]"
            } else if isWord && !(before + word).contains(where: \.isUppercase) {
                help = "write several values as a list, like [\(before), \(word)], or text in quotes, like \(quoted)"
            } else {
                help = "write text in quotes, like \(quoted)"
            }
        } else {
            help = "to add a note after the value, start it with '#'"
        }
        return .error("unexpected '\(word)' after the value", at: SourceRange(start: start, end: wordEnd), help: help)
    }
}
