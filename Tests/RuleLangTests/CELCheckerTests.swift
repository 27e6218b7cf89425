import Foundation
import Testing
@testable import RuleLang

/// The environment the engine gives rule expressions (rules-language.md): `entry`, `slot`, `now`.
private let ruleEnvironment = CELEnvironment(
    variables: ["entry": .object("Entry"), "slot": .object("Slot"), "now": .timestamp],
    objectTypes: [
        CELObjectType(name: "Entry", fields: [
            .init("id", .string), .init("phone", .string), .init("first_name", .string), .init("last_name", .string),
            .init("email", .string), .init("party_size", .int), .init("requested", .timestamp),
            .init("slots", .list(.timestamp)), .init("service", .string), .init("joined_at", .timestamp),
            .init("source", .string), .init("offers", .int), .init("declines", .int), .init("visits", .int),
            .init("priority", .int),
        ]),
        CELObjectType(name: "Slot", fields: [
            .init("start", .timestamp), .init("end", .timestamp), .init("service", .string),
            .init("resource", .string), .init("capacity", .int), .init("free", .int),
        ]),
    ])

/// Parses and checks `text` in the rule environment.
private func checked(_ text: String, environment: CELEnvironment = ruleEnvironment) -> (CELExpr, CELCheckResult) {
    let (_, parsed) = CELParser.parse(text)
    guard let expr = parsed.expr else {
        Issue.record("does not parse: \(text): \(parsed.diagnostics.map(\.message))")
        return (CELExpr(id: 0, range: .point(0), kind: .constant(.null)), CELCheckResult(type: .error))
    }
    return (expr, CELChecker(environment: environment).check(expr))
}

/// The byte range of the first occurrence of `part` in `text` at or after byte `from`.
private func range(of part: String, in text: String, from: Int = 0) -> SourceRange {
    let bytes = Array(text.utf8)
    let needle = Array(part.utf8)
    for start in from...(bytes.count - needle.count) where Array(bytes[start..<start + needle.count]) == needle {
        return SourceRange(start: start, end: start + needle.count)
    }
    Issue.record("'\(part)' is not in '\(text)'")
    return .point(0)
}

// MARK: - Rule-shaped expressions

@Test(arguments: [
    ("slot.start in entry.slots && entry.party_size <= slot.free", CELType.bool),
    ("min(duration('15m'), (slot.start - now) / 4)", .duration),
    ("entry.joined_at", .timestamp),
    ("entry.slots.exists(s, s - slot.start < duration('15m'))", .bool),
    ("slot.start.getHours('Europe/Paris') >= 19", .bool),
    ("entry.visits >= 5", .bool),
    ("has(entry.email) && entry.email.endsWith('@example.com')", .bool),
    ("slot.start.getDayOfWeek('+01:00') == 5 ? duration('30m') : duration('15m')", .duration),
    ("entry.slots.filter(s, s > now).size()", .int),
    ("entry.slots.map(s, s.getHours())", .list(.int)),
    ("entry.slots.map(s, s > now, s - now)", .list(.duration)),
    ("max(entry.slots)", .timestamp),
    ("duration('1h') * 2 + 3 * duration('1m') - duration('90s') / 2", .duration),
    ("(slot.end - slot.start) / duration('15m')", .double),
    ("(slot.start - now).getMinutes()", .int),
    ("entry.slots.exists_one(s, s == slot.start)", .bool),
    ("[entry.first_name, entry.last_name].all(n, size(n) > 0)", .bool),
    ("{'lunch': 2, 'dinner': 4}[slot.service]", .int),
    ("{'lunch': 2, 'dinner': 4}.dinner", .int),
    ("string(entry.party_size) + ' covers'", .string),
    ("entry.priority * 60 + int(entry.joined_at)", .int),
    ("type(entry.visits) == int", .bool),
    ("dyn(entry.visits) + 1.5", .double),
    ("entry.service in ['lunch', 'dinner'] || slot.resource != ''", .bool),
    ("entry.email.matches('^[^@]+@example[.]com$') && matches(entry.phone, '^[+]33')", .bool),
])
func ruleExpressionsHaveTheirTypes(text: String, type: CELType) {
    let (_, result) = checked(text)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.message))")
    #expect(result.type == type)
}

