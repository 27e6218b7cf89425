/// The evaluator's inline comparisons, `in` and arithmetic give exactly the library's answers, and
/// hand everything else (other kinds, errors) to the library with the error at the
/// operator; `min`/`max` of two values agree with the variadic form.
import Testing
@testable import RuleLang

/// Values of every kind the inline operators handle, their neighbours across kinds, and
/// the awkward ones (NaN, -0.0, null).
private let samples: [Value] = [
    .int(-1), .int(0), .int(1), .int(.max), .uint(0), .uint(1), .double(0), .double(-0.0), .double(1),
    .double(.nan), .double(.infinity), .string("a"), .bool(true), .null,
    .timestamp(CELTimestamp(seconds: 0)!), .timestamp(CELTimestamp(seconds: 0, nanos: 1)!), .timestamp(CELTimestamp(seconds: 1)!),
    .duration(CELDuration(seconds: -1)!), .duration(CELDuration(seconds: 0)!), .duration(CELDuration(seconds: 0, nanos: 5)!),
]

private let comparisons: [(CELInlineOperator, CELBinaryFunction)] = [
    (.less, CELComparison.less), (.lessOrEqual, CELComparison.lessOrEqual),
    (.greater, CELComparison.greater), (.greaterOrEqual, CELComparison.greaterOrEqual),
    (.equals, CELComparison.equals), (.notEquals, CELComparison.notEquals),
]

@Test func inlineComparisonsAgreeWithTheLibrary() throws {
    for (inline, library) in comparisons {
        for a in samples {
            for b in samples {
                guard let outcome = inline.compare(a, b) else { continue }
                let expected = try library(a, b)
                #expect(Value.bool(outcome).celEquals(expected), "\(inline) on \(a) and \(b)")
            }
        }
    }
}

@Test func inlineArithmeticAgreesWithTheLibrary() throws {
    let operators: [(String, (Value, Value) -> Value?, CELBinaryFunction)] = [
        ("+", CELInlineOperator.sum, CELArithmetic.add), ("-", CELInlineOperator.difference, CELArithmetic.subtract),
        ("*", CELInlineOperator.product, CELArithmetic.multiply), ("/", CELInlineOperator.quotient, CELArithmetic.divide),
    ]
    let extremes: [Value] = [
        .int(.min), .int(-1), .int(0), .int(2), .int(.max), .double(2.5), .double(.nan),
        .timestamp(CELTimestamp(seconds: CELTimestamp.minSeconds)!), .timestamp(CELTimestamp(seconds: CELTimestamp.maxSeconds, nanos: 999_999_999)!),
        .duration(CELDuration(seconds: CELDuration.maxSeconds)!), .duration(CELDuration(seconds: -1, nanos: -1)!),
    ]
    for (name, inline, library) in operators {
        for a in samples + extremes {
            for b in samples + extremes {
                guard let value = inline(a, b) else { continue }
                #expect(value.celDescription == (try library(a, b)).celDescription, "\(a) \(name) \(b)")
            }
        }
    }
}

@Test func inlineMembershipAgreesWithTheLibrary() throws {
    let lists: [[Value]] = [[], samples, [.uint(1)], [.double(1)], [.string("a"), .int(1)], Array(samples.reversed())]
    for element in samples {
        for items in lists {
            guard let found = CELInlineOperator.listContains(element, items) else { continue }
            let expected = try CELCollections.contains(element, .list(items))
            #expect(Value.bool(found).celEquals(expected), "\(element) in \(items)")
        }
    }
}

@Test(arguments: [
    ("x < 1", "true"), ("x <= y", "true"), ("y > x", "true"), ("x == 0", "true"), ("x != y", "true"),
    ("t < u", "true"), ("u - t >= d", "true"), ("d != d", "false"), ("t in [u, t]", "true"), ("d in [d]", "true"),
    ("x in [1u, 0.0]", "true"), ("y in [x, 'a']", "false"),
    ("u - t", "duration(\"900s\")"), ("t + d == u", "true"), ("u - d == t", "true"), ("d / (y - 1)", "duration(\"900s\")"),
    ("x + y * 3 - 1", "5"), ("y / y", "1"), ("y / x", "error: division by zero"), ("d / x", "error: division by zero"),
    ("t - u - u", "error: no '-' for duration and timestamp"),
    // Kinds without an inline path go to the library, errors included.
    ("x < 1u", "true"), ("x < 0.5", "true"), ("s < 'b'", "true"), ("s in ['a']", "true"), ("x in {0: 1}", "true"),
    ("s < 1", "error: no '<' for string and int"), ("n >= 1", "error: no '>=' for null and int"),
    ("x in 1", "error: 'in' needs a list or a map on its right, not an int"),
])
func operatorsOnVariables(source: String, expected: String) {
    let t = CELTimestamp(seconds: 1_737_200_000)!
    let variables: [String: Value] = [
        "x": .int(0), "y": .int(2), "s": .string("a"), "n": .null, "t": .timestamp(t),
        "u": .timestamp(CELTimestamp(seconds: t.seconds + 900)!), "d": .duration(CELDuration(seconds: 900)!),
    ]
    #expect(celResult(source, variables) == expected)
}

@Test func aDeclaredFieldHoldingNullFailsAtTheComparison() throws {
    // `free` is declared int, but the record leaves it unset.
    let program = try program("entry.party <= slot.free")
    let slot = CELObject(type: slotType, values: ["start": .timestamp(CELTimestamp(seconds: 0)!)])
    #expect(throws: CELEvalError("no '<=' for int and null", at: SourceRange(start: 0, end: 24))) {
        try program.evaluate(["entry": .object(sampleEntry()), "slot": .object(slot), "now": .null])
    }
}

@Test func minAndMaxOfTwoAgreeWithTheVariadicForm() {
    func outcome(_ body: () throws(CELEvalError) -> Value) -> String {
        do { return try body().celDescription } catch { return "error: \(error.message)" }
    }
    for a in samples {
        for b in samples {
            #expect(outcome { () throws(CELEvalError) in try CELExtensions.min(a, b) }
                    == outcome { () throws(CELEvalError) in try CELExtensions.min([a, b]) })
            #expect(outcome { () throws(CELEvalError) in try CELExtensions.max(a, b) }
                    == outcome { () throws(CELEvalError) in try CELExtensions.max([a, b]) })
        }
    }
}
