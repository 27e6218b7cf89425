/// Reading RRULE text: every part, case and spacing leniency, and the located errors
/// for parts that are unknown, out of range, or not allowed together.
import RuleLang
import Testing
@testable import Runtime

@Suite struct RRuleParsingTests {
    @Test func readsEveryPart() throws {
        let rule = try RRule.parse("freq=monthly;interval=2;count=10;bysecond=0;byminute=0,30;byhour=19;byday=1MO,-1SU,+2TH, FR;bymonthday=1,-1;bymonth=1,6;bysetpos=-1;wkst=SU;")
        #expect(rule.frequency == .monthly)
        #expect(rule.interval == 2)
        #expect(rule.count == 10)
        #expect(rule.byMinute == [0, 30])
        #expect(rule.byDay == [.init(ordinal: 1, weekday: .monday), .init(ordinal: -1, weekday: .sunday),
                               .init(ordinal: 2, weekday: .thursday), .init(weekday: .friday)])
        #expect(rule.byMonthDay == [1, -1])
        #expect(rule.bySetPos == [-1])
        #expect(rule.weekStart == .sunday)
        #expect(rule.isBounded)
    }

    @Test func readsUntilInItsThreeForms() throws {
        #expect(try RRule.parse("FREQ=DAILY;UNTIL=20250630T220000Z").until == .init(time: CivilDateTime(year: 2025, month: 6, day: 30, hour: 22), isUTC: true, isDate: false))
        #expect(try RRule.parse("FREQ=DAILY;UNTIL=20250630T235959").until?.isUTC == false)
        #expect(try RRule.parse("FREQ=DAILY;UNTIL=20250630").until?.isDate == true)
        let never = try RRule.parse("FREQ=WEEKLY")
        #expect(!never.isBounded)
    }

    /// A bad rule, the message expected, and the text its range must cover.
    struct BadRule: CustomTestStringConvertible, Sendable {
        var text: String
        var message: String
        var underlined: String
        var help: String?
        var testDescription: String { text }
    }

    static let badRules: [BadRule] = [
        .init(text: "INTERVAL=2", message: "this rule has no FREQ", underlined: "INTERVAL=2", help: "FREQ=DAILY"),
        .init(text: "FREQ=FORTNIGHTLY", message: "'FORTNIGHTLY' is not a frequency", underlined: "FORTNIGHTLY"),
        .init(text: "FREQ=WEEKLY;BYDAYS=MO", message: "unknown rule part 'BYDAYS'", underlined: "BYDAYS", help: "did you mean 'BYDAY'?"),
        .init(text: "FREQ=WEEKLY;FREQ=DAILY", message: "FREQ appears twice in this rule", underlined: "FREQ"),
        .init(text: "FREQ=WEEKLY;BYDAY=MO,XX", message: "'XX' is not a day of the week", underlined: "XX"),
        .init(text: "FREQ=MONTHLY;BYDAY=0MO", message: "'0MO' has a bad number before the day: use 1 to 53 or -1 to -53", underlined: "0MO"),
        .init(text: "FREQ=WEEKLY;BYDAY=1MO", message: "a numbered BYDAY such as '1MO' needs FREQ=MONTHLY or FREQ=YEARLY", underlined: "BYDAY"),
        .init(text: "FREQ=YEARLY;BYWEEKNO=1;BYDAY=1MO", message: "a numbered BYDAY such as '1MO' cannot be combined with BYWEEKNO", underlined: "BYDAY"),
        .init(text: "FREQ=MONTHLY;BYWEEKNO=1", message: "BYWEEKNO only works with FREQ=YEARLY", underlined: "BYWEEKNO"),
        .init(text: "FREQ=DAILY;BYYEARDAY=1", message: "BYYEARDAY does not work with FREQ=DAILY", underlined: "BYYEARDAY"),
        .init(text: "FREQ=WEEKLY;BYMONTHDAY=1", message: "BYMONTHDAY does not work with FREQ=WEEKLY", underlined: "BYMONTHDAY"),
        .init(text: "FREQ=DAILY;COUNT=0", message: "COUNT must be a whole number from 1 to 10000000, not '0'", underlined: "0"),
        .init(text: "FREQ=DAILY;INTERVAL=-1", message: "INTERVAL must be a whole number from 1 to 1000000, not '-1'", underlined: "-1"),
        .init(text: "FREQ=DAILY;BYHOUR=24", message: "BYHOUR value '24' is out of range: use 0 to 23", underlined: "24"),
        .init(text: "FREQ=MONTHLY;BYMONTHDAY=0", message: "BYMONTHDAY value '0' is out of range: use 1 to 31 or -31 to -1", underlined: "0"),
        .init(text: "FREQ=YEARLY;BYMONTH=13", message: "BYMONTH value '13' is out of range: use 1 to 12", underlined: "13"),
        .init(text: "FREQ=DAILY;UNTIL=2025-06-30", message: "UNTIL '2025-06-30' is not an iCalendar date-time", underlined: "2025-06-30"),
        .init(text: "FREQ=DAILY;COUNT=3;UNTIL=20250630", message: "a rule cannot have both COUNT and UNTIL", underlined: "COUNT"),
        .init(text: "FREQ=DAILY;BYSETPOS=1", message: "BYSETPOS needs another BY... part to pick from", underlined: "BYSETPOS"),
        .init(text: "FREQ=DAILY;WKST=XY", message: "'XY' is not a day of the week", underlined: "XY"),
        .init(text: "FREQ=DAILY;COUNT", message: "expected NAME=VALUE, found 'COUNT'", underlined: "COUNT"),
        .init(text: "FREQ=DAILY;COUNT=", message: "COUNT has no value", underlined: "COUNT="),
        .init(text: "FREQ=YEARLY;RSCALE=CHINESE", message: "RSCALE (RFC 7529 non-Gregorian calendars) is not supported", underlined: "RSCALE"),
    ]

    @Test(arguments: badRules)
    func badRulesAreRejectedWithTheirLocation(_ bad: BadRule) {
        do {
            _ = try RRule.parse(bad.text)
            Issue.record("'\(bad.text)' should not parse")
        } catch {
            #expect(error.message == bad.message)
            let bytes = Array(bad.text.utf8)
            let underlined = String(decoding: bytes[error.range.start..<error.range.end], as: UTF8.self)
            #expect(underlined == bad.underlined)
            if let help = bad.help { #expect(error.help?.contains(help) == true, "\(error.help ?? "no help")") }
        }
    }
}