@Test func recordsSubExpressionTypesAndOverloads() {
    let text = "min(duration('15m'), (slot.start - now) / 4)"
    let (expr, result) = checked(text)
    guard case .call(_, _, let args) = expr.kind, case .call(_, _, let quotient) = args[1].kind else {
        Issue.record("unexpected shape")
        return
    }
    #expect(result.types[expr.id] == .duration)
    #expect(result.types[quotient[0].id] == .duration)
    #expect(result.overloads[quotient[0].id] == ["subtract_timestamp_timestamp"])
    #expect(result.overloads[args[1].id] == ["divide_duration_int64"])
    #expect(result.overloads[expr.id] == ["min_duration"])
    // Every node of the tree has a type.
    func count(_ e: CELExpr) -> Int {
        switch e.kind {
        case .call(_, let target, let args): return 1 + (target.map(count) ?? 0) + args.map(count).reduce(0, +)
        case .select(let operand, _, _): return 1 + count(operand)
        default: return 1
        }
    }
    #expect(result.types.count == count(expr))
}

@Test func dynArgumentsMatchSeveralOverloads() {
    let (expr, result) = checked("dyn(entry.visits) < 2u")
    #expect(result.type == .bool)
    #expect(Set(result.overloads[expr.id] ?? []) == ["less_uint64", "less_int64_uint64", "less_double_uint64"])
    #expect(checked("dyn(entry)[0]").1.type == .dyn)
    #expect(checked("dyn(entry).visits.foo").1.type == .dyn)
}

@Test func literalsJoinElementTypes() {
    #expect(checked("[1, 2]").1.type == .list(.int))
    #expect(checked("[1, 'a']").1.type == .list(.dyn))
    #expect(checked("[]").1.type == .list(.dyn))
    #expect(checked("[[], [1]]").1.type == .list(.list(.int)))
    #expect(checked("[] + [now]").1.type == .list(.timestamp))
    #expect(checked("{'a': 1, 'b': 2}").1.type == .map(key: .string, value: .int))
    #expect(checked("{'a': 1, 2: 'b'}").1.type == .map(key: .dyn, value: .dyn))
    #expect(checked("[null, null]").1.type == .list(.null))
    #expect(checked("[entry, null]").1.type == .list(.object("Entry")))
    #expect(checked("true ? entry : null").1.type == .object("Entry"))
    #expect(checked("type(1) == type('a')").1.type == .bool)
    #expect(checked("google.protobuf.Timestamp").1.type == .type(.timestamp))
}

// MARK: - Diagnostics

/// One expected diagnostic: message, underlined text, help.
private func expectDiagnostic(_ text: String, _ message: String, at part: String, after prefix: String = "", help: String? = nil,
                              severity: Diagnostic.Severity = .error, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let (_, result) = checked(text)
    #expect(result.diagnostics.count == 1, "\(result.diagnostics.map(\.message))", sourceLocation: sourceLocation)
    guard let diagnostic = result.diagnostics.first else { return }
    #expect(diagnostic.message == message, sourceLocation: sourceLocation)
    #expect(diagnostic.range == range(of: part, in: text, from: prefix.utf8.count), sourceLocation: sourceLocation)
    #expect(diagnostic.help == help, sourceLocation: sourceLocation)
    #expect(diagnostic.severity == severity, sourceLocation: sourceLocation)
}

@Test func unknownVariableSuggestsTheClosestName() {
    expectDiagnostic("entyr.party_size > 2", "unknown name 'entyr'", at: "entyr", help: "did you mean 'entry'?")
    // Macro variables are candidates too.
    expectDiagnostic("entry.slots.all(slot_time, slot_tme > now)", "unknown name 'slot_tme'", at: "slot_tme",
                     help: "did you mean 'slot_time'?")
    // A field written without its record.
    expectDiagnostic("visits >= 5", "unknown name 'visits'", at: "visits", help: "did you mean 'entry.visits'?")
    expectDiagnostic("fre > 0", "unknown name 'fre'", at: "fre", help: "did you mean 'slot.free'?")
    let (_, result) = checked("banana")
    #expect(result.diagnostics.first?.notes == ["the names available here are entry, now and slot"])
}

@Test func unknownFieldSuggestsTheClosestField() {
    expectDiagnostic("entry.party <= slot.free", "'Entry' has no field 'party'", at: "party", help: "did you mean 'party_size'?")
    expectDiagnostic("entry.party_sise <= slot.free", "'Entry' has no field 'party_sise'", at: "party_sise",
                     help: "did you mean 'party_size'?")
    expectDiagnostic("has(entry.emial)", "'Entry' has no field 'emial'", at: "emial", help: "did you mean 'email'?")
    let (_, result) = checked("slot.banana")
    #expect(result.diagnostics.first?.notes == ["'Slot' has these fields: start, end, service, resource, capacity, free"])
}

