/// Recurrence expansion against the examples of RFC 5545 section 3.8.5.3 (DTSTART in
/// America/New_York, as in the RFC), plus windows, never-ending rules, the iteration
/// cap, and the RFC recurrence set (DTSTART counts as the first occurrence).
import Testing
@testable import Runtime

/// One RFC example: a rule, its DTSTART, and the first occurrences the RFC lists.
struct RFCExample: CustomTestStringConvertible, Sendable {
    var name: String
    var rule: String
    var start: String
    var expected: [String]
    var testDescription: String { name }

    init(_ name: String, _ rule: String, _ start: String, _ expected: String) {
        self.name = name
        self.rule = rule
        self.start = start
        self.expected = expected.split(separator: " ").map(String.init)
    }
}

/// Expands `rule` from `start` (wall clock of `zone`) and returns compact local starts.
func expandRule(_ rule: String, from start: String, zone: String = "America/New_York", limit: Int = 500,
                window: (String, String)? = nil, includesStart: Bool = false) throws -> [String] {
    let parsed = try RRule.parse(rule)
    let converter = try #require(ZoneConverter(identifier: zone))
    guard case .success(let dtstart) = ICalDateText.parse(start) else { throw RRuleTestError.badDate(start) }
    let expander = RRuleExpander(rule: parsed, start: dtstart.time, dateOnly: dtstart.isDate,
                                 until: parsed.until?.wallClockLimit(in: converter), includesStart: includesStart)
    var lower: CivilDateTime?
    var upper: CivilDateTime?
    if let window, case .success(let from) = ICalDateText.parse(window.0), case .success(let to) = ICalDateText.parse(window.1) {
        lower = from.time
        upper = to.time
    }
    return expander.expand(from: lower, through: upper, limit: limit).starts.map {
        ICalDateText.format($0, isDate: dtstart.isDate, isUTC: false)
    }
}

enum RRuleTestError: Error { case badDate(String) }

