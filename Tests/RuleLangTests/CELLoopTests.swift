/// Comprehension loops as the evaluator runs them: loop-invariant parts of the body are
/// cached per run of the loop, with the same values, errors and error locations as
/// recomputing them; nested loops reset their caches; `all`/`exists` stop on the
/// accumulator.
import Testing
@testable import RuleLang

/// The planned tree of `source`, with every variable declared `dyn` (or as given).
private func plan(_ source: String, _ variables: [String: CELType]) throws -> CELNode {
    let (_, parsed) = CELParser.parse(source)
    let names = variables.keys.sorted()
    var planner = CELPlanner(environment: CELEnvironment(variables: variables),
                             slots: Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) }))
    return try planner.plan(#require(parsed.expr))
}

/// The source text of every cached sub-expression in the tree.
private func cachedParts(_ source: String, _ variables: [String: CELType]) throws -> [String] {
    var found: [String] = []
    func visit(_ node: CELNode) {
        if case .cached(let invariant, _) = node.kind {
            let bytes = Array(source.utf8)[invariant.range.start..<invariant.range.end]
            found.append(String(decoding: bytes, as: UTF8.self))
        }
        node.children.forEach(visit)
    }
    visit(try plan(source, variables))
    return found
}

@Test func theLargestInvariantPartsAreCached() throws {
    #expect(try cachedParts("xs.exists(s, s >= t - duration('15m') && s <= t + duration('15m'))", ["xs": .dyn, "t": .dyn])
            == ["t - duration('15m')", "t + duration('15m')"])
    // Bare variables and constants are not worth a cache; a nested loop that does not
    // read the outer variable is cached whole; an inner loop caches what the outer
    // iteration fixes.
    #expect(try cachedParts("xs.all(x, x > y)", ["xs": .dyn, "y": .dyn]) == [])
    #expect(try cachedParts("xs.all(x, x in ys.map(y, y * k))", ["xs": .dyn, "ys": .dyn, "k": .dyn]) == ["ys.map(y, y * k)"])
    #expect(try cachedParts("xs.all(x, ys.exists(y, y == x + k))", ["xs": .dyn, "ys": .dyn, "k": .dyn]) == ["x + k"])
}

@Test(arguments: [
    ("xs.exists(x, x > y + 1)", [1, 2, 5], "2", "true"), ("xs.exists(x, x > y + 1)", [1, 2], "2", "false"),
    ("xs.exists(x, x > y + 1)", [], "'a'", "false"),
    ("xs.exists(x, x > y + 1)", [1], "'a'", "error: no '+' for string and int"),
    ("xs.exists(x, x == 0 || x > y + 1)", [5, 0], "'a'", "true"),
    ("xs.all(x, ys.exists(y, y == x + k))", [1, 2], "1", "true"),
    ("xs.all(x, ys.exists(y, y == x + k))", [1, 3], "1", "false"),
    ("xs.all(x, x in ys.map(y, y - k))", [1, 2], "1", "true"),
    ("xs.map(x, x + ys.size() * k)", [1, 2], "10", "[21, 22]"),
    ("xs.filter(x, x < k * 2).size() == xs.filter(x, x < k + k).size()", [1, 2, 3], "1", "true"),
])
func cachedLoopsGiveTheSameResults(source: String, items: [Int64], k: String, expected: String) {
    let value: Value = k.hasPrefix("'") ? .string(String(k.dropFirst().dropLast())) : .int(Int64(k)!)
    let variables: [String: Value] = ["xs": .list(items.map(Value.int)), "ys": .list([.int(2), .int(3)]), "y": value, "k": value]
    #expect(celResult(source, variables) == expected)
}

@Test func aCachedErrorKeepsItsLocation() {
    let error = celError("xs.exists(x, x > y + 1)", ["xs": .list([.int(1), .int(2)]), "y": .string("a")])
    #expect(error?.range == SourceRange(start: 17, end: 22))
}

@Test func cachedLoopsRunRepeatedly() throws {
    let (_, parsed) = CELParser.parse("xs.exists(x, x >= t - duration('15m') && x <= t + duration('15m'))")
    let program = try CELProgram(parsed.expr!, environment: CELEnvironment(variables: ["xs": .list(.timestamp), "t": .timestamp]))
    var activation = program.makeActivation()
    let slots = [1_000, 5_000].map { Value.timestamp(CELTimestamp(seconds: $0)!) }
    activation[program.slot(for: "xs")!] = .list(slots)
    for (start, expected) in [(100, true), (2_000, false), (4_200, true), (3_000, false), (5_900, true), (6_000, false)] {
        activation[program.slot(for: "t")!] = .timestamp(CELTimestamp(seconds: Int64(start))!)
        #expect(try program.evaluate(activation).celDescription == String(expected), "t = \(start)")
    }
}

/// `all`/`exists` run their predicate without the `@result && p` / `@result || p` node
/// while the accumulator holds the non-deciding bool: the same values, absorbed errors,
/// and type errors (message and location) as the whole step.
@Test(arguments: [
    ("xs.exists(x, 1 / x == 1)", [0, 1], "true"), ("xs.exists(x, 1 / x == 1)", [0, 2], "error: division by zero"),
    ("xs.exists(x, 1 / x == 1)", [2, 0], "error: division by zero"), ("xs.exists(x, 1 / x == 1)", [1, 0], "true"),
    ("xs.all(x, 1 / x == 1)", [0, 2], "false"), ("xs.all(x, 1 / x == 1)", [0, 1], "error: division by zero"),
    ("xs.all(x, 1 / x == 1)", [1, 1], "true"), ("xs.exists(x, x > 1)", [], "false"), ("xs.all(x, x > 1)", [], "true"),
])
func predicateStepsKeepTheStepSemantics(source: String, items: [Int64], expected: String) {
    #expect(celResult(source, ["xs": .list(items.map(Value.int))]) == expected)
}

@Test func aNonBoolPredicateFailsAsTheWholeStepDoes() throws {
    let xs: [String: Value] = ["xs": .list([.int(1)])]
    let exists = try #require(celError("xs.exists(x, x)", xs))
    let all = try #require(celError("xs.all(x, x)", xs))
    #expect(exists.message == "'||' needs bool values on both sides, not an int")
    #expect(all.message == "'&&' needs bool values on both sides, not an int")
}
