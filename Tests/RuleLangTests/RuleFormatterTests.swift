/// Unit tests of the formatter's layout rules, and a property test over generated files:
/// formatting is idempotent and changes nothing but layout (same items, same values,
/// same comments, same template text).
import Testing
@testable import RuleLang

func formatRules(_ text: String) -> String? {
    RuleFormatter.format(parseRules(text))
}

/// Multi-line template dedent as the language defines it (closing line's indentation).
func dedent(_ text: String) -> String {
    guard text.hasPrefix("\n"), let lastBreak = text.lastIndex(of: "\n") else { return text }
    let closing = text[text.index(after: lastBreak)...]
    guard closing.allSatisfy({ $0 == " " || $0 == "\t" }) else { return text }
    let body = text[text.index(after: text.startIndex)..<lastBreak]
    return body.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
        if line.hasPrefix(closing) { return String(line.dropFirst(closing.count)) }
        return line.allSatisfy({ $0 == " " || $0 == "\t" }) ? "" : String(line)
    }.joined(separator: "\n")
}

/// Everything but layout: items, labels, values (canonical literal, CEL tree, dedented
/// strings), and comment texts, in order.
func meaning(_ file: RuleFile) -> [String] {
    var out: [String] = []
    func value(_ value: RuleValue) -> String {
        if let literal = value.literal { return "literal " + literal.canonicalSpelling(in: file.source) }
        if let expr = value.expression {
            if case .constant(.string(let text)) = expr.kind { return "string " + dedent(text) }
            return "cel " + sexpr(expr)
        }
        return "broken " + file.source.text(in: value.range).filter { !$0.isWhitespace }
    }
    func walk(_ items: [RuleItem]) {
        for item in items {
            out += item.trivia.leadingComments.map(\.text)
            switch item {
            case .setting(let setting):
                out.append("\(setting.key.text) = \(value(setting.value))")
                if let note = setting.trivia.trailingComment { out.append(note.text) }
            case .block(let block):
                out.append("block \(block.keyword.text) \(block.label.map { "\($0.text) \($0.quoted)" } ?? "-")")
                if let note = block.trivia.trailingComment { out.append(note.text) }
                walk(block.items)
                out += block.innerTrailingComments.map(\.text)
                out.append("end")
            }
        }
    }
    walk(file.items)
    out += file.trailingComments.map(\.text)
    return out
}

@Suite struct RuleFormatterTests {
    @Test func refusesFilesWithSyntaxErrors() {
        #expect(formatRules("a {\n  x = 1\n") == nil)
        #expect(formatRules("a = 15 min\n") == nil)
        #expect(formatRules("}\n") == nil)
    }

    @Test func printsBrokenCELAsWritten() {
        // Not a syntax error of the file: the checker reports it if the key wants CEL.
        #expect(formatRules("m {\n match = (a +\n   b\n}\n") == "m {\n  match = (a +\n    b\n}\n")
    }

    @Test func layoutRules() {
        #expect(formatRules("") == "")
        #expect(formatRules("\n\n# c\n\n\n") == "# c\n")
        #expect(formatRules("a{}") == "a {}\n")
        #expect(formatRules("a {\n\n}\n") == "a {}\n")
        #expect(formatRules("a { # c\n}\n") == "a {} # c\n")
        #expect(formatRules("a {\n # c\n}\n") == "a {\n  # c\n}\n")
        #expect(formatRules("a{b=1;c=2}") == "a {\n  b = 1\n  c = 2\n}\n")
        #expect(formatRules("a {\n\n\n  b = 1\n\n\n  c = 2\n\n\n}\n") == "a {\n  b = 1\n\n  c = 2\n}\n")
        #expect(formatRules("a {\n  b = 1\n} # end a\nc = 2\n") == "a {\n  b = 1\n}\n# end a\nc = 2\n")
        #expect(formatRules("x = 1   #   spaced   \n") == "x = 1 #   spaced\n")
        #expect(formatRules("x = a &&  // why\n  b // end\n") == "x = a &&  // why\n  b // end\n")
        #expect(formatRules("\tx\t=\t90m\t\n") == "x = 1h30m\n")
        #expect(formatRules("x = \"a\"  +  \"b\"\n") == "x = \"a\"  +  \"b\"\n")
        #expect(formatRules("x = f(\n      1,\n         2\n    )\n") == "x = f(\n  1,\n  2\n)\n")
        #expect(formatRules("service \"dî\\u006Eer\" {}") == "service \"dî\\u006Eer\" {}\n")
    }

    @Test func keepsTemplateTextWhileReindenting() throws {
        let text = "sms {\n      offer = \"\"\"\n          Bonjour,\n            à bientôt\n\n          \"\"\"\n}\n"
        let formatted = try #require(formatRules(text))
        #expect(formatted == "sms {\n  offer = \"\"\"\n    Bonjour,\n      à bientôt\n\n    \"\"\"\n}\n")
        #expect(meaning(parseRules(text)) == meaning(parseRules(formatted)))
    }

