import Foundation
@testable import RuleLang

/// Shared helpers for the rule-language tests: the repository's paths and one-line
/// compilation of inline rule text.
enum RuleTestSupport {
    /// The repository root (this file is `Tests/RuleLangTests/RuleTestSupport.swift`).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `rules/*.rules` file names, sorted.
    static var shippedRuleFiles: [String] {
        let directory = repositoryRoot.appendingPathComponent("rules")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.sorted()
    }

    /// The source of a shipped rule file, named `rules/<name>` as the CLI would.
    static func shipped(_ name: String) throws -> SourceFile {
        let url = repositoryRoot.appendingPathComponent("rules").appendingPathComponent(name)
        return SourceFile(name: "rules/\(name)", text: try String(contentsOf: url, encoding: .utf8))
    }

    /// Compiles inline rule text.
    static func compile(_ text: String, name: String = "test.rules") -> RuleCompilation {
        RuleCompiler.compile(SourceFile(name: name, text: text))
    }

    /// The messages of a compilation's diagnostics, for compact expectations.
    static func messages(_ text: String) -> [String] {
        compile(text).diagnostics.map(\.message)
    }

    /// The diagnostics rendered like `speedai-rules check`, for failure messages.
    static func rendered(_ compilation: RuleCompilation) -> String {
        DiagnosticRenderer().render(compilation.diagnostics, in: compilation.syntax.source)
    }
}