@Test func selectionOnATimestampPointsToItsMethods() {
    expectDiagnostic("slot.start.hour >= 19", "a timestamp has no fields; did you mean to call a method like .getHours()?",
                     at: "hour", help: "did you mean '.getHours()'?")
    expectDiagnostic("entry.visits.count", "an int has no fields, so '.count' cannot be read", at: "count")
}

@Test func wrongOperandTypesNameTheOperatorAsWritten() {
    expectDiagnostic("entry.party_size + entry.first_name == 3", "no '+' for int and string", at: "entry.party_size + entry.first_name")
    expectDiagnostic("entry.visits == 1.0", "no '==' for int and double", at: "entry.visits == 1.0",
                     help: "convert one side so both are the same kind of number, like double(n) or int(n)")
    expectDiagnostic("slot.start + 15 > now", "no '+' for timestamp and int", at: "slot.start + 15",
                     help: "write a duration like duration('15m'), or a timestamp like timestamp('2025-06-01T19:00:00Z')")
    expectDiagnostic("-entry.id", "no '-' for string", at: "-entry.id")
    expectDiagnostic("entry.slots[entry.id]", "a list position must be an int, but this is a string", at: "entry.id")
    expectDiagnostic("!entry.visits", "'!' needs true or false, but this gives an int", at: "entry.visits")
    expectDiagnostic("entry.visits > 3 && entry.email", "'&&' needs true or false on both sides, but its right side gives a string",
                     at: "entry.email")
    expectDiagnostic("entry.visits ? 1 : 2", "the condition of '?:' must be true or false, but this gives an int", at: "entry.visits")
    expectDiagnostic("entry.visits > 3 ? 'regular' : 17", "the two branches of '?:' give different types: string and int",
                     at: "'regular' : 17", help: "make both branches give the same type of value")
}

@Test func wrongResultTypeNamesTheSetting() {
    let text = "slot.start"
    let (_, parsed) = CELParser.parse(text)
    let checker = CELChecker(environment: ruleEnvironment)
    let result = checker.check(parsed.expr!, expecting: .bool, purpose: "match")
    #expect(result.diagnostics.map(\.message) == ["'match' must be true or false, but this expression gives a timestamp"])
    #expect(result.diagnostics.first?.range == SourceRange(start: 0, end: 10))
    #expect(result.type == .timestamp)

    let timeout = checker.check(CELParser.parse("entry.visits * 60").result.expr!, expecting: .duration, purpose: "timeout")
    #expect(timeout.diagnostics.map(\.message) == ["'timeout' must be a duration, but this expression gives an int"])
    #expect(timeout.diagnostics.first?.help == "write a duration like duration('15m')")

    let order = checker.check(CELParser.parse("entry.slots").result.expr!, expectingOneOf: [.int, .timestamp, .duration],
                              purpose: "the sort key of 'priority'")
    #expect(order.diagnostics.map(\.message)
            == ["the sort key of 'priority' must be an int, a timestamp or a duration, but this expression gives a list(timestamp)"])

    // dyn is accepted; an already reported error is not reported twice.
    #expect(checker.check(CELParser.parse("dyn(entry.visits)").result.expr!, expecting: .bool, purpose: "match").diagnostics.isEmpty)
    #expect(checker.check(CELParser.parse("entyr").result.expr!, expecting: .bool, purpose: "match").diagnostics.count == 1)
}

@Test func unknownFunctionSuggestsTheClosestName() {
    expectDiagnostic("sise(entry.slots) > 1", "unknown function 'sise'", at: "sise(entry.slots)", help: "did you mean 'size'?")
    expectDiagnostic("slot.start.getHour() >= 19", "unknown method 'getHour'", at: "slot.start.getHour()", help: "did you mean 'getHours'?")
    expectDiagnostic("entry.visits() > 2", "unknown method 'visits'", at: "entry.visits()",
                     help: "'visits' is a field of 'Entry'; remove the parentheses")
    expectDiagnostic("startsWith(entry.phone, '+33')", "'startsWith' must be called on a value", at: "startsWith(entry.phone, '+33')",
                     help: "write it after the value it applies to, like value.startsWith(...)")
    expectDiagnostic("entry.visits.string()", "'string' is not a method", at: "entry.visits.string()", help: "write it as string(value)")
}

