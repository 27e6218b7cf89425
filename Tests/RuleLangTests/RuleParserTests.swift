/// Unit tests of the rule parser: tree shape, both readings of values, trivia, ranges,
/// error recovery and brace diagnosis, limits, and speed on a large file.
import Foundation
import Testing
@testable import RuleLang

func parseRules(_ text: String) -> RuleFile {
    RuleParser.parse(SourceFile(name: "test.rules", text: text))
}

/// The settings of a parsed file, flattened, as `path.key`.
func settings(_ items: [RuleItem], path: String = "") -> [(String, RuleSetting)] {
    items.flatMap { item -> [(String, RuleSetting)] in
        switch item {
        case .setting(let setting): return [(path + setting.key.text, setting)]
        case .block(let block):
            let name = block.keyword.text + (block.label.map { " " + $0.text } ?? "")
            return settings(block.items, path: path + name + ".")
        }
    }
}

func setting(_ file: RuleFile, _ path: String) -> RuleSetting? {
    settings(file.items).first { $0.0 == path }?.1
}

func messages(_ file: RuleFile) -> [String] { file.diagnostics.map(\.message) }

@Suite struct RuleParserTests {
    @Test(arguments: ["", "\n\n", "   \n\t\n", "\u{FEFF}", "\r\n"])
    func emptyFilesHaveNoItems(text: String) {
        let file = parseRules(text)
        #expect(file.items.isEmpty)
        #expect(file.trailingComments.isEmpty)
        #expect(file.diagnostics.isEmpty)
    }

    @Test func buildsBlocksLabelsAndSettings() throws {
        let file = parseRules("""
        slots {
          length = 30m
          service lunch { hours = 12:00-14:30 }
          service "dîner du \\"soir\\"" {
            days = [tue, wed]
          }
        }
        retry sms {}
        """)
        #expect(file.diagnostics.isEmpty)
        #expect(file.items.count == 2)
        guard case .block(let slots) = file.items[0], case .block(let retry) = file.items[1] else {
            Issue.record("expected two blocks")
            return
        }
        #expect(slots.keyword.text == "slots" && slots.label == nil && slots.isClosed)
        #expect(slots.items.count == 3)
        guard case .block(let dinner) = slots.items[2] else { Issue.record("expected a block"); return }
        #expect(dinner.label == RuleLabel(text: "dîner du \"soir\"", range: dinner.label!.range, quoted: true))
        #expect(retry.label?.text == "sms" && retry.label?.quoted == false && retry.items.isEmpty)
        #expect(settings(file.items).map(\.0) == ["slots.length", "slots.service lunch.hours", "slots.service dîner du \"soir\".days"])
    }

    @Test func readsValuesBothWays() throws {
        let file = parseRules("""
        a = 15m
        b = tue
        c = [tue, wed]
        d = "text"
        e = entry.visits >= 5
        f = (1 +
        g = true
        h = 42
        """)
        #expect(file.diagnostics.isEmpty)
        let a = try #require(setting(file, "a")).value
        #expect(a.literal?.kind == .duration(milliseconds: 900_000) && a.expression == nil)
        #expect(a.expressionDiagnostics.map(\.message) == ["unexpected 'm' after the value"])
        let b = try #require(setting(file, "b")).value
        #expect(b.literal?.kind == .symbol("tue") && b.expression != nil && b.expressionDiagnostics.isEmpty)
        let c = try #require(setting(file, "c")).value
        #expect(c.literal != nil && c.expression != nil)
        let d = try #require(setting(file, "d")).value
        #expect(d.literal == nil && d.expression?.kind == .constant(.string("text")))
        let e = try #require(setting(file, "e")).value
        #expect(e.literal == nil && e.expression != nil)
        // Neither reading: the CEL error is kept for the checker, not reported.
        let f = try #require(setting(file, "f")).value
        #expect(f.literal == nil && f.expression == nil && !f.expressionDiagnostics.isEmpty)
        let g = try #require(setting(file, "g")).value
        #expect(g.literal == nil && g.expression?.kind == .constant(.bool(true)))
        let h = try #require(setting(file, "h")).value
        #expect(h.literal == nil && h.expression?.kind == .constant(.int(42)))
    }

