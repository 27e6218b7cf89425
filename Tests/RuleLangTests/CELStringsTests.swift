/// Strings: sizes in code points, byte-level prefix/suffix/substring tests without
/// Unicode normalisation, RE2-style unanchored `matches`, concatenation.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("size('πέντε')", "5"), ("'πέντε'.size()", "5"), ("size('🐱')", "1"), ("size('e\\u0301')", "2"),
    ("size(b'\\xff\\x00')", "2"), ("size([1, 2])", "2"), ("size(1)", "error: no function 'size' for (int)"),
    ("'Straße'.contains('aß')", "true"), ("'abc'.contains('')", "true"), ("''.contains('a')", "false"),
    ("'e\\u0301'.contains('e')", "true"), ("'\\u00E9'.contains('e')", "false"),
    ("'🐱😀'.startsWith('🐱')", "true"), ("'forté'.endsWith('té')", "true"), ("'abc'.endsWith('abcd')", "false"),
    ("'abc'.startsWith(1)", "error: no method 'startsWith' on string for (int)"),
    ("dyn(1).contains('a')", "error: no method 'contains' on int for (string)"),
    ("'hubba'.matches('ubb')", "true"), ("'hubba'.matches('^ubb')", "false"), ("matches('abc', 'b+')", "true"),
    ("'cows'.matches('')", "true"), ("'mañana'.matches('a+ñ+a+')", "true"),
    ("'+33 6 12 34 56 78'.matches('^\\\\+33[0-9 ]+$')", "true"),
    ("'x'.matches('(')", "error: '(' is not a valid regular expression"),
    ("'x'.matches(p)", "true"),
    ("'é' + 'a'", "\"éa\""),
])
func stringFunctions(source: String, expected: String) {
    #expect(celResult(source, ["p": .string("x|y")]) == expected)
}

@Test func dynamicPatternsAreCompiledOnceAndCached() throws {
    for pattern in ["a+", "a+", "[0-9]{2}"] {
        #expect(celResult("'aa11'.matches(p)", ["p": .string(pattern)]) == "true")
    }
    #expect(celResult("'aa'.matches(p)", ["p": .string("[")]) == "error: '[' is not a valid regular expression")
}