@Test func wrongArgumentsListTheAcceptedForms() {
    let (_, arity) = checked("size()")
    #expect(arity.diagnostics.map(\.message) == ["size() takes 1 argument, but was given 0"])
    #expect(arity.diagnostics.first?.notes == ["accepted forms: size(string), size(bytes), size(list), size(map)"])
    let (_, method) = checked("slot.start.getHours(2)")
    #expect(method.diagnostics.map(\.message) == ["no '.getHours()' for timestamp with int"])
    #expect(method.diagnostics.first?.notes == ["accepted forms: timestamp.getHours(string)"])
    let (_, mixed) = checked("max(entry.visits, 2.5)")
    #expect(mixed.diagnostics.map(\.message) == ["no 'max' for int and double"])
}

@Test func badMacroConditionIsReportedAtTheCondition() {
    expectDiagnostic("entry.slots.all(s, s.getHours())", "the condition of all() must be true or false, but gives int", at: "s.getHours()")
    expectDiagnostic("entry.slots.exists(s, s)", "the condition of exists() must be true or false, but gives timestamp",
                     at: "s", after: "entry.slots.exists(s, ")
    expectDiagnostic("entry.slots.exists_one(s, 'x')", "the condition of exists_one() must be true or false, but gives string", at: "'x'")
    expectDiagnostic("entry.slots.filter(s, 1)", "the condition of filter() must be true or false, but gives int", at: "1")
    expectDiagnostic("entry.slots.map(s, s, s)", "the condition of map() must be true or false, but gives timestamp",
                     at: "s", after: "entry.slots.map(s, ")
    expectDiagnostic("entry.visits.all(v, v > 0)", "all() goes through a list or a map, but this is an int", at: "entry.visits")
}

@Test func messageConstructionIsRejected() {
    expectDiagnostic("Slot{start: now}.start", "message construction is not supported in SpeedAI rules", at: "Slot{start: now}")
}

@Test func constantArgumentsThatCannotWorkGetWarnings() {
    expectDiagnostic("slot.start.getHours('Europe/Pari') >= 19", "unknown time zone 'Europe/Pari'", at: "'Europe/Pari'",
                     help: "did you mean 'Europe/Paris'?", severity: .warning)
    expectDiagnostic("slot.start.getHours('+25:00')", "'+25:00' is not a valid UTC offset", at: "'+25:00'",
                     help: "write it like '+05:30' or '-08:00'", severity: .warning)
    expectDiagnostic("duration('15x')", "'15x' is not a duration", at: "'15x'",
                     help: "write durations like '15m', '1h30m', '90s' or '250ms' (units h, m, s, ms, us, ns)", severity: .warning)
    #expect(!checked("duration('15x')").1.hasErrors)
    for valid in ["0", "15m", "1h30m", "-1.5s", "100ms", "2us", "3ns", "+.5h", "1µs"] {
        #expect(CELCheckRun.isValidDuration(valid), "\(valid)")
    }
    for invalid in ["", "15", "1d", "m", "1..5s", "1h 30m", "-"] {
        #expect(!CELCheckRun.isValidDuration(invalid), "\(invalid)")
    }
    #expect(CELCheckRun.isKnownTimeZone("+05:30"))
    #expect(CELCheckRun.isKnownTimeZone("5:30"))
    #expect(!CELCheckRun.isKnownTimeZone("+24:00"))
    #expect(CELCheckRun.isKnownTimeZone("UTC"))
    #expect(CELCheckRun.isKnownTimeZone("America/New_York"))
    #expect(!CELCheckRun.isKnownTimeZone("Mars/Olympus"))
}

// MARK: - Assignability

@Test func assignabilityTreatsDynAndTypeParametersAsWildcards() {
    #expect(CELType.bool.isAssignable(from: .dyn))
    #expect(CELType.dyn.isAssignable(from: .timestamp))
    #expect(CELType.list(.dyn).isAssignable(from: .list(.int)))
    #expect(CELType.list(.parameter("A")).isAssignable(from: .list(.string)))
    #expect(CELType.map(key: .string, value: .dyn).isAssignable(from: .map(key: .string, value: .list(.int))))
    #expect(CELType.object("Entry").isAssignable(from: .null))
    #expect(!CELType.int.isAssignable(from: .double))
    #expect(!CELType.timestamp.isAssignable(from: .null))
    #expect(!CELType.list(.int).isAssignable(from: .list(.string)))
    #expect(!CELType.object("Entry").isAssignable(from: .object("Slot")))
}

// MARK: - Robustness