@Suite struct RRuleExpansionTests {
    static let rfcExamples: [RFCExample] = [
        .init("daily for 10 occurrences", "FREQ=DAILY;COUNT=10", "19970902T090000",
              "19970902T090000 19970903T090000 19970904T090000 19970905T090000 19970906T090000 19970907T090000 19970908T090000 19970909T090000 19970910T090000 19970911T090000"),
        .init("every 10 days, 5 occurrences", "FREQ=DAILY;INTERVAL=10;COUNT=5", "19970902T090000",
              "19970902T090000 19970912T090000 19970922T090000 19971002T090000 19971012T090000"),
        .init("weekly for 10 occurrences", "FREQ=WEEKLY;COUNT=10", "19970902T090000",
              "19970902T090000 19970909T090000 19970916T090000 19970923T090000 19970930T090000 19971007T090000 19971014T090000 19971021T090000 19971028T090000 19971104T090000"),
        .init("weekly on Tuesday and Thursday for five weeks (UNTIL)", "FREQ=WEEKLY;UNTIL=19971007T000000Z;WKST=SU;BYDAY=TU,TH", "19970902T090000",
              "19970902T090000 19970904T090000 19970909T090000 19970911T090000 19970916T090000 19970918T090000 19970923T090000 19970925T090000 19970930T090000 19971002T090000"),
        .init("weekly on Tuesday and Thursday for five weeks (COUNT)", "FREQ=WEEKLY;COUNT=10;WKST=SU;BYDAY=TU,TH", "19970902T090000",
              "19970902T090000 19970904T090000 19970909T090000 19970911T090000 19970916T090000 19970918T090000 19970923T090000 19970925T090000 19970930T090000 19971002T090000"),
        .init("every other week on Tuesday and Thursday, 8 occurrences", "FREQ=WEEKLY;INTERVAL=2;COUNT=8;WKST=SU;BYDAY=TU,TH", "19970902T090000",
              "19970902T090000 19970904T090000 19970916T090000 19970918T090000 19970930T090000 19971002T090000 19971014T090000 19971016T090000"),
        .init("every other week on Monday, Wednesday, Friday until December 24", "FREQ=WEEKLY;INTERVAL=2;UNTIL=19971224T000000Z;WKST=SU;BYDAY=MO,WE,FR", "19970901T090000",
              "19970901T090000 19970903T090000 19970905T090000 19970915T090000 19970917T090000 19970919T090000 19970929T090000 19971001T090000 19971003T090000 19971013T090000 19971015T090000 19971017T090000 19971027T090000 19971029T090000 19971031T090000 19971110T090000 19971112T090000 19971114T090000 19971124T090000 19971126T090000 19971128T090000 19971208T090000 19971210T090000 19971212T090000 19971222T090000"),
        .init("monthly on the first Friday for 10 occurrences", "FREQ=MONTHLY;COUNT=10;BYDAY=1FR", "19970905T090000",
              "19970905T090000 19971003T090000 19971107T090000 19971205T090000 19980102T090000 19980206T090000 19980306T090000 19980403T090000 19980501T090000 19980605T090000"),
        .init("monthly on the first Friday until December 24", "FREQ=MONTHLY;UNTIL=19971224T000000Z;BYDAY=1FR", "19970905T090000",
              "19970905T090000 19971003T090000 19971107T090000 19971205T090000"),
        .init("every other month on the first and last Sunday", "FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=1SU,-1SU", "19970907T090000",
              "19970907T090000 19970928T090000 19971102T090000 19971130T090000 19980104T090000 19980125T090000 19980301T090000 19980329T090000 19980503T090000 19980531T090000"),
        .init("monthly on the second-to-last Monday for 6 months", "FREQ=MONTHLY;COUNT=6;BYDAY=-2MO", "19970922T090000",
              "19970922T090000 19971020T090000 19971117T090000 19971222T090000 19980119T090000 19980216T090000"),
        .init("monthly on the third-to-the-last day", "FREQ=MONTHLY;BYMONTHDAY=-3", "19970928T090000",
              "19970928T090000 19971029T090000 19971128T090000 19971229T090000 19980129T090000 19980226T090000"),
        .init("monthly on the 2nd and 15th for 10 occurrences", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=2,15", "19970902T090000",
              "19970902T090000 19970915T090000 19971002T090000 19971015T090000 19971102T090000 19971115T090000 19971202T090000 19971215T090000 19980102T090000 19980115T090000"),
        .init("monthly on the first and last day for 10 occurrences", "FREQ=MONTHLY;COUNT=10;BYMONTHDAY=1,-1", "19970930T090000",
              "19970930T090000 19971001T090000 19971031T090000 19971101T090000 19971130T090000 19971201T090000 19971231T090000 19980101T090000 19980131T090000 19980201T090000"),
        .init("every 18 months on the 10th to 15th", "FREQ=MONTHLY;INTERVAL=18;COUNT=10;BYMONTHDAY=10,11,12,13,14,15", "19970910T090000",
              "19970910T090000 19970911T090000 19970912T090000 19970913T090000 19970914T090000 19970915T090000 19990310T090000 19990311T090000 19990312T090000 19990313T090000"),
        .init("every Tuesday, every other month", "FREQ=MONTHLY;INTERVAL=2;BYDAY=TU", "19970902T090000",
              "19970902T090000 19970909T090000 19970916T090000 19970923T090000 19970930T090000 19971104T090000 19971111T090000 19971118T090000 19971125T090000 19980106T090000 19980113T090000 19980120T090000 19980127T090000 19980303T090000"),
        .init("yearly in June and July for 10 occurrences", "FREQ=YEARLY;COUNT=10;BYMONTH=6,7", "19970610T090000",
              "19970610T090000 19970710T090000 19980610T090000 19980710T090000 19990610T090000 19990710T090000 20000610T090000 20000710T090000 20010610T090000 20010710T090000"),
        .init("every other year in January, February and March", "FREQ=YEARLY;INTERVAL=2;COUNT=10;BYMONTH=1,2,3", "19970310T090000",
              "19970310T090000 19990110T090000 19990210T090000 19990310T090000 20010110T090000 20010210T090000 20010310T090000 20030110T090000 20030210T090000 20030310T090000"),
        .init("every third year on the 1st, 100th and 200th day", "FREQ=YEARLY;INTERVAL=3;COUNT=10;BYYEARDAY=1,100,200", "19970101T090000",
              "19970101T090000 19970410T090000 19970719T090000 20000101T090000 20000409T090000 20000718T090000 20030101T090000 20030410T090000 20030719T090000 20060101T090000"),
        .init("every 20th Monday of the year", "FREQ=YEARLY;BYDAY=20MO", "19970519T090000",
              "19970519T090000 19980518T090000 19990517T090000"),
        .init("Monday of week number 20", "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO", "19970512T090000",
              "19970512T090000 19980511T090000 19990517T090000"),
        .init("every Thursday in March", "FREQ=YEARLY;BYMONTH=3;BYDAY=TH", "19970313T090000",
              "19970313T090000 19970320T090000 19970327T090000 19980305T090000 19980312T090000 19980319T090000 19980326T090000 19990304T090000 19990311T090000 19990318T090000 19990325T090000"),
        .init("every Friday the 13th", "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", "19970902T090000",
              "19980213T090000 19980313T090000 19981113T090000 19990813T090000 20001013T090000"),
        .init("the first Saturday that follows the first Sunday of the month", "FREQ=MONTHLY;BYDAY=SA;BYMONTHDAY=7,8,9,10,11,12,13", "19970913T090000",
              "19970913T090000 19971011T090000 19971108T090000 19971213T090000 19980110T090000 19980207T090000 19980307T090000 19980411T090000 19980509T090000 19980613T090000"),
        .init("U.S. presidential election day", "FREQ=YEARLY;INTERVAL=4;BYMONTH=11;BYDAY=TU;BYMONTHDAY=2,3,4,5,6,7,8", "19961105T090000",
              "19961105T090000 20001107T090000 20041102T090000"),
        .init("third Tuesday, Wednesday or Thursday of the month", "FREQ=MONTHLY;COUNT=3;BYDAY=TU,WE,TH;BYSETPOS=3", "19970904T090000",
              "19970904T090000 19971007T090000 19971106T090000"),
        .init("second-to-last weekday of the month", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-2", "19970929T090000",
              "19970929T090000 19971030T090000 19971127T090000 19971230T090000 19980129T090000 19980226T090000 19980330T090000"),
        .init("last weekday of the month", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=6", "19970930T090000",
              "19970930T090000 19971031T090000 19971128T090000 19971231T090000 19980130T090000 19980227T090000"),
        .init("every 15 minutes for 6 occurrences", "FREQ=MINUTELY;INTERVAL=15;COUNT=6", "19970902T090000",
              "19970902T090000 19970902T091500 19970902T093000 19970902T094500 19970902T100000 19970902T101500"),
        .init("every hour and a half for 4 occurrences", "FREQ=MINUTELY;INTERVAL=90;COUNT=4", "19970902T090000",
              "19970902T090000 19970902T103000 19970902T120000 19970902T133000"),
        .init("every 20 minutes from 9:00 to 16:40 (DAILY)", "FREQ=DAILY;BYHOUR=9,10,11,12,13,14,15,16;BYMINUTE=0,20,40", "19970902T090000",
              "19970902T090000 19970902T092000 19970902T094000 19970902T100000 19970902T102000 19970902T104000 19970902T110000"),
        .init("every 20 minutes from 9:00 to 16:40 (MINUTELY)", "FREQ=MINUTELY;INTERVAL=20;BYHOUR=9,10,11,12,13,14,15,16", "19970902T090000",
              "19970902T090000 19970902T092000 19970902T094000 19970902T100000 19970902T102000 19970902T104000 19970902T110000"),
        .init("WKST=MO: Tuesday and Sunday every other week", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", "19970805T090000",
              "19970805T090000 19970810T090000 19970819T090000 19970824T090000"),
        .init("WKST=SU: Tuesday and Sunday every other week", "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", "19970805T090000",
              "19970805T090000 19970817T090000 19970819T090000 19970831T090000"),
        .init("an invalid date (February 30) is ignored", "FREQ=MONTHLY;BYMONTHDAY=15,30;COUNT=5", "20070115T090000",
              "20070115T090000 20070130T090000 20070215T090000 20070315T090000 20070330T090000"),
    ]

