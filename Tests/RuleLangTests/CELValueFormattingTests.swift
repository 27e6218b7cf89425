/// Printing values as CEL literals, and reading Foundation JSON into values.
import Foundation
import Testing
@testable import RuleLang

@Test(arguments: [
    ("42", "42"), ("42u", "42u"), ("4.2", "4.2"), ("1.0", "1.0"), ("1e100", "1e+100"), ("-0.0", "-0.0"),
    ("'text'", "\"text\""), ("'a\"b\\\\c\\n\\t'", "\"a\\\"b\\\\c\\n\\t\""), ("'\\x01é'", "\"\\x01é\""),
    ("b'\\xff\"a'", "b\"\\xff\\\"a\""), ("[1, 'a', null, true]", "[1, \"a\", null, true]"),
    ("{'k': [1], 2: {}}", "{\"k\": [1], 2: {}}"),
    ("timestamp('2025-01-18T19:30:00Z')", "timestamp(\"2025-01-18T19:30:00Z\")"),
    ("duration('900s')", "duration(\"900s\")"), ("int", "int"), ("type([])", "list"),
    ("0.0 / 0.0", "double(\"NaN\")"),
])
func printsCELLiterals(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test func printedLiteralsParseBackToEqualValues() throws {
    for source in ["[1, 2u, 3.5, 'x\\n', b'\\x00\\xff', {'a': null}]", "1e-7", "duration('-1.5s')", "timestamp('0001-01-01T00:00:00.5Z')"] {
        let value = try celEval(source)
        let reparsed = try celEval(value.celDescription)
        #expect(CELSpecRunner.sameValue(value, reparsed), "\(source) → \(value.celDescription)")
    }
}

@Test func printsRecords() {
    let type = CELObjectType(name: "Entry", fields: [.init("id", .string), .init("party", .int)])
    let entry = Value.object(CELObject(type: type, fields: [.string("a"), .int(2)]))
    #expect(entry.celDescription == "Entry{id: \"a\", party: 2}")
    #expect("\(entry)" == "Entry{id: \"a\", party: 2}")
}

@Test func readsFoundationJSON() throws {
    let text = #"{"b": [1, 1.5, 2.0, true, false, null, "s"], "a": {"x": 9223372036854775807}, "u": 18446744073709551615}"#
    let json = try JSONSerialization.jsonObject(with: Data(text.utf8))
    let value = Value(json: json)
    #expect(value.celDescription == #"{"a": {"x": 9223372036854775807}, "b": [1, 1.5, 2.0, true, false, null, "s"], "u": 18446744073709551615u}"#)
    #expect(Value(json: ["n": 3, "ok": true] as [String: Any]).celDescription == #"{"n": 3, "ok": true}"#)
}
