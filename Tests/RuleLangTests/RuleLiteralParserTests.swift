/// Unit tests of the rule literal parser: every literal form, its canonical spelling,
/// the malformed spellings it must explain, and the CEL text it must leave alone.
import Testing
@testable import RuleLang

/// The canonical spelling of `text` read as a literal, or a short description otherwise.
private func reading(_ text: String) -> String {
    let file = SourceFile(name: "t", text: text)
    switch RuleLiteralParser.parse(file.bytes, start: 0, limit: file.bytes.count) {
    case .literal(let literal):
        let spelled = literal.canonicalSpelling(in: file)
        return literal.range.end == file.bytes.count ? spelled : "\(spelled) then '\(file.text(in: SourceRange(start: literal.range.end, end: file.bytes.count)))'"
    case .invalid(let diagnostic):
        return "invalid: \(diagnostic.message)"
    case .notALiteral:
        return "not a literal"
    }
}

private func kind(_ text: String) -> RuleLiteral.Kind? {
    if case .literal(let literal) = RuleLiteralParser.parse(text) { return literal.kind }
    return nil
}

@Suite struct RuleLiteralParserTests {
    @Test(arguments: [
        ("15m", "15m"), ("1h30m", "1h30m"), ("90m", "1h30m"), ("2d", "2d"), ("45s", "45s"),
        ("250ms", "250ms"), ("1d12h", "1d12h"), ("36h", "36h"), ("48h", "48h"), ("1d36h", "2d12h"),
        ("3600s", "1h"), ("1500ms", "1s500ms"), ("0m", "0s"), ("180d", "180d"), ("1h0m", "1h"),
        ("19:30", "19:30"), ("9:05", "09:05"), ("0:00", "00:00"), ("23:59", "23:59"),
        ("2025-12-24", "2025-12-24"), ("2025-1-5", "2025-01-05"), ("2024-02-29", "2024-02-29"), ("2000-02-29", "2000-02-29"),
        ("12:00-14:30", "12:00-14:30"), ("12:00..14:30", "12:00-14:30"), ("12:00–14:30", "12:00-14:30"),
        ("12:00 - 14:30", "12:00-14:30"), ("22:00-8:00", "22:00-08:00"), ("18:00-24:00", "18:00-24:00"),
        ("tue", "tue"), ("sequential", "sequential"), ("none", "none"), ("_x1", "_x1"),
        ("[tue, wed]", "[tue, wed]"), ("[tue,wed,]", "[tue, wed]"), ("[]", "[]"), ("[ ]", "[]"),
        ("[mon, 2025-12-25]", "[mon, 2025-12-25]"), ("[mon,\n  tue, # comment\n]", "[mon, tue]"),
        ("[12:00-14:00, 90m]", "[12:00-14:00, 1h30m]"),
    ])
    func readsValidLiterals(text: String, canonical: String) {
        #expect(reading(text) == canonical)
    }

    @Test func storesValuesInTheirUnits() {
        #expect(kind("1h30m") == .duration(milliseconds: 5_400_000))
        #expect(kind("250ms") == .duration(milliseconds: 250))
        #expect(kind("19:30") == .timeOfDay(minutes: 1170))
        #expect(kind("22:00-08:00") == .timeRange(from: 1320, to: 480))
        #expect(kind("18:00-24:00") == .timeRange(from: 1080, to: 1440))
        #expect(kind("2025-12-24") == .date(year: 2025, month: 12, day: 24))
        #expect(kind("tue") == .symbol("tue"))
    }