    @Test(arguments: 0..<300)
    func formattingOnlyChangesLayout(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed) &+ 1_000_003)
        let text = RandomRuleFile.generate(using: &random)
        let original = parseRules(text)
        #expect(original.diagnostics.isEmpty, "generated file has errors:\n\(text)\n\(original.diagnostics.map(\.message))")
        let formatted = try #require(RuleFormatter.format(original))
        let reparsed = parseRules(formatted)
        #expect(reparsed.diagnostics.isEmpty, "formatted output has errors:\n\(formatted)")
        #expect(meaning(reparsed) == meaning(original), "meaning changed:\n--- input\n\(text)\n--- output\n\(formatted)")
        #expect(RuleFormatter.format(reparsed) == formatted, "not idempotent:\n\(formatted)")
    }
}

/// Valid rule files with random layout: indentation, blank lines, comments, inline
/// blocks, literal spellings, multi-line CEL and templates, CRLF.
enum RandomRuleFile {
    static let literals = [
        "15m", "90m", "1h30m", "2d", "1d36h", "48h", "250ms", "0s", "9:05", "19:30", "12:00-14:30", "12:00..14:30",
        "22:00 - 8:00", "18:00–24:00", "2025-12-24", "2025-1-5", "tue", "hybrid", "none", "[tue, wed]", "[mon,tue,]",
        "[]", "[mon, 2025-12-25, 12:00-13:00]",
    ]
    static let expressions = [
        "42", "1.5", "true", "\"Le Bistrot\"", "'x'", "entry.visits >= 5", "slot.start in entry.slots",
        "min(duration('15m'), (slot.start - now) / 4)", "entry.party_size <= slot.free && slot.free > 0",
        "[1, 2, 3]", "{'a': 1}", "entry.visits >= 5 ? 1 : 2", "r\"raw\\d\"",
        "slot.start in entry.slots &&\n      entry.party_size <= slot.free",
        "min(\n   duration('15m'),\n      (slot.start - now) / 4\n)",
        "entry.visits >= 5 || # regulars\n  entry.offers < 2",
        "[mon, # first\n  tue]",
    ]
    static let names = ["a", "b", "timeout", "days", "hours", "name", "match", "offer", "x_1"]
    static let keywords = ["slots", "service", "offers", "retry", "boost", "sms", "empty"]

    static func generate(using random: inout SeededGenerator) -> String {
        var lines: [String] = []
        var counter = 0
        func pad() -> String {
            ["", "  ", "    ", "\t", " ", "      "].randomElement(using: &random)!
        }
        func note() -> String {
            counter += 1
            return "# note \(counter)" + (Bool.random(using: &random) ? "  " : "")
        }
        func template() -> String {
            let inner = pad() + "  "
            let closing = String(inner.dropLast(2))
            return "\"\"\"\n\(inner)Bonjour {{prenom}},\n\(inner)  indented line\n\n\(inner)À bientôt\n\(closing)\"\"\""
        }
        func value() -> String {
            switch Int.random(in: 0..<10, using: &random) {
            case 0..<5: return literals.randomElement(using: &random)!
            case 5..<9: return expressions.randomElement(using: &random)!
            default: return template()
            }
        }
        func items(depth: Int) {
            let count = Int.random(in: 0...(depth == 0 ? 7 : 4), using: &random)
            for _ in 0..<count {
                for _ in 0..<Int.random(in: 0...2, using: &random) { lines.append(Bool.random(using: &random) ? "" : pad()) }
                if Int.random(in: 0..<4, using: &random) == 0 { lines.append(pad() + note()) }
                let trailing = Int.random(in: 0..<4, using: &random) == 0 ? " " + note() : ""
                switch Int.random(in: 0..<6, using: &random) {
                case 0 where depth < 4, 1 where depth < 4:
                    let keyword = keywords.randomElement(using: &random)!
                    let label = [nil, "lunch", "\"dîner\""].randomElement(using: &random)!
                    lines.append(pad() + keyword + (label.map { " " + $0 } ?? "") + " {" + trailing)
                    items(depth: depth + 1)
                    lines.append(pad() + "}")
                case 2:
                    let keyword = keywords.randomElement(using: &random)!
                    let first = names.randomElement(using: &random)!
                    let second = names.randomElement(using: &random)!
                    lines.append(pad() + "\(keyword) { \(first) = 15m; \(second) = [tue, wed] }" + trailing)
                default:
                    let key = names.randomElement(using: &random)!
                    lines.append(pad() + key + [" = ", "=", "   =  "].randomElement(using: &random)! + value() + trailing)
                }
            }
        }
        items(depth: 0)
        if Bool.random(using: &random) { lines.append(note()) }
        let separator = Int.random(in: 0..<5, using: &random) == 0 ? "\r\n" : "\n"
        return lines.joined(separator: separator) + (Bool.random(using: &random) ? separator : "")
    }
}
