/// Timestamps: RFC 3339 parsing and printing, range limits, and the accessors in UTC, in
/// IANA zones across daylight-saving changes, and at fixed offsets.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("2025-01-18T19:30:00Z", "2025-01-18T19:30:00Z"),
    ("2025-01-18T20:30:00+01:00", "2025-01-18T19:30:00Z"),
    ("2025-01-18T14:00:00-05:30", "2025-01-18T19:30:00Z"),
    ("2025-01-18t19:30:00.5z", "2025-01-18T19:30:00.5Z"),
    ("2025-01-18T19:30:00.123456789Z", "2025-01-18T19:30:00.123456789Z"),
    ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"),
    ("9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z"),
    ("2024-02-29T00:00:00Z", "2024-02-29T00:00:00Z"),
    ("1969-12-31T23:59:59.9Z", "1969-12-31T23:59:59.9Z"),
])
func parsesAndPrintsRFC3339(text: String, expected: String) {
    #expect(CELTimestamp(rfc3339: text)?.rfc3339 == expected)
}

@Test(arguments: [
    "2025-02-29T00:00:00Z", "2025-01-18 19:30:00Z", "2025-01-18T19:30:00", "2025-01-18T24:00:00Z",
    "2025-01-18T19:30:60Z", "2025-01-18T19:30:00.1234567891Z", "2025-01-18T19:30:00.Z", "0000-12-31T23:59:59Z",
    "2025-1-18T19:30:00Z", "2025-01-18T19:30:00+0100", "10000-01-01T00:00:00Z",
    "0001-01-01T00:00:00+00:01",
])
func rejectsMalformedOrOutOfRangeTimestamps(text: String) {
    #expect(CELTimestamp(rfc3339: text) == nil)
}

@Test(arguments: [
    ("getFullYear()", "2025"), ("getMonth()", "0"), ("getDate()", "18"), ("getDayOfMonth()", "17"),
    ("getDayOfWeek()", "6"), ("getDayOfYear()", "17"), ("getHours()", "19"), ("getMinutes()", "30"),
    ("getSeconds()", "15"), ("getMilliseconds()", "250"),
    ("getHours('Europe/Paris')", "20"), ("getHours('+05:30')", "1"), ("getMinutes('+05:30')", "0"),
    ("getDate('+05:30')", "19"), ("getDayOfWeek('+05:30')", "0"), ("getHours('-08:00')", "11"),
    ("getHours('UTC')", "19"), ("getHours('America/New_York')", "14"),
    ("getHours('Europe/Pariss')", "error: unknown time zone 'Europe/Pariss' (did you mean 'Europe/Paris'?)"),
    ("getHours('+5:30x')", "error: '+5:30x' is not a valid UTC offset; write it like '+05:30' or '-08:00'"),
])
func timestampAccessors(call: String, expected: String) {
    // Saturday 18 January 2025, 19:30:15.250 UTC.
    #expect(celResult("timestamp('2025-01-18T19:30:15.250Z')." + call) == expected)
    // The same through a variable, so the zone is resolved at run time.
    let zoneArgument = call.firstIndex(of: "'").map { _ in call } ?? call
    #expect(celResult("t." + zoneArgument, ["t": .timestamp(CELTimestamp(rfc3339: "2025-01-18T19:30:15.250Z")!)]) == expected)
}

@Test(arguments: [
    // Spring forward: 2025-03-30 at 01:00 UTC, Paris goes from 02:00 CET to 03:00 CEST.
    ("2025-03-30T00:59:59Z", 1, 59), ("2025-03-30T01:00:00Z", 3, 0),
    // Fall back: 2025-10-26 at 01:00 UTC, Paris goes from 03:00 CEST back to 02:00 CET.
    ("2025-10-26T00:59:59Z", 2, 59), ("2025-10-26T01:00:00Z", 2, 0),
    ("2025-07-14T12:00:00Z", 14, 0), ("2025-12-31T23:30:00Z", 0, 30),
])
func parisAcrossDaylightSavingChanges(instant: String, hours: Int, minutes: Int) {
    let t = Value.timestamp(CELTimestamp(rfc3339: instant)!)
    #expect(celResult("t.getHours('Europe/Paris')", ["t": t]) == "\(hours)")
    #expect(celResult("t.getMinutes('Europe/Paris')", ["t": t]) == "\(minutes)")
}

@Test func parisDateRollsOverAtLocalMidnight() {
    let t = Value.timestamp(CELTimestamp(rfc3339: "2025-12-31T23:30:00Z")!)
    #expect(celResult("t.getFullYear('Europe/Paris')", ["t": t]) == "2026")
    #expect(celResult("t.getMonth('Europe/Paris')", ["t": t]) == "0")
    #expect(celResult("t.getDayOfYear('Europe/Paris')", ["t": t]) == "0")
    #expect(celResult("t.getFullYear()", ["t": t]) == "2025")
    #expect(celResult("t.getDayOfYear()", ["t": t]) == "364")
}

@Test(arguments: [
    ("1970-01-01T00:00:00Z", 4), ("2000-01-01T00:00:00Z", 6), ("1969-12-31T12:00:00Z", 3),
    ("0001-01-01T00:00:00Z", 1), ("9999-12-31T00:00:00Z", 5), ("2025-01-19T00:00:00Z", 0),
])
func dayOfWeekIsZeroOnSunday(instant: String, day: Int) {
    #expect(celResult("timestamp('\(instant)').getDayOfWeek()") == "\(day)")
}

@Test func civilDateArithmeticRoundTrips() {
    for days in stride(from: Int64(-719_162), through: 2_932_896, by: 997) {
        let date = CELCivil.date(fromDays: days)
        #expect(CELCivil.days(year: date.year, month: date.month, day: date.day) == days)
    }
}

@Test(arguments: [
    ("duration('1h30m').getHours()", "1"), ("duration('1h30m').getMinutes()", "90"),
    ("duration('1h30m').getSeconds()", "5400"), ("duration('1.5s').getMilliseconds()", "1500"),
    ("duration('-90m').getHours()", "-1"),
    ("duration('1h').getFullYear()", "error: no method 'getFullYear' on duration"),
    ("duration('1h').getHours('Europe/Paris')", "error: no method 'getHours' on duration for (string)"),
])
func durationAccessors(source: String, expected: String) {
    #expect(celResult(source) == expected)
}
