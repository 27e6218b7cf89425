/// Macros (`has all exists exists_one map filter`): results, scoping, error absorption
/// inside the loops, iteration over map keys, and linear-time `map`/`filter`.
import Testing
@testable import RuleLang

@Test(arguments: [
    ("[1, 2, 3].all(x, x > 0)", "true"), ("[1, 2, 3].all(x, x > 1)", "false"), ("[].all(x, false)", "true"),
    ("[1, 2, 3].exists(x, x == 2)", "true"), ("[].exists(x, true)", "false"),
    ("[1, 2, 3].exists_one(x, x > 1)", "false"), ("[1, 2, 3].exists_one(x, x > 2)", "true"),
    ("[1, 2, 3].map(x, x * 2)", "[2, 4, 6]"), ("[1, 2, 3].map(x, x > 1, x * 10)", "[20, 30]"),
    ("[1, 2, 3, 4].filter(x, x % 2 == 0)", "[2, 4]"),
    ("{'a': 1, 'b': 2}.all(k, k.size() == 1)", "true"), ("{'a': 1, 'b': 2}.map(k, k + k)", "[\"aa\", \"bb\"]"),
    ("[[1, 2], [3]].map(l, l.map(x, x + 1))", "[[2, 3], [4]]"),
    ("[1, 2].map(x, [10, 20].map(y, x * y))", "[[10, 20], [20, 40]]"),
    ("[1, 2].exists(x, [3, 4].exists(x, x == 4))", "true"),
    ("[1, 2, 3].filter(x, x > 1).map(x, string(x))", "[\"2\", \"3\"]"),
    ("1.all(x, true)", "error: all() works on a list or a map, not an int"),
])
func macros(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test(arguments: [
    // An error in one iteration is absorbed when another iteration decides the result.
    ("[0, -1].all(x, 10 / x > 0)", "false"), ("[-1, 0].all(x, 10 / x > 0)", "false"),
    ("[1, 0].all(x, 10 / x > 0)", "error: division by zero"),
    ("[0, 1].exists(x, 10 / x > 0)", "true"), ("[0, -1].exists(x, 10 / x > 0)", "error: division by zero"),
    ("[0, 1].exists_one(x, 10 / x > 0)", "error: division by zero"),
    ("[1, 0].map(x, 10 / x)", "error: division by zero"),
    ("[1, 0].filter(x, 10 / x > 0)", "error: division by zero"),
])
func errorsInsideMacros(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test func macrosUseVariablesAndShadowThem() {
    let items = Value.list((1...5).map { Value.int(Int64($0)) })
    #expect(celResult("items.filter(x, x > limit)", ["items": items, "limit": .int(3)]) == "[4, 5]")
    // The iteration variable shadows a declared variable of the same name.
    #expect(celResult("items.map(limit, limit * 2)", ["items": items, "limit": .int(3)]) == "[2, 4, 6, 8, 10]")
    #expect(celResult("items.exists(x, x == limit) && limit == 3", ["items": items, "limit": .int(3)]) == "true")
}

@Test func mapAndFilterAreLinear() throws {
    // 200 000 elements: a quadratic accumulator would copy ~2·10^10 values.
    let items = Value.list((0..<200_000).map { Value.int(Int64($0)) })
    let clock = ContinuousClock()
    let elapsed = try clock.measure {
        let mapped = try celEval("items.map(x, x + 1).filter(x, x % 2 == 0)", ["items": items])
        guard case .list(let values) = mapped else { Issue.record("expected a list"); return }
        #expect(values.count == 100_000)
    }
    #expect(elapsed < .seconds(10))
}

@Test func constantComprehensionsAreFolded() throws {
    let (_, parsed) = CELParser.parse("[1, 2, 3].map(x, x * 2)")
    let program = try CELProgram(parsed.expr!)
    #expect(program.constantValue?.celDescription == "[2, 4, 6]")
    let (_, withVariable) = CELParser.parse("[1, 2, 3].map(x, x * y)")
    let dependent = try CELProgram(withVariable.expr!, environment: CELEnvironment(variables: ["y": .int]))
    #expect(dependent.constantValue == nil)
    #expect(try dependent.evaluate(["y": .int(3)]).celDescription == "[3, 6, 9]")
}
