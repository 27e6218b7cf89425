/// Helpers shared by the iCalendar tests: parse a calendar written inline (LF or CRLF),
/// render its diagnostics as an admin would read them, and build instants.
import RuleLang
import Testing
@testable import Runtime

enum ICalTestSupport {
    static let paris = ZoneConverter(identifier: "Europe/Paris")!

    /// Wraps VEVENT lines in a VCALENDAR.
    static func calendar(_ body: String, lineEnding: String = "\n") -> String {
        let lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SpeedAI//tests//EN"] + body.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) + ["END:VCALENDAR"]
        return lines.filter { !$0.isEmpty }.joined(separator: lineEnding) + lineEnding
    }

    /// Parses and renders every diagnostic, as `speedai-rules` would print them.
    static func parse(_ text: String, fileName: String = "cal.ics") -> (calendar: ICalCalendar?, rendered: String, diagnostics: [Diagnostic]) {
        let (calendar, diagnostics) = ICalParser.parse(text: text, fileName: fileName)
        let rendered = DiagnosticRenderer().render(diagnostics, in: SourceFile(name: fileName, text: text))
        return (calendar, rendered, diagnostics)
    }

    /// An instant from `2025-03-20T18:00:00Z`-style text.
    static func utc(_ text: String) -> Instant {
        let digits = text.unicodeScalars.filter { ("0"..."9").contains($0) }.map { Int($0.value - 48) }
        func number(_ range: Range<Int>) -> Int { digits[range].reduce(0) { $0 * 10 + $1 } }
        let civil = CivilDateTime(year: number(0..<4), month: number(4..<6), day: number(6..<8),
                                  hour: number(8..<10), minute: number(10..<12), second: digits.count >= 14 ? number(12..<14) : 0)
        return Instant(seconds: civil.utcSeconds)
    }
}
