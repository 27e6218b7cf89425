import Foundation
import Testing
@testable import RuleLang

/// Golden diagnostics: every `Golden/check/*.rules` file is compiled and its diagnostics,
/// rendered as `speedai-rules check` shows them, must equal the `.expected` file next to
/// it. `UPDATE_GOLDEN=1 swift test --filter RuleCheckerGolden` rewrites the expectations.
struct RuleCheckerGoldenTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/check")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.sorted()
    }

    /// What the golden file holds: the rendered diagnostics and a summary line.
    static func render(_ name: String, text: String) -> String {
        let file = SourceFile(name: name, text: text)
        let compilation = RuleCompiler.compile(file)
        var out = DiagnosticRenderer().render(compilation.diagnostics, in: file)
        if !out.isEmpty { out += "\n" }
        out += (DiagnosticRenderer.summary(of: compilation.diagnostics) ?? "no problems") + "\n"
        out += compilation.ruleSet == nil ? "rule set: none\n" : "rule set: compiled\n"
        return out
    }

    @Test(arguments: cases)
    func matchesExpectedDiagnostics(_ name: String) throws {
        let input = Self.directory.appendingPathComponent(name)
        let expectedURL = input.deletingPathExtension().appendingPathExtension("expected")
        let actual = Self.render(name, text: try String(contentsOf: input, encoding: .utf8))
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try actual.write(to: expectedURL, atomically: true, encoding: .utf8)
            return
        }
        let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? ""
        #expect(actual == expected, "\(name): run with UPDATE_GOLDEN=1 to regenerate")
    }

    @Test func everyCheckerRuleHasAGoldenFile() {
        #expect(Self.cases.count >= 10)
    }
}