    @Test(arguments: [
        ("15mins", "'mins' is not a duration unit"),
        ("15min", "'min' is not a duration unit"),
        ("15x", "'x' is not a duration unit"),
        ("30m1h", "the units of '30m1h' are out of order"),
        ("1h1h", "the unit 'h' appears more than once in '1h1h'"),
        ("19h30", "'19h30' is neither a time of day nor a duration"),
        ("1h30", "'1h30' is neither a time of day nor a duration"),
        ("1m30", "the number 30 in '1m30' has no unit"),
        ("99999999999999999999d", "the duration '99999999999999999999d' is too long"),
        ("9999999999999999d", "the duration '9999999999999999d' is too long"),
        ("19:75", "'19:75' has 75 minutes; minutes go from 00 to 59"),
        ("25:00", "'25:00' is not a time of day: hours go from 00 to 23"),
        ("24:30", "'24:30' is not a time of day: hours go from 00 to 23"),
        ("24:00", "24:00 is only allowed as the end of a time range"),
        ("24:00-02:00", "24:00 is only allowed as the end of a time range"),
        ("9:5", "minutes are written with two digits in '9:5'"),
        ("123:00", "'123:00' is not a time of day"),
        ("19:30:00", "'19:30:00' is not a time of day"),
        ("7:30pm", "'7:30pm' is not a time of day"),
        ("12:00-", "this time range has no end time"),
        ("12:00-14:75", "'14:75' has 75 minutes; minutes go from 00 to 59"),
        ("2025-02-30", "'2025-02-30' is not a real date: February 2025 has 28 days"),
        ("2100-02-29", "'2100-02-29' is not a real date: February 2100 has 28 days"),
        ("2025-04-31", "'2025-04-31' is not a real date: April 2025 has 30 days"),
        ("2025-13-01", "'2025-13-01' is not a real date: there is no month 13"),
        ("2025-00-10", "'2025-00-10' is not a real date: there is no month 0"),
        ("2025-12-00", "'2025-12-00' is not a real date: December 2025 has 31 days"),
        ("2025-12-24T10", "'2025-12-24T10' is not a date"),
        ("2025-123-1", "'2025-123-1' is not a date"),
        ("[mon, 2025-02-30]", "'2025-02-30' is not a real date: February 2025 has 28 days"),
        ("[mon tue]", "expected ',' before 'tue'"),
        ("[mon, tue", "this list is never closed"),
    ])
    func explainsMalformedLiterals(text: String, message: String) {
        #expect(reading(text) == "invalid: \(message)")
    }

    @Test func helpsWithTheLikelyFix() {
        func help(_ text: String) -> String? {
            if case .invalid(let diagnostic) = RuleLiteralParser.parse(text) { return diagnostic.help }
            return nil
        }
        #expect(help("15mins") == "write 15m; durations use the units d, h, m, s and ms")
        #expect(help("2heures") == "write 2h; durations use the units d, h, m, s and ms")
        #expect(help("30m1h") == "write the largest unit first, like 1h30m")
        #expect(help("19h30") == "write a time of day as 19:30, or a duration as 19h30m")
        #expect(help("19:75") == "an hour has 60 minutes: did you mean 20:15?")
        #expect(help("23:75") == "minutes go from 00 to 59")
        #expect(help("9:5") == "write 9:05")
    }

    @Test(arguments: [
        "42", "1.5", "1e3", "2.5e-3", "0x1F", "5u", "-15m", "\"15m\"", "'tue'", "true", "false", "null",
        "entry.visits >= 5", "[1, 2]", "[\"a\"]", "[entry.x]", "[[a]]", "(1)", "r\"raw\"", "b'x'", "12.30",
    ])
    func leavesCELAlone(text: String) {
        let outcome = RuleLiteralParser.parse(text)
        switch outcome {
        case .notALiteral: break
        case .literal(let literal):
            // A literal prefix of CEL text (like `entry` in `entry.visits`) never covers all of it.
            #expect(literal.range.end < text.utf8.count, "\(text) read as a whole literal")
        case .invalid(let diagnostic):
            Issue.record("\(text) reported as an invalid literal: \(diagnostic.message)")
        }
    }

    @Test func neverReadsPastTheLimit() {
        let bytes = Array("15m; x = 1".utf8)
        // With the limit before `m`, only `15` is visible: a number, not a duration.
        #expect(RuleLiteralParser.parse(bytes, start: 0, limit: 2) == .notALiteral)
        #expect(RuleLiteralParser.parse(bytes, start: 0, limit: 3)
            == .literal(RuleLiteral(kind: .duration(milliseconds: 900_000), range: SourceRange(start: 0, end: 3))))
        #expect(RuleLiteralParser.parse(Array("[tue, wed]".utf8), start: 0, limit: 6)
            == .invalid(.error("this list is never closed", at: SourceRange(start: 0, end: 1), help: "add ']' after the last item")))
    }
}