    @Test(arguments: rfcExamples)
    func rfc5545Example(_ example: RFCExample) throws {
        let produced = try expandRule(example.rule, from: example.start, limit: example.expected.count)
        #expect(produced == example.expected)
    }

    @Test func dailyUntilDecember24StopsAtUntilInLocalTime() throws {
        // UNTIL=19971224T000000Z is 19:00 on the 23rd in New York: the 23rd at 09:00 is the last.
        let produced = try expandRule("FREQ=DAILY;UNTIL=19971224T000000Z", from: "19970902T090000")
        #expect(produced.count == 113)
        #expect(produced.last == "19971223T090000")
    }

    @Test func everyDayInJanuaryForThreeYearsTwoWays() throws {
        let yearly = try expandRule("FREQ=YEARLY;UNTIL=20000131T140000Z;BYMONTH=1;BYDAY=SU,MO,TU,WE,TH,FR,SA", from: "19980101T090000")
        let daily = try expandRule("FREQ=DAILY;UNTIL=20000131T140000Z;BYMONTH=1", from: "19980101T090000")
        #expect(yearly.count == 93)
        #expect(yearly == daily)
    }

    @Test func neverEndingRuleIsExpandedInsideTheWindowOnly() throws {
        // Every other day forever, asked for a week in 2030: the walk jumps there
        // (12 175 days after DTSTART, an odd number, so the 1st is skipped).
        let produced = try expandRule("FREQ=DAILY;INTERVAL=2", from: "19970902T090000",
                                      window: ("20300101T000000", "20300108T000000"))
        #expect(produced == ["20300102T090000", "20300104T090000", "20300106T090000"])
    }

