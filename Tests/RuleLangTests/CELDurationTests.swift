/// Durations: Go-style parsing, exact nanosecond arithmetic, the ±10 000-year range and
/// the seconds form `string()` prints.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("1h30m", "5400s"), ("-1.5s", "-1.5s"), ("15m", "900s"), ("100ms", "0.1s"), ("2us", "0.000002s"),
    ("2µs", "0.000002s"), ("3ns", "0.000000003s"), ("0", "0s"), ("+5s", "5s"), ("1.5h", "5400s"),
    ("1h1m1s1ms1us1ns", "3661.001001001s"), ("0.1ns", "0s"), (".5s", "0.5s"), ("5.s", "5s"),
    ("315576000000s", "315576000000s"), ("-315576000000s", "-315576000000s"),
    ("87660000h", "315576000000s"),
])
func parsesGoDurations(text: String, expected: String) {
    #expect(CELDuration(parsing: text)?.secondsText == expected)
}

@Test(arguments: ["", "-", "1", "1d", "h", "1.5", "1h 30m", "315576000001s", "87660001h", "9223372036854775808s", "..5s", "1e3s"])
func rejectsMalformedDurations(text: String) {
    #expect(CELDuration(parsing: text) == nil)
}

@Test func normalisesSignsAndRange() {
    #expect(CELDuration(seconds: 1, nanos: -1).map { ($0.seconds, $0.nanos) }! == (0, 999_999_999))
    #expect(CELDuration(seconds: -1, nanos: 1).map { ($0.seconds, $0.nanos) }! == (0, -999_999_999))
    #expect(CELDuration(seconds: 0, nanos: -1_500_000_000).map { ($0.seconds, $0.nanos) }! == (-1, -500_000_000))
    #expect(CELDuration(seconds: CELDuration.maxSeconds + 1) == nil)
    #expect(CELDuration(seconds: 1)! < CELDuration(seconds: 1, nanos: 1)!)
}

@Test(arguments: [
    ("duration('1h') == duration('60m')", "true"),
    ("duration('1h') > duration('59m59.999999999s')", "true"),
    ("duration('bad')", "error: 'bad' is not a duration; write it like '15m', '1h30m' or '90s'"),
    ("duration('200000000000s') + duration('200000000000s')", "error: the duration is out of range"),
    ("duration(duration('1s'))", "duration(\"1s\")"),
    ("timestamp('2025-01-01T00:00:00Z') - timestamp('0001-01-01T00:00:00Z')", "duration(\"63871286400s\")"),
])
func durationExpressions(source: String, expected: String) {
    #expect(celResult(source) == expected)
}
