/// Arithmetic: int/uint overflow and division errors, truncating division, `%` sign,
/// doubles, concatenation, and the SpeedAI duration extensions.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("9223372036854775807 + 1", "error: integer overflow in '+'"),
    ("-9223372036854775808 - 1", "error: integer overflow in '-'"),
    ("-(-9223372036854775808)", "error: integer overflow in '-'"),
    ("-9223372036854775808 / -1", "error: integer overflow in '/'"),
    ("-9223372036854775808 % -1", "error: integer overflow in '%'"),
    ("5000000000 * 5000000000", "error: integer overflow in '*'"),
    ("18446744073709551615u + 1u", "error: integer overflow in '+'"),
    ("0u - 1u", "error: integer overflow in '-'"),
    ("9223372036854775806 + 1", "9223372036854775807"),
    ("18446744073709551614u + 1u", "18446744073709551615u"),
])
func integerOverflowIsAnError(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test(arguments: [
    ("7 / 2", "3"), ("-7 / 2", "-3"), ("7 / -2", "-3"),
    ("7 % 3", "1"), ("-7 % 3", "-1"), ("7 % -3", "1"),
    ("7u / 2u", "3u"), ("7u % 4u", "3u"),
    ("1 / 0", "error: division by zero"), ("1 % 0", "error: modulus by zero"),
    ("1u / 0u", "error: division by zero"), ("1u % 0u", "error: modulus by zero"),
    ("1.0 / 0.0", "double(\"Infinity\")"), ("-1.0 / 0.0", "double(\"-Infinity\")"),
    ("7.0 / 2.0", "3.5"), ("0.1 + 0.2", "0.30000000000000004"),
])
func divisionAndModulus(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test(arguments: [
    ("1 + 1u", "error: no '+' for int and uint"),
    ("1 + 1.0", "error: no '+' for int and double"),
    ("'a' + 1", "error: no '+' for string and int"),
    ("-(1u)", "error: no '-' for uint"),
    ("1.5 % 1.0", "error: no '%' for double and double"),
    ("'ab' + 'cd'", "\"abcd\""),
    ("b'ab' + b'cd'", "b\"abcd\""),
    ("[1] + [2, 3]", "[1, 2, 3]"),
])
func operatorsNeedMatchingKinds(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test(arguments: [
    ("duration('1h') + duration('30m')", "duration(\"5400s\")"),
    ("duration('1h') - duration('90m')", "duration(\"-1800s\")"),
    ("duration('15m') * 2", "duration(\"1800s\")"),
    ("3 * duration('1.5s')", "duration(\"4.5s\")"),
    ("duration('1h') / 4", "duration(\"900s\")"),
    ("duration('1s') / 3", "duration(\"0.333333333s\")"),
    ("duration('-1s') / 3", "duration(\"-0.333333333s\")"),
    ("duration('1h') / duration('15m')", "4.0"),
    ("duration('1h') / 0", "error: division by zero"),
    ("duration('1h') / duration('0s')", "error: division by zero"),
    ("-duration('1m')", "duration(\"-60s\")"),
    ("duration('300000000000s') * 2", "error: the duration is out of range"),
    ("timestamp('2025-01-18T19:30:00Z') + duration('90m')", "timestamp(\"2025-01-18T21:00:00Z\")"),
    ("duration('90m') + timestamp('2025-01-18T19:30:00Z')", "timestamp(\"2025-01-18T21:00:00Z\")"),
    ("timestamp('2025-01-18T19:30:00Z') - duration('1.5s')", "timestamp(\"2025-01-18T19:29:58.5Z\")"),
    ("timestamp('2025-01-18T19:30:00Z') - timestamp('2025-01-18T18:00:00Z')", "duration(\"5400s\")"),
    ("timestamp('9999-12-31T23:59:59Z') + duration('1s')", "error: the timestamp is out of range (years 0001 to 9999)"),
])
func timeArithmetic(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test func speedAIMinOfDurations() {
    let now = Value.timestamp(CELTimestamp(rfc3339: "2025-01-18T18:00:00Z")!)
    let start = Value.timestamp(CELTimestamp(rfc3339: "2025-01-18T19:00:00Z")!)
    #expect(celResult("min(duration('15m'), (t2 - t1) / 4)", ["t1": now, "t2": start]) == "duration(\"900s\")")
    let soon = Value.timestamp(CELTimestamp(rfc3339: "2025-01-18T18:20:00Z")!)
    #expect(celResult("min(duration('15m'), (t2 - t1) / 4)", ["t1": now, "t2": soon]) == "duration(\"300s\")")
    #expect(celResult("max(duration('15m'), (t2 - t1) / 4)", ["t1": now, "t2": soon]) == "duration(\"900s\")")
}

@Test(arguments: [
    ("min(3, 1, 2)", "1"), ("max(3, 1, 2)", "3"), ("min([4, 2, 8])", "2"), ("max(2.5, 1.0)", "2.5"),
    ("min(1u, 2u)", "1u"), ("min(7)", "7"),
    ("min(timestamp('2025-01-01T00:00:00Z'), timestamp('2024-01-01T00:00:00Z'))", "timestamp(\"2024-01-01T00:00:00Z\")"),
    ("min([])", "error: min() needs at least one value"),
    ("max('a', 'b')", "error: no function 'max' for (string, string)"),
])
func minAndMax(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test func durationDivisionFastPathMatchesLongDivision() {
    let seconds: [Int64] = [0, 1, -1, 59, -3600, 9_223_372_035, -9_223_372_035, 9_223_372_036, 315_576_000_000, -315_576_000_000]
    let nanos: [Int64] = [0, 1, 500_000_000, 999_999_999]
    let divisors: [Int64] = [1, -1, 2, 3, -7, 4, 1_000_000_007, .max, .min]
    for whole in seconds {
        for fraction in nanos {
            let duration = CELDuration(seconds: whole, nanos: whole < 0 ? -fraction : fraction)!
            for divisor in divisors {
                #expect(CELArithmetic.divide(duration, by: divisor) == CELArithmetic.longDivide(duration, by: divisor),
                        "\(duration.secondsText) / \(divisor)")
            }
        }
    }
}
