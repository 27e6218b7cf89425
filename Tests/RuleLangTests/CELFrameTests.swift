/// The evaluation frame: variables borrowed from the activation (short or partly unbound
/// activations still fail by name), and comprehension locals that start at `null` on
/// every evaluation, nest, and do not leak between evaluations or into folded constants.
import Testing
@testable import RuleLang

@Test func shortAndPartlyUnboundActivationsFailByName() throws {
    let program = try program("now < slot.start")
    #expect(throws: CELEvalError("no value for variable 'now'", at: SourceRange(start: 0, end: 3))) {
        try program.evaluate(CELActivation(values: []))
    }
    #expect(throws: CELEvalError("no value for variable 'slot'", at: SourceRange(start: 6, end: 10))) {
        try program.evaluate(["now": .timestamp(CELTimestamp(seconds: 0)!)])
    }
    #expect(try program.evaluate(["now": .timestamp(CELTimestamp(seconds: 0)!), "slot": .object(sampleSlot())]).celDescription == "true")
}

@Test func comprehensionLocalsAreFreshOnEveryEvaluation() throws {
    let (_, parsed) = CELParser.parse("xs.filter(x, x > 1).map(x, [x].exists(y, y == x) ? x : 0).size() + (xs.exists_one(x, x == 2) ? 1 : 0)")
    let environment = CELEnvironment(variables: ["xs": .list(.int)])
    let program = try CELProgram(parsed.expr!, environment: environment)
    var activation = program.makeActivation()
    for (items, expected) in [([1, 2, 3], "3"), ([], "0"), ([2, 2], "2"), ([5], "1")] {
        activation[program.slot(for: "xs")!] = .list(items.map { .int(Int64($0)) })
        #expect(try program.evaluate(activation).celDescription == expected, "\(items)")
    }
}

@Test func accumulatorErrorsAreAbsorbedOrReported() throws {
    let program = try program("xs.exists(x, 10 / x > 2)", CELEnvironment(variables: ["xs": .list(.int)]))
    #expect(try program.evaluate(["xs": .list([.int(0), .int(1)])]).celDescription == "true")
    #expect(throws: CELEvalError("division by zero", at: SourceRange(start: 13, end: 19))) {
        try program.evaluate(["xs": .list([.int(0), .int(9)])])
    }
}

@Test func nestedComprehensionsFoldedWhilePlanning() throws {
    #expect(try program("[1, 2].all(x, [3, 4].exists(y, y > x))", CELEnvironment()).constantValue?.celDescription == "true")
}

@Test func valuesAndLocalsStayTwoWordsAndATag() {
    // Every node copies values; a wider payload would make each copy dearer.
    #expect(MemoryLayout<Value>.size <= 17)
    #expect(MemoryLayout<CELLocal>.size == MemoryLayout<Value>.size)
}
