/// Seeded random testing of the iCalendar reader and the recurrence expander: mutated
/// calendars must never crash and must report errors inside the file, and random
/// rules must produce ordered occurrences that obey every BY... part, with windowed
/// expansion agreeing with a full walk. Seeds are fixed so failures reproduce.
import RuleLang
import Testing
@testable import Runtime


@Suite struct ICalFuzzTests {
    static let seedCalendar = ICalTestSupport.calendar(ICalOccurrenceTests.series + """

        BEGIN:VEVENT
        UID:all-day
        DTSTART;VALUE=DATE:20250106
        DTEND;VALUE=DATE:20250108
        RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=12
        END:VEVENT
        BEGIN:VEVENT
        UID:rdates
        DTSTART:20250110T180000Z
        DURATION:PT2H
        RDATE;VALUE=PERIOD:20250120T110000Z/PT3H
        SUMMARY:Folded\\, escaped
         text
        END:VEVENT
        """, lineEnding: "\r\n")

    static let fragments = [
        "BEGIN:VEVENT\r\n", "END:VEVENT\r\n", "BEGIN:VALARM\r\n", "END:VCALENDAR\r\n", "RRULE:FREQ=DAILY;COUNT=2\r\n",
        "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\r\n", "DTSTART;TZID=Europe/Paris:20250101T120000\r\n",
        "EXDATE:20250101T120000Z,\r\n", "RECURRENCE-ID:20250107T180000Z\r\n", "DURATION:P1W\r\n", "\r\n ", ";", ":", ",",
        "\"", "\\", "=", "T", "Z", "9", "-", "\u{00E9}", "\u{FFFD}",
    ]

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func mutatedCalendarsNeverCrashAndErrorsStayInTheFile(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let base = Array(Self.seedCalendar.utf8)
        var parsedCount = 0
        for _ in 0..<300 {
            var bytes = base
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where position < bytes.count:
                    bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1:
                    let end = min(bytes.count, position + Int.random(in: 1...40, using: &random))
                    bytes.removeSubrange(position..<end)
                case 2:
                    bytes.insert(contentsOf: Array(Self.fragments.randomElement(using: &random)!.utf8), at: position)
                default:
                    let start = max(0, position - 30)
                    bytes.insert(contentsOf: bytes[start..<position], at: position)
                }
            }
            let file = SourceFile(name: "fuzz.ics", bytes: bytes)
            let (calendar, diagnostics) = ICalParser.parse(file)
            #expect(diagnostics.allSatisfy { $0.range.start >= 0 && $0.range.end <= bytes.count && $0.range.start <= $0.range.end })
            #expect((calendar == nil) == diagnostics.contains { $0.severity == .error })
            _ = DiagnosticRenderer().render(diagnostics, in: file)
            guard let calendar else { continue }
            parsedCount += 1
            let found = calendar.occurrences(from: ICalTestSupport.utc("2024-12-01T00:00"), to: ICalTestSupport.utc("2026-01-01T00:00"),
                                             defaultZone: ICalTestSupport.paris)
            #expect(found.allSatisfy { $0.end >= $0.start })
            #expect(zip(found, found.dropFirst()).allSatisfy { $0.start <= $1.start })
        }
        #expect(parsedCount > 0)
    }

    @Test(arguments: [11, 12, 13] as [UInt64])
    func randomRulesProduceOrderedOccurrencesThatObeyTheRule(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var checked = 0
        for _ in 0..<200 {
            let text = Self.randomRule(using: &random)
            guard let rule = try? RRule.parse(text) else { continue }
            let start = CivilDateTime(year: Int.random(in: 2020...2030, using: &random), month: Int.random(in: 1...12, using: &random),
                                      day: Int.random(in: 1...28, using: &random), hour: Int.random(in: 0...23, using: &random),
                                      minute: [0, 15, 30, 45].randomElement(using: &random)!, second: 0)
            let until = rule.until.map { $0.time }
            let expander = RRuleExpander(rule: rule, start: start, dateOnly: false, until: until)
            let full = expander.expand(limit: 60).starts
            checked += 1
            #expect(zip(full, full.dropFirst()).allSatisfy { $0 < $1 }, "\(text) not increasing")
            #expect(full.allSatisfy { $0 >= start }, "\(text) before DTSTART")
            if let until { #expect(full.allSatisfy { $0 <= until }, "\(text) after UNTIL") }
            if let count = rule.count { #expect(full.count <= count, "\(text) beyond COUNT") }
            for occurrence in full {
                #expect(rule.byMonth.isEmpty || rule.byMonth.contains(occurrence.month), "\(text): \(occurrence.isoText)")
                #expect(rule.byHour.isEmpty || rule.byHour.contains(occurrence.hour), "\(text): \(occurrence.isoText)")
                #expect(rule.byMinute.isEmpty || rule.byMinute.contains(occurrence.minute), "\(text): \(occurrence.isoText)")
                #expect(rule.byDay.isEmpty || rule.byDay.contains { $0.weekday.rawValue == occurrence.isoWeekday }, "\(text): \(occurrence.isoText)")
                let monthLength = CivilDateTime.daysInMonth(occurrence.year, occurrence.month)
                #expect(rule.byMonthDay.isEmpty || rule.byMonthDay.contains { $0 == occurrence.day || $0 == occurrence.day - monthLength - 1 },
                        "\(text): \(occurrence.isoText)")
            }
            // Without COUNT, jumping straight to a window must find what a full walk finds there.
            if rule.count == nil, full.count >= 6 {
                let lower = full[2]
                let upper = full[5]
                let windowed = expander.expand(from: lower, through: upper).starts
                #expect(windowed == Array(full[2...5]), "\(text) windowed")
            }
        }
        #expect(checked > 100)
    }

    /// A random rule from plausible parts (some combinations are rejected by the parser,
    /// which is part of what is exercised).
    static func randomRule(using random: inout SplitMix64) -> String {
        let frequencies = ["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY"]
        var parts = ["FREQ=\(frequencies.randomElement(using: &random)!)"]
        func some(_ values: ClosedRange<Int>, max: Int) -> String {
            (0..<Int.random(in: 1...max, using: &random)).map { _ in String(Int.random(in: values, using: &random)) }.joined(separator: ",")
        }
        if Bool.random(using: &random) { parts.append("INTERVAL=\(Int.random(in: 1...4, using: &random))") }
        switch Int.random(in: 0..<3, using: &random) {
        case 0: parts.append("COUNT=\(Int.random(in: 1...30, using: &random))")
        case 1: parts.append("UNTIL=\(Int.random(in: 2026...2040, using: &random))0101T000000")
        default: break
        }
        if Int.random(in: 0..<3, using: &random) == 0 { parts.append("BYMONTH=\(some(1...12, max: 4))") }
        if Int.random(in: 0..<3, using: &random) == 0 { parts.append("BYMONTHDAY=\(some(-31...31, max: 3).replacingOccurrences(of: ",0", with: ",1"))") }
        if Int.random(in: 0..<3, using: &random) == 0 {
            let days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
            let ordinal = Int.random(in: 0..<4, using: &random) == 0 ? ["1", "-1", "2"].randomElement(using: &random)! : ""
            parts.append("BYDAY=" + (0..<Int.random(in: 1...3, using: &random)).map { _ in ordinal + days.randomElement(using: &random)! }.joined(separator: ","))
        }
        if Int.random(in: 0..<4, using: &random) == 0 { parts.append("BYHOUR=\(some(0...23, max: 3))") }
        if Int.random(in: 0..<4, using: &random) == 0 { parts.append("BYMINUTE=\(some(0...59, max: 2))") }
        if Int.random(in: 0..<5, using: &random) == 0 { parts.append("BYSETPOS=\(["1", "-1", "2,-2"].randomElement(using: &random)!)") }
        if Int.random(in: 0..<6, using: &random) == 0 { parts.append("WKST=\(["MO", "SU", "WE"].randomElement(using: &random)!)") }
        return parts.shuffled(using: &random).joined(separator: ";")
    }
}
