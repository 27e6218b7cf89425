/// Runs libical's recurrence test cases (`icalrecur_test.txt`, converted in
/// `../shared/conformance/rrule/icalrecur.txt`) against `RRuleExpander`, case by case,
/// for `speedai-rules spec-test rrule`. Text in, results out: the caller reads the file.
import RuleLang

/// The libical RRULE conformance runner.
///
/// A case is a blank-line separated block: comment lines, `RRULE:`, `DTSTART:` (floating
/// date-time, UTC with `Z`, or a DATE), an optional `START-AT:` and `INSTANCES:`. As in
/// libical's own runner, instances before START-AT are dropped from both the expected
/// and the produced lists; then the first N produced instances must equal the N
/// expected ones. Floating times are expanded as if they were UTC (no DST).
public enum RRuleSpecRunner {
    /// Runs every case of one file.
    ///
    /// - Parameters:
    ///   - text: the file's content.
    ///   - fileName: the prefix of each case id, e.g. `icalrecur.txt`.
    /// - Returns: one result per case in file order; a case whose INSTANCES line is
    ///   libical's `*** UNIMPLEMENTED` marker is skipped (there is nothing to compare).
    public static func run(text: String, fileName: String) -> [SpecCaseResult] {
        blocks(of: text).compactMap { block in
            guard block.fields["RRULE"] != nil || block.fields["INSTANCES"] != nil else { return nil }
            return runCase(block, fileName: fileName)
        }
    }

    /// One case as read from the file.
    struct Block {
        var line: Int
        var comments: [String] = []
        var fields: [String: String] = [:]
    }

    static func blocks(of text: String) -> [Block] {
        var blocks: [Block] = []
        var current: Block?
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.hasSuffix("\r") ? String(rawLine.dropLast()) : String(rawLine)
            if line.trimmingSpaces.isEmpty {
                if let finished = current { blocks.append(finished) }
                current = nil
                continue
            }
            var block = current ?? Block(line: lineNumber)
            if line.hasPrefix("#") {
                block.comments.append(String(line.dropFirst()).trimmingSpaces)
            } else if let colon = line.firstIndex(of: ":") {
                if block.fields.isEmpty { block.line = lineNumber }
                block.fields[String(line[..<colon]).uppercased()] = String(line[line.index(after: colon)...])
            } else {
                block.fields["?\(lineNumber)"] = line
            }
            current = block
        }
        if let finished = current { blocks.append(finished) }
        return blocks
    }

    private static func runCase(_ block: Block, fileName: String) -> SpecCaseResult {
        let title = block.comments.first ?? block.fields["RRULE"] ?? "case"
        let id = "\(fileName):\(block.line): \(title)"
        func fail(_ detail: String) -> SpecCaseResult { SpecCaseResult(id: id, outcome: .failed(detail)) }
        if let stray = block.fields.first(where: { $0.key.hasPrefix("?") }) {
            return fail("malformed case: line '\(stray.value)' is not FIELD:value")
        }
        guard let ruleText = block.fields["RRULE"], let startText = block.fields["DTSTART"],
              let instancesText = block.fields["INSTANCES"] else {
            return fail("malformed case: needs RRULE, DTSTART and INSTANCES")
        }
        if instancesText.trimmingSpaces.hasPrefix("*") {
            return SpecCaseResult(id: id, outcome: .skipped(
                "libical rejects this rule (\(instancesText.trimmingSpaces.drop(while: { $0 == "*" || $0 == " " }))); no instances to compare"))
        }
        let rule: RRule
        do {
            rule = try RRule.parse(ruleText)
        } catch {
            return fail("RRULE does not parse: \(error.message)")
        }
        guard case .success(let start) = ICalDateText.parse(startText) else {
            return fail("malformed case: DTSTART '\(startText)' is not a date")
        }
        var startAt: CivilDateTime?
        if let startAtText = block.fields["START-AT"] {
            guard case .success(let parsed) = ICalDateText.parse(startAtText) else {
                return fail("malformed case: START-AT '\(startAtText)' is not a date")
            }
            startAt = parsed.time
        }
        var expected: [String] = []
        for item in instancesText.split(separator: ",") {
            let text = String(item).trimmingSpaces
            guard case .success(let parsed) = ICalDateText.parse(text) else {
                return fail("malformed case: instance '\(text)' is not a date")
            }
            if let startAt, parsed.time < startAt { continue }
            expected.append(text)
        }
        // Floating and UTC expansions are the same here: no zone, no DST.
        let until = rule.until.map { until in
            until.isDate ? CivilDateTime(year: until.time.year, month: until.time.month, day: until.time.day,
                                         hour: 23, minute: 59, second: 59) : until.time
        }
        let expander = RRuleExpander(rule: rule, start: start.time, dateOnly: start.isDate, until: until)
        let expansion = expander.expand(from: startAt, limit: expected.count)
        let actual = expansion.starts.map { ICalDateText.format($0, isDate: start.isDate, isUTC: start.isUTC) }
        if actual == expected { return SpecCaseResult(id: id, outcome: .passed) }
        return fail(difference(expected: expected, actual: actual, stoppedAtLimit: expansion.reachedIterationLimit))
    }

    private static func difference(expected: [String], actual: [String], stoppedAtLimit: Bool) -> String {
        var detail: String
        if let index = zip(expected, actual).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            detail = "instance \(index + 1): expected \(expected[index]), got \(actual[index])"
        } else if actual.count < expected.count {
            detail = "expected \(expected.count) instances, got \(actual.count); first missing: \(expected[actual.count])"
        } else {
            detail = "expected \(expected.count) instances, got \(actual.count)"
        }
        if stoppedAtLimit { detail += " (stopped after \(RRuleExpander.iterationLimit) periods without an occurrence)" }
        return detail + "; got " + actual.prefix(6).joined(separator: ",") + (actual.count > 6 ? ",..." : "")
    }
}