    @Test func countIsCountedFromDTStartEvenWithAWindow() throws {
        let produced = try expandRule("FREQ=WEEKLY;COUNT=3", from: "20250106T190000",
                                      window: ("20250115T000000", "20251231T000000"))
        #expect(produced == ["20250120T190000"])
    }

    @Test func ruleThatNeverMatchesStopsAtTheIterationCap() throws {
        let rule = try RRule.parse("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")
        let expander = RRuleExpander(rule: rule, start: CivilDateTime(year: 2025, month: 1, day: 1, hour: 19),
                                     dateOnly: false, until: nil)
        let expansion = expander.expand(limit: 1)
        #expect(expansion.starts.isEmpty)
        #expect(expansion.reachedIterationLimit)
        let daily = RRuleExpander(rule: try RRule.parse("FREQ=DAILY;BYMONTHDAY=31;BYMONTH=4"),
                                  start: CivilDateTime(year: 2025, month: 1, day: 1, hour: 19), dateOnly: false, until: nil)
        #expect(daily.expand(limit: 1).reachedIterationLimit)
    }

    @Test func rareButRealRulesAreNotMistakenForEmptyOnes() throws {
        // February 29th: a gap of almost four years is far below the cap.
        let produced = try expandRule("FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", from: "20250101T120000", limit: 3)
        #expect(produced == ["20280229T120000", "20320229T120000", "20360229T120000"])
        let secondly = try expandRule("FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=12;BYMINUTE=0;BYSECOND=0", from: "20250101T120000", limit: 1)
        #expect(secondly == ["20280229T120000"])
    }

    @Test func dtstartIsTheFirstOccurrenceOfTheRecurrenceSet() throws {
        // DTSTART on a Monday, rule on Tuesdays: RFC 5545 keeps DTSTART, and it counts toward COUNT.
        let produced = try expandRule("FREQ=WEEKLY;BYDAY=TU;COUNT=3", from: "20250106T190000", includesStart: true)
        #expect(produced == ["20250106T190000", "20250107T190000", "20250114T190000"])
        let synchronized = try expandRule("FREQ=WEEKLY;COUNT=2", from: "20250106T190000", includesStart: true)
        #expect(synchronized == ["20250106T190000", "20250113T190000"])
    }

    @Test func allDayRulesIgnoreTimeParts() throws {
        let produced = try expandRule("FREQ=DAILY;BYHOUR=10;INTERVAL=2;COUNT=3", from: "20241018")
        #expect(produced == ["20241018", "20241020", "20241022"])
    }

    @Test func weekNumbersBelongToTheirWeekYear() throws {
        // 2024-12-31 is in week 1 of 2025; every third week-year after that is 2028.
        let produced = try expandRule("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO,TU;INTERVAL=3", from: "20241231", limit: 5)
        #expect(produced == ["20241231", "20280103", "20280104", "20301230", "20301231"])
    }
}
