/// Runs the official Mustache spec suites from the shared conformance folder
/// (`<repo>/../shared/conformance/mustache`), one test per file. The files are read in
/// place, never copied into the repository; without them the test is skipped.
import Foundation
import Testing
@testable import RuleLang

@Suite struct MustacheSpecTests {
    /// `<repo root>/../shared/conformance/mustache`; this file is three levels below the root.
    static let specDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("../shared/conformance/mustache")
        .standardizedFileURL

    static let specFileNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: specDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static var specsAvailable: Bool { !specFileNames.isEmpty }

    @Test(
        .enabled(if: specsAvailable, "Mustache spec files not found in ../shared/conformance/mustache"),
        arguments: specFileNames)
    func specFilePasses(_ fileName: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.specDirectory.appendingPathComponent(fileName)))
        let results = try MustacheSpecRunner.run(fileBytes: bytes, fileName: fileName)
        #expect(!results.isEmpty)
        for result in results {
            switch result.outcome {
            case .passed: break
            case .failed(let detail): Issue.record("\(result.id): \(detail)")
            case .skipped(let reason): Issue.record("\(result.id) was skipped: \(reason)")
            }
        }
    }

    @Test func runnerRejectsNonSuiteFiles() {
        #expect(throws: SpecFileError.self) {
            try MustacheSpecRunner.run(fileBytes: Array("not json".utf8), fileName: "bad.json")
        }
        #expect(throws: SpecFileError.self) {
            try MustacheSpecRunner.run(fileBytes: Array("{\"tests\": 3}".utf8), fileName: "bad.json")
        }
    }

    @Test func runnerReportsMismatchesAndSkipsLambdas() throws {
        let suite = """
        {"tests": [
          {"name": "ok", "data": {"a": 1}, "template": "{{a}}", "expected": "1"},
          {"name": "wrong", "data": {}, "template": "x", "expected": "y"},
          {"name": "lambda", "data": {"f": {"__tag__": "code", "ruby": "proc {}"}}, "template": "{{f}}", "expected": ""},
          {"name": "broken", "data": {}, "template": "{{#a}}", "expected": ""}
        ]}
        """
        let results = try MustacheSpecRunner.run(fileBytes: Array(suite.utf8), fileName: "mini.json")
        #expect(results.map(\.id) == ["mini.json: ok", "mini.json: wrong", "mini.json: lambda", "mini.json: broken"])
        #expect(results[0].outcome == .passed)
        #expect(results[1].outcome == .failed(#"expected "y", got "x""#))
        #expect(results[2].outcome == .skipped("lambdas are not supported"))
        guard case .failed(let detail) = results[3].outcome else {
            Issue.record("a template that does not parse must fail")
            return
        }
        #expect(detail.contains("section 'a' is never closed"))
    }
}
