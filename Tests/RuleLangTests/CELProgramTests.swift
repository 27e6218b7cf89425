/// The planner and program: slots and activations, undeclared names as run-time errors,
/// commutative error absorption in `&&`/`||`, constant folding that keeps errors for run
/// time, record fields by index, `has()`, and where errors point.
import Testing
@testable import RuleLang

/// `Slot` and `Entry` as the waitlist engine declares them.
let slotType = CELObjectType(name: "Slot", fields: [
    .init("start", .timestamp), .init("end", .timestamp), .init("service", .string), .init("free", .int),
])
let entryType = CELObjectType(name: "Entry", fields: [
    .init("id", .string), .init("name", .string), .init("party", .int), .init("email", .string), .init("slot", .object("Slot")),
])
let waitlistEnvironment = CELEnvironment(
    variables: ["entry": .object("Entry"), "slot": .object("Slot"), "now": .timestamp],
    objectTypes: [slotType, entryType])

func sampleSlot() -> CELObject {
    CELObject(type: slotType, values: [
        "start": .timestamp(CELTimestamp(rfc3339: "2025-01-18T19:30:00Z")!),
        "end": .timestamp(CELTimestamp(rfc3339: "2025-01-18T21:00:00Z")!),
        "service": .string("dinner"), "free": .int(2),
    ])
}

func sampleEntry(email: Value = .null) -> CELObject {
    CELObject(type: entryType, values: [
        "id": .string("a1"), "name": .string("Zoé"), "party": .int(4), "email": email, "slot": .object(sampleSlot()),
    ])
}

func program(_ source: String, _ environment: CELEnvironment = waitlistEnvironment) throws(CELEvalError) -> CELProgram {
    let (_, parsed) = CELParser.parse(source)
    return try CELProgram(parsed.expr!, environment: environment)
}

@Test(arguments: [
    ("x || true", "true"), ("true || x", "true"), ("x && false", "false"), ("false && x", "false"),
    ("x || false", "error: undeclared variable 'x'"), ("x && true", "error: undeclared variable 'x'"),
    ("1/0 || true", "true"), ("true || 1/0 > 0", "true"), ("1/0 > 0 && false", "false"),
    ("1/0 > 0 || 2/0 > 0", "error: division by zero"),
    ("'a' || true", "true"), ("'a' || false", "error: '||' needs bool values on both sides, not a string"),
    ("f_unknown(17) || true", "true"), ("f_unknown(17)", "error: no function 'f_unknown' for (int)"),
    ("sise('abc')", "error: no function 'sise' for (string) (did you mean 'size'?)"),
    ("'abc'.lenght()", "error: no method 'lenght' on string"),
    ("1/0 > 0 ? 1 : 2", "error: division by zero"), ("true ? 1 : 1/0", "1"), ("false ? 1/0 : 2", "2"),
    ("'yes' ? 1 : 2", "error: the condition before '?' must be a bool, not a string"),
    ("!1", "error: no '!' for int"),
    ("[1, 2][2]", "error: index 2 is out of range for a list of 2"), ("[1, 2][-1]", "error: index -1 is out of range for a list of 2"),
    ("[1, 2][1u]", "2"), ("[1, 2][1.0]", "2"), ("[1, 2][0.5]", "error: a list index must be a whole number, not 0.5"),
    ("'abc'[0]", "error: only lists and maps can be indexed with [], not a string"),
    ("1 in 2", "error: 'in' needs a list or a map on its right, not an int"),
    ("int", "int"), ("type(int)", "type"), ("google.protobuf.Timestamp", "google.protobuf.Timestamp"),
])
func errorAbsorptionAndMessages(source: String, expected: String) {
    #expect(celResult(source) == expected)
}

@Test func constantErrorsAreFoldedIntoRunTimeFailures() throws {
    // Planning succeeds; the error appears only when evaluated, at the failing node.
    let failing = try program("size('abc') + 1/0", CELEnvironment())
    #expect(throws: CELEvalError("division by zero", at: SourceRange(start: 14, end: 17))) {
        try failing.evaluate(CELActivation(count: 0))
    }
    // Folded constants need no evaluation work.
    #expect(try program("1 + 2 * 3", CELEnvironment()).constantValue?.celDescription == "7")
    #expect(try program("1/0 || true", CELEnvironment()).constantValue?.celDescription == "true")
    #expect(try program("int('x') == 1 || true", CELEnvironment()).constantValue?.celDescription == "true")
    #expect(try program("1/0 > 2", CELEnvironment()).constantValue == nil)
}

@Test func errorsPointAtTheFailingNode() {
    let error = celError("1 + [1, 2][5]")
    #expect(error?.range == SourceRange(start: 4, end: 13))
    let undeclared = celError("1 + nobody")
    #expect(undeclared?.range == SourceRange(start: 4, end: 10))
}

@Test func slotsAndReusableActivations() throws {
    let program = try program("entry.party <= slot.free * 2 && slot.service == 'dinner'")
    #expect(program.variableNames == ["entry", "now", "slot"])
    let entrySlot = try #require(program.slot(for: "entry"))
    let slotSlot = try #require(program.slot(for: "slot"))
    #expect(program.slot(for: "other") == nil)
    var activation = program.makeActivation()
    activation[slotSlot] = .object(sampleSlot())
    for party in [2, 4, 5] {
        var values = sampleEntry().fields
        values[2] = .int(Int64(party))
        activation[entrySlot] = .object(CELObject(type: entryType, fields: values))
        #expect(try program.evaluate(activation).celDescription == (party <= 4 ? "true" : "false"))
    }
}

