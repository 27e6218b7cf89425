/// Maps: normalised keys (int/uint/double are one key space), allowed key kinds,
/// duplicate keys, code-point string keys, insertion order, lookups and `in`.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("{1: 'a'}[1u]", "\"a\""), ("{1: 'a'}[1.0]", "\"a\""), ("{1u: 'a'}[1]", "\"a\""),
    ("{1: 'a'}[1.5]", "error: no such key 1.5"), ("{'k': 1}['x']", "error: no such key 'x'"),
    ("{true: 1}[true]", "1"), ("{18446744073709551615u: 1}[18446744073709551615u]", "1"),
    ("1u in {1: 'a'}", "true"), ("2.0 in {2u: 'b'}", "true"), ("'1' in {1: 'a'}", "false"),
    ("[] in {1: 'a'}", "false"), ("{'k': 1}.k", "1"), ("{'k': 1}.x", "error: no such key 'x'"),
    ("size({1: 2, 3: 4})", "2"), ("{'b': 1, 'a': 2}", "{\"b\": 1, \"a\": 2}"),
])
func mapsWithMixedNumericKeys(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test(arguments: [
    ("{1: 'a', 1u: 'b'}", "error: the map has the key 1u twice"),
    ("{1: 'a', 1.0: 'b'}", "error: a map key must be an int, uint, bool or string, not a double"),
    ("{[1]: 2}", "error: a map key must be an int, uint, bool or string, not a list"),
    ("{null: 2}", "error: a map key must be an int, uint, bool or string, not null"),
])
func invalidMapLiterals(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test func stringKeysCompareByCodePoints() throws {
    var map = CELMap()
    try map.insert(.int(1), forKey: .string("\u{E9}"))
    try map.insert(.int(2), forKey: .string("e\u{301}"))
    #expect(map.count == 2)
    #expect(map[.string("e\u{301}")]?.celDescription == "2")
    #expect(map[.string("\u{E9}")]?.celDescription == "1")
}

@Test func setValueReplacesAndKeepsOrder() throws {
    var map = CELMap(strings: [("b", .int(1)), ("a", .int(2))])
    try map.setValue(.int(3), forKey: .string("b"))
    #expect(Value.map(map).celDescription == "{\"b\": 3, \"a\": 2}")
    #expect(throws: CELEvalError.self) { try map.insert(.int(4), forKey: .string("a")) }
    #expect(throws: CELEvalError.self) { try map.setValue(.int(4), forKey: .double(1)) }
}