@Test func deeplyNestedExpressionsCheck() {
    let nestedLists = String(repeating: "[", count: 240) + String(repeating: "]", count: 240)
    #expect(checked(nestedLists).1.diagnostics.isEmpty)
    let nestedNegations = String(repeating: "-(", count: 240) + "1" + String(repeating: ")", count: 240)
    #expect(checked(nestedNegations).1.type == .int)
    let nestedMacros = (0..<60).reduce("true") { inner, i in "[1].all(x\(i), \(inner))" }
    #expect(checked(nestedMacros).1.type == .bool)
    let longSum = "1" + String(repeating: " + 1", count: 249)
    #expect(checked(longSum).1.type == .int)
    // Left-deep chains have no parser limit; past the checker's, one error, no crash.
    let (_, tooLong) = checked("1" + String(repeating: " + 1", count: 3000))
    #expect(tooLong.diagnostics.map(\.message) == ["this expression is nested too deeply to check"])
}

/// Trees no parser produces: wrong arities, unknown operators, odd comprehensions.
@Test func handBuiltTreesNeverCrash() {
    var nextID = 0
    func node(_ kind: CELExpr.Kind) -> CELExpr {
        nextID += 1
        return CELExpr(id: nextID, range: SourceRange(start: nextID, end: nextID + 1), kind: kind)
    }
    var seed: UInt64 = 0x5EED
    func random(_ bound: Int) -> Int {
        seed = seed &* 6364136223846793005 &+ 1442695040888963407
        return Int((seed >> 33) % UInt64(bound))
    }
    let functions = ["_+_", "_?_:_", "_&&_", "!_", "_[_]", "@in", "size", "min", "getHours", "@not_strictly_false", "nope", "_==_", "dyn", "type"]
    let names = ["entry", "slot", "now", "@result", "x", ".entry", "int", "google.protobuf.Duration"]
    func build(_ depth: Int) -> CELExpr {
        if depth == 0 { return node(random(2) == 0 ? .identifier(names[random(names.count)]) : .constant(.int(1))) }
        switch random(8) {
        case 0: return node(.call(function: functions[random(functions.count)], target: nil, args: (0..<random(4)).map { _ in build(depth - 1) }))
        case 1: return node(.call(function: functions[random(functions.count)], target: build(depth - 1), args: (0..<random(3)).map { _ in build(depth - 1) }))
        case 2: return node(.select(operand: build(depth - 1), field: ["start", "slots", "x"][random(3)], testOnly: random(2) == 0))
        case 3: return node(.list(elements: (0..<random(3)).map { _ in build(depth - 1) }))
        case 4: return node(.map(entries: (0..<random(3)).map { _ in CELMapEntry(key: build(depth - 1), value: build(depth - 1)) }))
        case 5: return node(.structure(typeName: "T", fields: []))
        case 6:
            return node(.comprehension(CELComprehension(
                macro: ["all", "map", "weird"][random(3)], iterVar: "v", iterRange: build(depth - 1), accuVar: "@result",
                accuInit: build(depth - 1), loopCondition: build(depth - 1), loopStep: build(depth - 1), result: build(depth - 1))))
        default: return build(depth - 1)
        }
    }
    let checker = CELChecker(environment: ruleEnvironment)
    for _ in 0..<500 {
        let result = checker.check(build(5))
        #expect(result.diagnostics.count <= DiagnosticBag.defaultLimit)
    }
}

// MARK: - Golden diagnostics

/// Every line of `Golden/cel-check/diagnostics.cel` checked and rendered as an admin sees
/// it; compared with `diagnostics.expected` (regenerate with `UPDATE_GOLDEN=1`).
@Test func diagnosticsMatchTheGoldenFile() throws {
    let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/cel-check")
    let input = try String(contentsOf: directory.appendingPathComponent("diagnostics.cel"), encoding: .utf8)
    let renderer = DiagnosticRenderer()
    var output = ""
    for line in input.split(separator: "\n", omittingEmptySubsequences: true) where !line.hasPrefix("#") {
        let (file, parsed) = CELParser.parse(String(line))
        let diagnostics = parsed.expr.map { CELChecker(environment: ruleEnvironment).check($0).diagnostics } ?? parsed.diagnostics
        output += "== \(line)\n"
        output += diagnostics.isEmpty ? "(no diagnostics)\n" : renderer.render(diagnostics, in: file)
        output += "\n"
    }
    let expectedURL = directory.appendingPathComponent("diagnostics.expected")
    if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
        try output.write(to: expectedURL, atomically: true, encoding: .utf8)
    }
    let expected = try String(contentsOf: expectedURL, encoding: .utf8)
    #expect(output == expected)
}