@Test func objectFieldsAndHas() throws {
    let entry = Value.object(sampleEntry())
    let withEmail = Value.object(sampleEntry(email: .string("zoe@example.fr")))
    let vars = ["entry": entry, "slot": Value.object(sampleSlot()), "now": .timestamp(CELTimestamp(seconds: 0)!)]
    #expect(celResult("entry.name", vars, environment: waitlistEnvironment) == "\"Zoé\"")
    #expect(celResult("entry.slot.service", vars, environment: waitlistEnvironment) == "\"dinner\"")
    #expect(celResult("has(entry.email)", vars, environment: waitlistEnvironment) == "false")
    #expect(celResult("has(entry.name)", vars, environment: waitlistEnvironment) == "true")
    var withEmailVars = vars
    withEmailVars["entry"] = withEmail
    #expect(celResult("has(entry.email) && entry.email.endsWith('.fr')", withEmailVars, environment: waitlistEnvironment) == "true")
    #expect(celResult("has(entry.slot.free)", vars, environment: waitlistEnvironment) == "true")
    // Records reached dynamically (through a list) use the field name at run time.
    #expect(celResult("[entry][0].party", vars, environment: waitlistEnvironment) == "4")
    #expect(celResult("has([entry][0].email)", vars, environment: waitlistEnvironment) == "false")
    #expect(celResult("[entry][0].nmae", vars, environment: waitlistEnvironment)
            == "error: Entry has no field 'nmae' (did you mean 'name'?)")
    #expect(celResult("type(entry) == Entry", vars, environment: waitlistEnvironment) == "true")
    #expect(celResult("entry == entry", vars, environment: waitlistEnvironment) == "true")
}

@Test func hasOnMaps() {
    let map = Value.map(CELMap(strings: [("email", .string("a@b.fr")), ("phone", .null)]))
    #expect(celResult("has(m.email)", ["m": map]) == "true")
    #expect(celResult("has(m.phone)", ["m": map]) == "true")
    #expect(celResult("has(m.address)", ["m": map]) == "false")
    #expect(celResult("has(m.email.x)", ["m": map]) == "error: has() needs a map or a record, not a string")
}

@Test func unknownFieldOfADeclaredRecordIsAPlanningError() {
    #expect(throws: CELEvalError.self) { try program("entry.nmae == 'x'") }
    do {
        _ = try program("has(slot.fre)")
    } catch {
        #expect(error.message == "Slot has no field 'fre'; did you mean 'free'?")
        #expect(error.range == SourceRange(start: 0, end: 13))
    }
}

@Test func messageConstructionIsAPlanningError() {
    #expect(throws: CELEvalError.self) { try program("Entry{id: 'a'}") }
}

@Test func missingVariablesAreReportedByName() throws {
    let program = try program("entry.party > 2")
    #expect(throws: CELEvalError("no value for variable 'entry'", at: SourceRange(start: 0, end: 5))) {
        try program.evaluate([String: Value]())
    }
    #expect(throws: CELEvalError.self) { try program.evaluate(CELActivation(values: [])) }
    #expect(celResult("nobdy", ["nobody": .int(1)]) == "error: undeclared variable 'nobdy' (did you mean 'nobody'?)")
}

@Test func fieldAccessOnAWrongValueFallsBackToTheName() throws {
    // A map bound where a record was declared still works by name.
    let program = try program("entry.party")
    let map = Value.map(CELMap(strings: [("party", .int(3))]))
    #expect(try program.evaluate(["entry": map]).celDescription == "3")
    #expect(throws: CELEvalError.self) { try program.evaluate(["entry": .int(1)]) }
}

@Test func qualifiedVariableNames() {
    let environment = CELEnvironment(variables: ["a.b": .int, "a": .dyn])
    #expect(celResult("a.b + 1", ["a.b": .int(41), "a": .map(CELMap(strings: [("b", .int(0))]))], environment: environment) == "42")
    #expect(celResult(".a.b", ["a.b": .int(7), "a": .null], environment: environment) == "7")
}

@Test func speedAIExtensionExample() throws {
    let program = try program("min(duration('15m'), (slot.start - now) / 4)")
    let now = Value.timestamp(CELTimestamp(rfc3339: "2025-01-18T19:00:00Z")!)
    #expect(try program.evaluate(["slot": .object(sampleSlot()), "now": now, "entry": .null]).celDescription == "duration(\"450s\")")
}

@Test func longOperatorChainsArePlannedOrRefusedWithoutCrashing() throws {
    let fine = Array(repeating: "1", count: 200).joined(separator: " + ")
    #expect(celResult(fine) == "200")
    let variable = Array(repeating: "x", count: 200).joined(separator: " + ")
    #expect(celResult(variable, ["x": .int(2)]) == "400")
    let tooLong = Array(repeating: "x", count: 5_000).joined(separator: " + ")
    #expect(celResult(tooLong, ["x": .int(1)]).hasPrefix("error: this expression is too deeply nested"))
}

@Test func timeZonesGivenAtRunTime() {
    let t = Value.timestamp(CELTimestamp(rfc3339: "2025-03-30T01:00:00Z")!)
    #expect(celResult("t.getHours(z)", ["t": t, "z": .string("Europe/Paris")]) == "3")
    #expect(celResult("t.getHours(z)", ["t": t, "z": .string("-02:30")]) == "22")
    #expect(celResult("t.getHours(z)", ["t": t, "z": .string("Mars/Olympus")]) == "error: unknown time zone 'Mars/Olympus'")
    #expect(celResult("t.getHours(z)", ["t": t, "z": .int(1)]) == "error: no method 'getHours' on timestamp for (int)")
}
