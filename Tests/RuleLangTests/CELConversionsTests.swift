/// Type conversions: exact or an error, never a silent guess.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("int(42u)", "42"), ("int(18446744073709551615u)", "error: 18446744073709551615u is too large for an int"),
    ("int(3.9)", "3"), ("int(-9223372036854775808.0)", "error: -9.223372036854776e+18 cannot be converted to an int (out of range)"), ("int(-3.9)", "-3"), ("int(1e19)", "error: 1e+19 cannot be converted to an int (out of range)"),
    ("int(0.0 / 0.0)", "error: NaN cannot be converted to an int (out of range)"),
    ("int('-42')", "-42"), ("int('4.2')", "error: '4.2' is not an int"), ("int(' 1')", "error: ' 1' is not an int"),
    ("int(timestamp('1970-01-02T00:00:00Z'))", "86400"),
    ("uint(42)", "42u"), ("uint(-1)", "error: -1 cannot be converted to a uint (it is negative)"),
    ("uint(3.7)", "3u"), ("uint(-0.5)", "error: -0.5 cannot be converted to a uint (out of range)"), ("uint(-1.0)", "error: -1 cannot be converted to a uint (out of range)"), ("uint('7')", "7u"),
    ("double(1)", "1.0"), ("double(18446744073709551615u)", "1.8446744073709552e+19"), ("double('2.5')", "2.5"),
    ("double('inf')", "double(\"Infinity\")"), ("double('abc')", "error: 'abc' is not a double"),
    ("string(42)", "\"42\""), ("string(42u)", "\"42\""), ("string(1.5)", "\"1.5\""), ("string(1.0)", "\"1\""),
    ("string(1e6)", "\"1e+06\""), ("string(123456.0)", "\"123456\""), ("string(0.0001)", "\"0.0001\""),
    ("string(0.00001)", "\"1e-05\""), ("string(-2.5e-7)", "\"-2.5e-07\""),
    ("string(true)", "\"true\""), ("string(b'abc')", "\"abc\""),
    ("string(b'\\xff')", "error: the bytes are not valid UTF-8 text"),
    ("string(timestamp('2025-01-18T19:30:00.120Z'))", "\"2025-01-18T19:30:00.12Z\""),
    ("string(duration('15m'))", "\"900s\""), ("string(duration('-1.5s'))", "\"-1.5s\""),
    ("bytes('é')", "b\"\\xc3\\xa9\""), ("bytes(b'a')", "b\"a\""),
    ("bool('true')", "true"), ("bool('f')", "false"), ("bool('TRUE')", "true"), ("bool('0')", "false"),
    ("bool('yes')", "error: 'yes' is not a bool; use 'true' or 'false'"),
    ("dyn([1])", "[1]"), ("type('a')", "string"), ("type({})", "map"), ("type(timestamp(0))", "google.protobuf.Timestamp"),
    ("timestamp(0)", "timestamp(\"1970-01-01T00:00:00Z\")"),
    ("timestamp(253402300800)", "error: the timestamp is out of range (years 0001 to 9999)"),
    ("int(1, 2)", "error: no function 'int' for (int, int)"),
    ("string([1])", "error: no function 'string' for (list)"),
])
func conversions(source: String, expected: String) {
    #expect(celResult(source) == expected)
}
