/// Heterogeneous equality and ordering: numbers across kinds, NaN, containers, types,
/// and the kinds that have no ordering.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("dyn(1) == 1u", "true"), ("dyn(1) == 1.0", "true"), ("dyn(1u) == 1.0", "true"),
    ("dyn(2) == 1.5", "false"), ("dyn(-1) == 18446744073709551615u", "false"),
    ("0.0 / 0.0 == 0.0 / 0.0", "false"), ("0.0 / 0.0 != 0.0 / 0.0", "true"),
    ("dyn(1) == 'a'", "false"), ("dyn(null) == 0", "false"), ("null == null", "true"),
    ("[1, 2.0, 3u] == [1u, 2, 3.0]", "true"), ("[1, 2] == [1, 2, 3]", "false"),
    ("{1: 'a', 2u: 'b'} == {2: 'b', 1u: 'a'}", "true"), ("{'a': 1} == {'a': 1, 'b': 2}", "false"),
    ("type(1) == int", "true"), ("type([1]) == list", "true"), ("type(type(1)) == type", "true"),
    ("type(1u) == int", "false"), ("type(null) == null_type", "true"),
    ("type(duration('1s')) == google.protobuf.Duration", "true"),
    ("'Am\\u00E9lie' == 'Ame\\u0301lie'", "false"),
    ("b'abc' == b'abc'", "true"),
    ("timestamp('2025-01-18T20:30:00+01:00') == timestamp('2025-01-18T19:30:00Z')", "true"),
])
func heterogeneousEquality(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test(arguments: [
    ("dyn(1) < 2u", "true"), ("dyn(-1) < 0u", "true"), ("dyn(2u) > -1", "true"),
    ("dyn(1) < 1.5", "true"), ("dyn(2) > 1.5", "true"), ("dyn(1.5) < 2", "true"),
    ("dyn(9223372036854775807) < 9223372036854777857.0", "true"),
    ("dyn(9223372036854775807) < 9223372036854775808.0", "false"),
    ("dyn(18446744073709551615u) < 18446744073709590000.0", "true"),
    ("1.0 < 0.0 / 0.0", "false"), ("1.0 > 0.0 / 0.0", "false"), ("1.0 >= 0.0 / 0.0", "false"),
    ("'a' < 'b'", "true"), ("'Z' < 'a'", "true"), ("'a' < '\\u00E1'", "true"), ("'\\uFFFF' < '\\U0001F431'", "true"),
    ("b'\\x01' > b'\\x00\\xff'", "true"), ("false < true", "true"),
    ("duration('1m') < duration('61s')", "true"),
    ("timestamp('2025-01-01T00:00:00Z') <= timestamp('2025-01-01T00:00:00Z')", "true"),
])
func crossKindOrdering(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test(arguments: [
    ("null < null", "error: no '<' for null and null"),
    ("[1] < [2]", "error: no '<' for list and list"),
    ("'a' >= 1", "error: no '>=' for string and int"),
    ("duration('1s') < 1", "error: no '<' for duration and int"),
])
func orderingOnlyForOrderedKinds(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test func celEqualsIsPublicAndHeterogeneous() {
    #expect(Value.int(1).celEquals(.double(1.0)))
    #expect(Value.uint(3).celEquals(.int(3)))
    #expect(!Value.double(.nan).celEquals(.double(.nan)))
    #expect(!Value.null.celEquals(.bool(false)))
    #expect(Value.list([.int(1), .string("a")]).celEquals(.list([.double(1), .string("a")])))
}
