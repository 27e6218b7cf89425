/// Runs libical's recurrence cases from `<repo>/../shared/conformance/rrule/icalrecur.txt`
/// through `RRuleSpecRunner` and holds the pass rate at 95 % or more (the bar).
/// The file is read in place, never copied; without it the test is skipped.
import Foundation
import RuleLang
import Testing
@testable import Runtime

@Suite struct RRuleConformanceTests {
    /// `<repo root>/../shared/conformance/rrule/icalrecur.txt`; this file is three levels below the root.
    static let specFile: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("../shared/conformance/rrule/icalrecur.txt")
        .standardizedFileURL

    static var specAvailable: Bool { FileManager.default.fileExists(atPath: specFile.path) }

    @Test(.enabled(if: specAvailable, "icalrecur.txt not found in ../shared/conformance/rrule"))
    func libicalCasesPassAtLeast95Percent() throws {
        let text = try String(contentsOf: Self.specFile, encoding: .utf8)
        let results = RRuleSpecRunner.run(text: text, fileName: "icalrecur.txt")
        let passed = results.filter(\.passed).count
        let skipped = results.filter { if case .skipped = $0.outcome { true } else { false } }.count
        let run = results.count - skipped
        for result in results {
            if case .failed(let detail) = result.outcome { print("FAIL \(result.id): \(detail)") }
            if case .skipped(let reason) = result.outcome { print("SKIP \(result.id): \(reason)") }
        }
        print("rrule conformance: \(passed) passed, \(run - passed) failed, \(skipped) skipped")
        #expect(results.count >= 90)
        #expect(Double(passed) >= 0.95 * Double(run), "\(passed) of \(run) passed")
    }

    /// Stricter than the runner (which compares the first N): a rule that ends by
    /// itself must produce exactly the listed instances and nothing more.
    @Test(.enabled(if: specAvailable, "icalrecur.txt not found in ../shared/conformance/rrule"))
    func boundedRulesProduceNothingBeyondTheListedInstances() throws {
        let text = try String(contentsOf: Self.specFile, encoding: .utf8)
        var compared = 0
        var differing: [String] = []
        for block in RRuleSpecRunner.blocks(of: text) {
            guard let ruleText = block.fields["RRULE"], let startText = block.fields["DTSTART"],
                  let instances = block.fields["INSTANCES"], block.fields["START-AT"] == nil,
                  !instances.hasPrefix(" *"), let rule = try? RRule.parse(ruleText), rule.isBounded,
                  case .success(let start) = ICalDateText.parse(startText) else { continue }
            let until = rule.until.map { $0.isDate ? CivilDateTime(year: $0.time.year, month: $0.time.month, day: $0.time.day, hour: 23, minute: 59, second: 59) : $0.time }
            let produced = RRuleExpander(rule: rule, start: start.time, dateOnly: start.isDate, until: until)
                .expand(limit: 5000).starts.map { ICalDateText.format($0, isDate: start.isDate, isUTC: start.isUTC) }
            compared += 1
            if produced.joined(separator: ",") != instances { differing.append("line \(block.line): \(ruleText)") }
        }
        print("bounded rules compared in full: \(compared), differing: \(differing.count)")
        for line in differing { print("  differs: \(line)") }
        #expect(compared >= 80)
        #expect(differing.count <= 1, "\(differing)")
    }
}
