/// The parser must never crash, hang or recurse without bound, whatever the bytes (it is
/// fuzzed with libFuzzer too): random bytes and random token soups, one seed per case so
/// a failure is reproducible. Whatever parses cleanly must also format idempotently.
import Testing
@testable import RuleLang

/// SplitMix64: small, fast, and the same sequence on every platform.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Checks what must hold for any input, and that clean input formats idempotently.
func checkInvariants(_ bytes: [UInt8]) {
    let source = SourceFile(name: "random.rules", bytes: bytes)
    let file = RuleParser.parse(source)
    #expect(file.diagnostics.count <= DiagnosticBag.defaultLimit)
    #expect(file.diagnostics.map(\.range.start) == file.diagnostics.map(\.range.start).sorted())
    for diagnostic in file.diagnostics {
        #expect(diagnostic.range.start >= 0 && diagnostic.range.end <= bytes.count)
        _ = DiagnosticRenderer().render(diagnostic, in: source)
    }
    for (_, setting) in settings(file.items) {
        #expect(setting.value.range.end <= bytes.count)
    }
    guard let formatted = RuleFormatter.format(file) else {
        #expect(!file.diagnostics.isEmpty, "a file without syntax errors must format")
        return
    }
    let reparsed = RuleParser.parse(SourceFile(name: "formatted.rules", text: formatted))
    #expect(reparsed.diagnostics.isEmpty, "formatted output has errors:\n\(formatted)")
    #expect(RuleFormatter.format(reparsed) == formatted, "not idempotent:\n\(formatted)")
}

@Suite struct RuleParserRobustnessTests {
    /// Bytes drawn mostly from the characters that matter to the grammar.
    @Test(arguments: 0..<300)
    func survivesRandomBytes(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed))
        let alphabet = Array("{}=;[],#\"'\\\n\r\t :.-–0123456789abhmsdxyz_()&|+<>".utf8) + [0xE9, 0xEF, 0xBB, 0xBF, 0xC3, 0xA9, 0x00, 0xFF]
        let length = Int.random(in: 0...400, using: &random)
        let bytes = (0..<length).map { _ in
            Bool.random(using: &random) && Int.random(in: 0..<4, using: &random) == 0
                ? UInt8.random(in: 0...255, using: &random)
                : alphabet.randomElement(using: &random)!
        }
        checkInvariants(bytes)
    }

    /// Sequences of plausible tokens, which reach much deeper into the parser.
    @Test(arguments: 0..<300)
    func survivesRandomTokenSoups(seed: Int) {
        var random = SeededGenerator(seed: UInt64(seed) &* 7919)
        let pieces = [
            "slots", "service", "lunch", "days", "hours", "x", "timeout", " ", " ", "  ", "\n", "\n", "\n  ", "\r\n", "\t",
            "{", "{", "}", "}", "=", "=", ";", "[", "]", ",", "(", ")", "# note", "// c", "\"text\"", "'t'", "\"", "'",
            "\"\"\"", "\"\"\"\n  line\n  \"\"\"", "15m", "1h30m", "30m1h", "15 min", "19:30", "19:75", "12:00-14:30",
            "12:00..14:30", "24:00", "2025-12-24", "2025-02-30", "tue", "[tue, wed]", "&&", "||", "+", "-", "?", ":",
            ".", "entry.visits", ">= 5", "in", "true", "42", "1.5", "–", "\u{FEFF}", "é", "\\", "r\"a\"",
        ]
        let count = Int.random(in: 0...120, using: &random)
        var text = ""
        for _ in 0..<count { text += pieces.randomElement(using: &random)! }
        var bytes = Array(text.utf8)
        if Int.random(in: 0..<10, using: &random) == 0, !bytes.isEmpty {
            bytes[Int.random(in: 0..<bytes.count, using: &random)] = 0xE9
        }
        checkInvariants(bytes)
    }

    @Test func survivesDeepNestingOfEveryKind() {
        for text in [
            String(repeating: "a {\n", count: 5_000),
            String(repeating: "a { ", count: 5_000) + String(repeating: "} ", count: 5_000),
            String(repeating: "{", count: 5_000),
            "x = " + String(repeating: "{", count: 5_000),
            "x = " + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
            "x = " + String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300),
            String(repeating: "service \"", count: 2_000),
        ] {
            checkInvariants(Array(text.utf8))
        }
    }
}
