/// Golden tests of the rule-file front end: each `Golden/<area>/*.rules` input has an
/// `*.expected` file holding the formatter's output (area `format`) or the rendered
/// syntax diagnostics (area `syntax-errors`). Run with `UPDATE_GOLDEN=1` to rewrite the
/// expected files after an intended change, then review the diff.
import Foundation
import Testing
@testable import RuleLang

enum Golden {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" }

    /// The `.rules` file names of one area, sorted.
    static func cases(_ area: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(area).path)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.sorted()
    }

    /// The input as a source file named by its path relative to the test directory.
    static func input(_ area: String, _ name: String) -> SourceFile {
        let url = root.appendingPathComponent(area).appendingPathComponent(name)
        let bytes = (try? Data(contentsOf: url)).map { Array($0) } ?? []
        return SourceFile(name: "Golden/\(area)/\(name)", bytes: bytes)
    }

    /// Compares `actual` with the `.expected` file of a case, or rewrites it.
    static func check(_ actual: String, area: String, name: String) {
        let url = root.appendingPathComponent(area).appendingPathComponent(name.replacingOccurrences(of: ".rules", with: ".expected"))
        if updating {
            try? Data(actual.utf8).write(to: url)
            return
        }
        let expected = (try? Data(contentsOf: url)).map { String(decoding: $0, as: UTF8.self) }
        #expect(expected != nil, "missing \(url.lastPathComponent); run with UPDATE_GOLDEN=1")
        if let expected { #expect(actual == expected, "\(area)/\(name) differs from its .expected file") }
    }
}

@Suite struct RuleGoldenTests {
    @Test(arguments: Golden.cases("format"))
    func formatsCanonically(name: String) throws {
        let file = Golden.input("format", name)
        let parsed = RuleParser.parse(file)
        #expect(parsed.diagnostics.isEmpty, "\(DiagnosticRenderer().render(parsed.diagnostics, in: file))")
        let formatted = try #require(RuleFormatter.format(parsed))
        Golden.check(formatted, area: "format", name: name)
        // Idempotence: the output is already canonical.
        let again = RuleFormatter.format(RuleParser.parse(SourceFile(name: "again.rules", text: formatted)))
        #expect(again == formatted)
    }

    @Test(arguments: Golden.cases("syntax-errors"))
    func reportsSyntaxErrors(name: String) {
        let file = Golden.input("syntax-errors", name)
        let parsed = RuleParser.parse(file)
        #expect(!parsed.diagnostics.isEmpty)
        #expect(RuleFormatter.format(parsed) == nil, "a file with syntax errors must not be formatted")
        var rendered = DiagnosticRenderer().render(parsed.diagnostics, in: file)
        if let summary = DiagnosticRenderer.summary(of: parsed.diagnostics) { rendered += "\n" + summary + "\n" }
        Golden.check(rendered, area: "syntax-errors", name: name)
    }

    @Test func theCanonicalExampleIsLeftUnchanged() throws {
        let file = Golden.input("format", "canonical-example.rules")
        let formatted = try #require(RuleFormatter.format(RuleParser.parse(file)))
        #expect(Array(formatted.utf8) == file.bytes)
    }
}
