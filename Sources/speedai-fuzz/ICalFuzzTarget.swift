/// The `ical` target: the bytes of a calendar feed (an establishment's CalDAV or .ics
/// export, written by someone else's software) go through `ICalParser` and, when it reads,
/// through the expansion of every event over three months; every `RRULE:` line is also
/// parsed alone and expanded from a fixed DTSTART over a bounded window. Invariants: no
/// crash, no hang (expansion is bounded); occurrences come sorted, end no earlier than they
/// start and overlap the window; a rule's starts are increasing, inside the window, and not
/// before DTSTART.
import Foundation
import RuleLang
import Runtime

/// Fuzzes the iCalendar reader and RRULE expansion.
enum ICalFuzzTarget {
    static let paris = ZoneConverter(identifier: "Europe/Paris")!
    /// The window occurrences are asked for: 2025-01-01 to 2025-04-01, Paris.
    static let windowStart = paris.instant(CivilDateTime(year: 2025, month: 1, day: 1))
    static let windowEnd = paris.instant(CivilDateTime(year: 2025, month: 4, day: 1))
    static let ruleStart = CivilDateTime(year: 2025, month: 1, day: 6, hour: 19, minute: 0)

    static func run(_ bytes: [UInt8]) {
        let file = SourceFile(name: "fuzz.ics", bytes: bytes)
        let (calendar, diagnostics) = ICalParser.parse(file)
        for diagnostic in diagnostics.prefix(20) { _ = DiagnosticRenderer().render(diagnostic, in: file) }
        if let calendar { checkOccurrences(calendar) }
        for line in String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline) where line.hasPrefix("RRULE:") {
            expandAlone(String(line.dropFirst("RRULE:".count)))
        }
    }

    private static func checkOccurrences(_ calendar: ICalCalendar) {
        let occurrences = calendar.occurrences(from: windowStart, to: windowEnd, defaultZone: paris)
        for (index, occurrence) in occurrences.enumerated() {
            FuzzCheck.require(occurrence.end >= occurrence.start, "occurrence ends before it starts: \(occurrence)")
            FuzzCheck.require(occurrence.start < windowEnd && occurrence.end >= windowStart, "occurrence outside the window: \(occurrence)")
            if index > 0 { FuzzCheck.require(occurrences[index - 1].start <= occurrence.start, "occurrences not sorted at \(index)") }
        }
    }

    private static func expandAlone(_ text: String) {
        guard let rule = try? RRule.parse(text) else { return }
        let until = rule.until?.wallClockLimit(in: paris)
        let expander = RRuleExpander(rule: rule, start: ruleStart, dateOnly: false, until: until, includesStart: true)
        let lower = CivilDateTime(year: 2025, month: 1, day: 1)
        let upper = CivilDateTime(year: 2026, month: 1, day: 1)
        let expansion = expander.expand(from: lower, through: upper, limit: 2_000)
        var previous: CivilDateTime?
        for start in expansion.starts {
            FuzzCheck.require(start >= lower && start <= upper, "rule \(text) gave \(start) outside the window")
            FuzzCheck.require(start >= ruleStart, "rule \(text) gave \(start) before DTSTART")
            if let previous { FuzzCheck.require(previous < start, "rule \(text) gave \(start) after \(previous)") }
            previous = start
        }
    }
}
