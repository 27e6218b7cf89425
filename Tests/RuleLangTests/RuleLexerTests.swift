/// Unit tests of the rule lexer and of the byte helpers it shares with the parser.
import Testing
@testable import RuleLang

/// `kind:text` for every token up to the end of the file.
private func tokens(_ bytes: [UInt8]) -> [String] {
    let file = SourceFile(name: "t", bytes: bytes)
    var lexer = RuleLexer(file)
    var out: [String] = []
    while true {
        let token = lexer.next()
        if token.kind == .endOfFile { return out }
        let text = file.text(in: token.range)
        switch token.kind {
        case .name: out.append("name:\(text)")
        case .string(let terminated): out.append((terminated ? "string:" : "open-string:") + text)
        case .number: out.append("number:\(text)")
        case .comment: out.append("comment:\(text)")
        case .newline: out.append("nl")
        case .other: out.append("other:\(token.range.end - token.range.start)")
        default: out.append(text)
        }
    }
}

private func tokens(_ text: String) -> [String] { tokens(Array(text.utf8)) }

@Suite struct RuleLexerTests {
    @Test func splitsRuleSyntax() {
        #expect(tokens("service lunch { days = [tue, wed]; }") ==
                ["name:service", "name:lunch", "{", "name:days", "=", "[", "name:tue", ",", "name:wed", "]", ";", "}"])
        #expect(tokens("a=1 # note\n\tb_2 = 15m") ==
                ["name:a", "=", "number:1", "comment:# note", "nl", "name:b_2", "=", "number:15m"])
    }

    @Test func readsStringsWithTheCELRules() {
        #expect(tokens(#"service "dî\"ner" {"#) == ["name:service", #"string:"dî\"ner""#, "{"])
        #expect(tokens(#"x r"a\" b'c' rb'\'"#) == ["name:x", #"string:r"a\""#, "string:b'c'", #"string:rb'\'"#])
        #expect(tokens("t = \"\"\"\n  two\n  lines\n  \"\"\" x") == ["name:t", "=", "string:\"\"\"\n  two\n  lines\n  \"\"\"", "name:x"])
        #expect(tokens("\"open\nx") == ["open-string:\"open", "nl", "name:x"])
        #expect(tokens("\"\"\"never closed\n}") == ["open-string:\"\"\"never closed\n}"])
        // A name ending in r or b is not a string prefix.
        #expect(tokens("bar\"x\"") == ["name:bar", "string:\"x\""])
    }

    @Test func skipsAByteOrderMarkAndCarriageReturns() {
        #expect(tokens([0xEF, 0xBB, 0xBF] + Array("a = 1\r\nb".utf8)) == ["name:a", "=", "number:1", "nl", "name:b"])
        // Only at the very start.
        #expect(tokens(Array("a".utf8) + [0xEF, 0xBB, 0xBF]) == ["name:a", "other:3"])
    }

    @Test func makesOneTokenOfEachOtherCharacter() {
        #expect(tokens("é@–") == ["other:2", "other:1", "other:3"])
        #expect(tokens([0xE9, 0x41]) == ["other:1", "name:A"])
        #expect(tokens([0xE2, 0x82]) == ["other:1", "other:1"])
    }

    @Test func validatesUTF8LikeTheStandard() {
        func valid(_ bytes: [UInt8]) -> Bool {
            var index = 0
            while index < bytes.count {
                guard let length = RuleBytes.validScalarLength(bytes, at: index) else { return false }
                index += length
            }
            return true
        }
        #expect(valid(Array("Dîner ✅ 🍷".utf8)))
        #expect(!valid([0xC0, 0x80]))        // overlong
        #expect(!valid([0xED, 0xA0, 0x80]))  // surrogate
        #expect(!valid([0xF4, 0x90, 0x80, 0x80])) // beyond U+10FFFF
        #expect(!valid([0xE9]))              // Latin-1 é
        #expect(!valid([0x80]))              // lone continuation
        #expect(!valid([0xF0, 0x9F, 0x8D]))  // cut short
    }

    @Test func findsTheExtentOfAValue() {
        func extent(_ text: String) -> String {
            let bytes = Array(text.utf8)
            let found = RuleValueExtent.scan(bytes, from: 0)
            return String(decoding: bytes[0..<found.contentEnd], as: UTF8.self)
        }
        #expect(extent("15m # note\nnext = 1") == "15m")
        #expect(extent("a &&\n  b\nc = 1") == "a &&\n  b")
        #expect(extent("x in\n  y\nz") == "x in\n  y")
        #expect(extent("[a,\n b] # n\nc") == "[a,\n b]")
        #expect(extent("f(1,\n 2)\n") == "f(1,\n 2)")
        #expect(extent("1; b = 2") == "1")
        #expect(extent("1 }") == "1")
        #expect(extent("{'a': 1}\n") == "{'a': 1}")
        #expect(extent("[tue, wed\n}") == "[tue, wed")
        #expect(extent("[tue, wed\nhours = 1\n]") == "[tue, wed")
        #expect(extent("\"a;b}c\" + 'd\\'e' # }") == "\"a;b}c\" + 'd\\'e'")
        #expect(extent("\"\"\"\n  text; }\n  \"\"\"\nx") == "\"\"\"\n  text; }\n  \"\"\"")
        #expect(extent("a // note\nb") == "a")
        #expect(extent("a ? b :\n c\nd") == "a ? b :\n c")
        #expect(extent("https://example.com\nd") == "https:")
        #expect(RuleValueExtent.scan(Array("\"\"\"\nopen".utf8), from: 0).reachesEndOfFileInString)
    }
}
