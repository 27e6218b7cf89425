/// iCalendar value syntax: DATE and DATE-TIME text, DURATION, TEXT escapes.
import Testing
@testable import Runtime

@Suite struct ICalValueTests {
    @Test func datesAndDateTimes() throws {
        guard case .success(let date) = ICalDateText.parse("20250118") else { Issue.record("date"); return }
        #expect(date.isDate && !date.isUTC)
        guard case .success(let utc) = ICalDateText.parse("20250118T193000Z") else { Issue.record("utc"); return }
        #expect(utc.isUTC && utc.time.hour == 19 && utc.time.minute == 30)
        guard case .success(let leap) = ICalDateText.parse("20240229T120000") else { Issue.record("leap day"); return }
        #expect(leap.time.day == 29)
        #expect(ICalDateText.format(utc.time, isDate: false, isUTC: true) == "20250118T193000Z")
        #expect(ICalDateText.format(date.time, isDate: true, isUTC: false) == "20250118")
    }

    @Test(arguments: [
        ("20250229", "is not a valid date: February 2025 has no day 29"),
        ("20251301T190000", "is not a valid date: there is no month 13"),
        ("20250118T250000", "is not a valid time of day"),
        ("2025011", "is not an iCalendar date or date-time"),
        ("20250118T1930", "is not an iCalendar date or date-time"),
        ("20250118X193000", "is not an iCalendar date or date-time"),
        ("2025-01-18", "is not an iCalendar date-time"),
        ("2025-02-30", "is not a valid date: February 2025 has no day 30"),
        ("", "is not an iCalendar date or date-time"),
    ])
    func badDatesSayWhatIsWrong(_ text: String, _ phrase: String) {
        guard case .failure(let problem) = ICalDateText.parse(text) else {
            Issue.record("'\(text)' should not parse")
            return
        }
        #expect(problem.phrase == phrase)
    }

    @Test(arguments: [
        ("PT1H30M", 0, 5400), ("P1D", 1, 0), ("P2W", 14, 0), ("-PT15M", 0, -900), ("+PT45S", 0, 45),
        ("P1DT2H", 1, 7200), ("PT1H30S", 0, 3630), ("pt2h", 0, 7200), ("P0D", 0, 0),
    ])
    func durations(_ text: String, _ days: Int, _ seconds: Int) throws {
        #expect(try ICalDuration.parse(text).get() == ICalDuration(days: days, seconds: seconds))
    }

    @Test(arguments: ["1h30", "P", "PT", "P1H", "PT1D", "P1M", "PT1M1H", "P--1D", "P1.5D", "P99999999999D", "PT1H30"])
    func badDurations(_ text: String) {
        #expect((try? ICalDuration.parse(text).get()) == nil)
    }

    @Test func durationDescription() {
        #expect(ICalDuration(days: 1, seconds: 5400).description == "P1DT1H30M")
        #expect(ICalDuration(seconds: -900).description == "-PT15M")
    }

    @Test func textEscapes() {
        #expect(ICalText.unescape("a\\, b\\; c\\\\ d\\ne\\Nf") == "a, b; c\\ d\ne\nf")
        #expect(ICalText.unescape("no escapes") == "no escapes")
        #expect(ICalText.unescape("odd \\x and trailing \\") == "odd \\x and trailing \\")
    }
}
