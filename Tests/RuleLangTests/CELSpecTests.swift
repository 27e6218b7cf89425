/// Runs the cel-spec conformance files from the shared folder
/// (`<repo>/../shared/conformance/cel`) through `CELSpecRunner` with the repository's skip
/// list (`tests/conformance/cel-skip.txt`), one test per file: at least 97 % of the cases
/// that are not skipped must pass, and every failure is printed. Without the files the
/// test is skipped. Also unit-tests the runner and the skip-list format.
import Foundation
import Testing
@testable import RuleLang

@Suite struct CELSpecTests {
    /// The repository root; this file is three levels below it.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    static let specDirectory = repositoryRoot.appendingPathComponent("../shared/conformance/cel").standardizedFileURL

    static let specFileNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: specDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted()
    }()

    static var specsAvailable: Bool { !specFileNames.isEmpty }

    static func skipList() throws -> CELSkipList {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("tests/conformance/cel-skip.txt"), encoding: .utf8)
        return try CELSkipList(parsing: text)
    }

    @Test(
        .enabled(if: specsAvailable, "CEL conformance files not found in ../shared/conformance/cel"),
        arguments: specFileNames)
    func conformanceFilePasses(_ fileName: String) throws {
        let bytes = try [UInt8](Data(contentsOf: Self.specDirectory.appendingPathComponent(fileName)))
        let results = try CELSpecRunner.run(fileBytes: bytes, fileName: fileName, skipList: try Self.skipList())
        var passed = 0
        var failures: [String] = []
        var skipped = 0
        for result in results {
            switch result.outcome {
            case .passed: passed += 1
            case .failed(let detail): failures.append("\(result.id): \(detail)")
            case .skipped: skipped += 1
            }
        }
        let run = passed + failures.count
        print("CEL conformance \(fileName): \(passed) passed, \(failures.count) failed, \(skipped) skipped")
        for failure in failures { print("  FAIL \(failure)") }
        #expect(run > 0)
        #expect(Double(passed) >= 0.97 * Double(run), "\(fileName): only \(passed) of \(run) cases pass:\n\(failures.joined(separator: "\n"))")
    }

    @Test(.enabled(if: specsAvailable, "CEL conformance files not found"))
    func skipListIsWellFormedAndUsed() throws {
        let list = try Self.skipList()
        #expect(!list.entries.isEmpty)
        #expect(list.entries.allSatisfy { !$0.reason.isEmpty })
    }

    // MARK: - The runner itself

    @Test func runnerChecksValuesErrorsAndSkips() throws {
        let suite = """
        [
          {"file": "mini", "section": "s", "name": "ok", "expr": "1 + 1", "value": {"int64_value": 2}},
          {"file": "mini", "section": "s", "name": "kind", "expr": "1u", "value": {"int64_value": 1}},
          {"file": "mini", "section": "s", "name": "implicit_true", "expr": "2 > 1"},
          {"file": "mini", "section": "s", "name": "error", "expr": "1 / 0", "eval_error": {"errors": [{"message": "divide by zero"}]}},
          {"file": "mini", "section": "s", "name": "no_error", "expr": "1", "eval_error": {"errors": []}},
          {"file": "mini", "section": "skip", "name": "any", "expr": "Foo{}", "value": {"bool_value": true}},
          {"file": "mini", "section": "s", "name": "big", "expr": "x", "value": {"uint64_value": 18446744073709551615},
           "type_env": [{"name": "x", "ident": {"type": {"primitive": "UINT64"}}}],
           "bindings": [{"key": "x", "value": {"value": {"uint64_value": 18446744073709551615}}}]},
          {"file": "mini", "section": "s", "name": "nan", "expr": "0.0 / 0.0", "value": {"double_value": "nan"}},
          {"file": "mini", "section": "s", "name": "bytes", "expr": "b'\\\\xff'", "value": {"bytes_value": {"base64": "/w=="}}}
        ]
        """
        let skips = try CELSkipList(parsing: "mini/skip/*  # messages are not supported\n")
        let results = try CELSpecRunner.run(fileBytes: Array(suite.utf8), fileName: "mini.json", skipList: skips)
        #expect(results.map(\.id) == ["mini/s/ok", "mini/s/kind", "mini/s/implicit_true", "mini/s/error", "mini/s/no_error",
                                      "mini/skip/any", "mini/s/big", "mini/s/nan", "mini/s/bytes"])
        #expect(results[0].outcome == .passed)
        #expect(results[1].outcome == .failed("expected 1, got 1u"))
        #expect(results[2].outcome == .passed)
        #expect(results[3].outcome == .passed)
        #expect(results[4].outcome == .failed("expected an error, got 1"))
        #expect(results[5].outcome == .skipped("messages are not supported"))
        #expect(results[6].outcome == .passed)
        #expect(results[7].outcome == .passed)
        #expect(results[8].outcome == .passed)
    }

    @Test func runnerFailsCasesTheCheckerRejects() throws {
        let suite = """
        [
          {"file": "f", "section": "s", "name": "checked", "expr": "1 + 1", "value": {"int64_value": 2}},
          {"file": "f", "section": "s", "name": "unchecked", "expr": "1 + 1", "disable_check": true, "value": {"int64_value": 2}}
        ]
        """
        let results = try CELSpecRunner.run(fileBytes: Array(suite.utf8), fileName: "f.json", skipList: CELSkipList()) { expr, _ in
            [.error("nope", at: expr.range)]
        }
        #expect(results[0].outcome == .failed("the checker rejected it: nope"))
        #expect(results[1].outcome == .passed)
    }

    @Test func runnerRejectsFilesThatAreNotSuites() {
        #expect(throws: SpecFileError.self) {
            try CELSpecRunner.run(fileBytes: Array("{".utf8), fileName: "bad.json", skipList: CELSkipList())
        }
        #expect(throws: SpecFileError.self) {
            try CELSpecRunner.run(fileBytes: Array("{\"a\": 1}".utf8), fileName: "bad.json", skipList: CELSkipList())
        }
    }

    // MARK: - Skip-list format

    @Test func skipListMatchesWildcards() throws {
        let list = try CELSkipList(parsing: """
            # comment

            basic/variables/*      # whole section
            comparisons/*/x        # one name in every section
            lists/index/first   #  exact  \r
            """)
        #expect(list.entries.count == 3)
        #expect(list.reason(file: "basic", section: "variables", name: "anything") == "whole section")
        #expect(list.reason(file: "comparisons", section: "eq", name: "x") == "one name in every section")
        #expect(list.reason(file: "comparisons", section: "eq", name: "y") == nil)
        #expect(list.reason(file: "lists", section: "index", name: "first") == "exact")
        #expect(list.reason(file: "lists", section: "index", name: "second") == nil)
    }

    @Test(arguments: [
        ("basic/a/b\n", 1),
        ("# fine\nbasic/a/b   #\n", 2),
        ("basic/a  # too short\n", 1),
        ("basic/a/b/c  # too long\n", 1),
    ])
    func skipListRejectsMalformedLines(text: String, line: Int) {
        #expect(throws: CELSkipListError.self) { try CELSkipList(parsing: text) }
        do {
            _ = try CELSkipList(parsing: text)
        } catch {
            #expect(error.line == line)
        }
    }
}