    @Test func keepsExactRanges() throws {
        let text = "offers {\n  timeout = min(duration('15m'), 1h) # note\n}\n"
        let file = parseRules(text)
        let source = file.source
        let timeout = try #require(setting(file, "offers.timeout"))
        #expect(source.text(in: timeout.key.range) == "timeout")
        #expect(source.text(in: timeout.value.range) == "min(duration('15m'), 1h)")
        #expect(source.text(in: timeout.range) == "timeout = min(duration('15m'), 1h)")
        #expect(timeout.trivia.trailingComment?.text == "# note")
        guard case .block(let offers) = file.items[0] else { Issue.record("expected a block"); return }
        #expect(source.text(in: offers.range) == String(text.dropLast()))
    }

    @Test func readsMultiLineValuesAndCarriesOn() throws {
        let file = parseRules("""
        m {
          match = slot.start in entry.slots &&
                  entry.party_size <= slot.free # fits
          next = 1
          list = [mon,
                  tue,
          ]
          t = \"\"\"
            Bonjour ; } # not a comment
            \"\"\"
          after = 2
        }
        """)
        #expect(file.diagnostics.isEmpty)
        #expect(settings(file.items).map(\.0) == ["m.match", "m.next", "m.list", "m.t", "m.after"])
        let match = try #require(setting(file, "m.match"))
        #expect(match.value.expression != nil && match.trivia.trailingComment?.text == "# fits")
        let listSetting = try #require(setting(file, "m.list"))
        let list = try #require(listSetting.value.literal)
        #expect(list.canonicalSpelling(in: file.source) == "[mon, tue]")
        guard case .constant(.string(let template)) = try #require(setting(file, "m.t")).value.expression?.kind else {
            Issue.record("expected a string")
            return
        }
        #expect(template == "\n    Bonjour ; } # not a comment\n    ")
    }

    @Test func separatesSettingsWithSemicolonsAndClosesAfterAValue() {
        let file = parseRules("service lunch { days = [tue, wed]; hours = 12:00-14:30 }\nx = 1; y = 2;\n")
        #expect(file.diagnostics.isEmpty)
        #expect(settings(file.items).map(\.0) == ["service lunch.days", "service lunch.hours", "x", "y"])
    }

    @Test func attachesCommentsAndBlankLines() throws {
        let file = parseRules("""
        # header

        # about a
        a = 1 # after a


        b { # after brace
          # inside
          c = 2

          # before close
        } # after close
        d = 3
        # end
        """)
        #expect(file.diagnostics.isEmpty)
        let a = try #require(setting(file, "a"))
        #expect(a.trivia.leadingComments.map(\.text) == ["# header", "# about a"])
        #expect(a.trivia.blankLineBefore == false)
        #expect(a.trivia.trailingComment?.text == "# after a")
        guard case .block(let b) = file.items[1] else { Issue.record("expected a block"); return }
        #expect(b.trivia.blankLineBefore)
        #expect(b.trivia.trailingComment?.text == "# after brace")
        #expect(b.items.first?.trivia.leadingComments.map(\.text) == ["# inside"])
        #expect(b.innerTrailingComments.map(\.text) == ["# before close"])
        let d = try #require(setting(file, "d"))
        #expect(d.trivia.leadingComments.map(\.text) == ["# after close"])
        #expect(file.trailingComments.map(\.text) == ["# end"])
    }

    /// Fuzzer finding (tests/fuzz/rules/finding-control-characters.rules): a control
    /// character inside a value made the formatter's output differ on a second pass.
    /// Such characters are now a located error, so broken text is never formatted.
    @Test(arguments: ["\u{0}", "\u{0E}", "\u{1B}", "\u{7F}"])
    func refusesInvisibleControlCharacters(character: String) throws {
        let file = parseRules("offers {\n  timeout =\(character) 15m\n}\n")
        let error = try #require(file.diagnostics.first)
        #expect(error.message.hasPrefix("this line contains an invisible control character (U+00"))
        #expect(error.range.start == 20)
        #expect(RuleFormatter.format(file) == nil)
    }

    @Test func keepsTabsInsideText() {
        #expect(parseRules("offers {\n\ttimeout = 15m\n}\n").diagnostics.isEmpty)
    }

    @Test func acceptsCRLFLineEndingsAndAByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a {\r\n  b = 15m # note\r\n  c = \"x\"\r\n}\r\n".utf8)
        let file = RuleParser.parse(SourceFile(name: "t", bytes: bytes))
        #expect(file.diagnostics.isEmpty)
        let b = try #require(setting(file, "a.b"))
        #expect(b.value.literal?.kind == .duration(milliseconds: 900_000))
        #expect(b.trivia.trailingComment?.text == "# note")
        #expect(file.source.text(in: try #require(setting(file, "a.c")).value.range) == "\"x\"")
    }

    @Test func reportsSeveralErrorsSortedAndRecovers() {
        let file = parseRules("""
        a {
          x 1
          y = 15 min
        }
        }
        b {
          z = 19:75
          ok = 1
        }
        """)
        #expect(messages(file) == [
            "expected '=' after 'x'",
            "unexpected 'min' after the value",
            "unexpected '}': there is no open block to close",
            "'19:75' has 75 minutes; minutes go from 00 to 59",
        ])
        #expect(settings(file.items).map(\.0).contains("b.ok"))
    }

    @Test func capsTheNumberOfDiagnostics() {
        let text = String(repeating: "x 1\n", count: 500)
        let file = parseRules(text)
        #expect(file.diagnostics.count == DiagnosticBag.defaultLimit)
        #expect(file.diagnostics.map(\.range.start) == file.diagnostics.map(\.range.start).sorted())
    }

    @Test func findsTheBlockMissingItsBraceByIndentation() throws {
        let file = parseRules("""
        slots {
          service lunch {
            hours = 12:00-14:30

          service dinner {
            hours = 19:00-23:00
          }
        }
        offers {
          strategy = hybrid
        }
        """)
        #expect(file.diagnostics.count == 1)
        let diagnostic = try #require(file.diagnostics.first)
        #expect(diagnostic.message == "block 'service lunch' opened here is never closed")
        #expect(diagnostic.help == "add '}' after line 3, where the indentation returns to the block's level")
        // Parsed as intended: dinner beside lunch, offers at the top.
        #expect(settings(file.items).map(\.0) == ["slots.service lunch.hours", "slots.service dinner.hours", "offers.strategy"])
        guard case .block(let slots) = file.items[0], case .block(let lunch) = slots.items[0] else {
            Issue.record("expected blocks")
            return
        }
        #expect(!lunch.isClosed && slots.isClosed)
    }

    @Test func stopsAtTheNestingLimit() {
        let deep = String(repeating: "a {\n", count: 40) + String(repeating: "}\n", count: 40)
        let file = parseRules(deep)
        #expect(messages(file) == ["blocks are nested too deeply here (more than \(RuleParser.maxBlockDepth) levels)"])
        let unclosed = String(repeating: "a {", count: 10_000)
        let many = parseRules(unclosed)
        #expect(!many.diagnostics.isEmpty)
    }

    @Test func survivesPathologicalValues() {
        for text in [
            "x = " + String(repeating: "(", count: 100_000),
            "x = " + String(repeating: "[", count: 100_000),
            "x = " + String(repeating: "-", count: 100_000) + "1",
            "x = " + String(repeating: "a.", count: 50_000) + "b",
            "x = " + String(repeating: "1 + ", count: 20_000) + "1",
            String(repeating: "}", count: 10_000),
            String(repeating: "\"", count: 10_001),
        ] {
            let file = parseRules(text)
            #expect(file.diagnostics.count <= DiagnosticBag.defaultLimit)
        }
    }

    @Test func parsesATenThousandLineFileQuickly() {
        var text = "# generated\nestablishment {\n  id = \"big\"\n}\n\npriority {\n  order = entry.joined_at\n"
        var lineCount = 7
        var index = 0
        while lineCount < 10_000 {
            text += "  # boost \(index)\n  boost b\(index) {\n"
            text += "    when = entry.visits >= \(index % 10) && entry.party_size <= \(2 + index % 6)\n"
            text += "    by = \(5 + index % 50)m\n  }\n\n"
            lineCount += 6
            index += 1
        }
        text += "}\n"
        let file = SourceFile(name: "big.rules", text: text)
        #expect(file.lineStarts.count >= 10_000)
        let clock = ContinuousClock()
        var parsed: RuleFile?
        let elapsed = clock.measure { parsed = RuleParser.parse(file) }
        #expect(parsed?.diagnostics.isEmpty == true)
        #expect(settings(parsed?.items ?? []).count == 2 + 2 * index)
        var formatted: String?
        let formatting = clock.measure { formatted = parsed.flatMap(RuleFormatter.format) }
        #expect(formatted?.hasSuffix("  }\n}\n") == true)
        print("parsed \(file.lineStarts.count) lines in \(elapsed), formatted in \(formatting)")
        // Debug builds are many times slower than release; stay generous here.
        #expect(elapsed < .seconds(10))
    }
}
