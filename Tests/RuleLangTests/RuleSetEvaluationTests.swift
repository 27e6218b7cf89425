import Testing
@testable import RuleLang

/// The compiled expressions of the shipped rule files run on the CEL evaluator with the
/// rule environment: what the checker accepted, the engine can evaluate, with the
/// meaning the comments in the files promise.
struct RuleSetEvaluationTests {
    static func time(_ text: String) -> Value { .timestamp(CELTimestamp(rfc3339: text)!) }

    static func entry(slots: [String], partySize: Int64 = 2, visits: Int64 = 0, priority: Int64 = 0, service: String = "dinner") -> Value {
        .object(CELObject(type: RuleEnvironment.entryType, values: [
            "id": .string("e1"), "phone": .string("+33612345678"), "first_name": .string("Camille"),
            "last_name": .string("Martin"), "email": .string(""), "party_size": .int(partySize),
            "requested": time(slots.first ?? "2025-01-18T18:30:00Z"), "slots": .list(slots.map(time)),
            "service": .string(service), "joined_at": time("2025-01-17T10:00:00Z"), "source": .string("phone"),
            "offers": .int(0), "declines": .int(0), "visits": .int(visits), "priority": .int(priority),
        ]))
    }

    static func slot(start: String, end: String, free: Int64, service: String = "dinner") -> Value {
        .object(CELObject(type: RuleEnvironment.slotType, values: [
            "start": time(start), "end": time(end), "service": .string(service), "resource": .string(""),
            "capacity": .int(40), "free": .int(free),
        ]))
    }

    static func evaluate(_ expression: CELExpression, _ variables: [String: Value]) throws -> Value {
        try CELProgram(expression.expr, environment: RuleEnvironment.cel).evaluate(variables)
    }

    @Test func bistrotMatchesOnTickedSlotsAndFreeCovers() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("bistrot.rules")).ruleSet)
        let entry = Self.entry(slots: ["2025-01-18T18:30:00Z"], partySize: 4)
        let now = Self.time("2025-01-18T12:00:00Z")
        let fits = Self.slot(start: "2025-01-18T18:30:00Z", end: "2025-01-18T19:00:00Z", free: 4)
        let tooSmall = Self.slot(start: "2025-01-18T18:30:00Z", end: "2025-01-18T19:00:00Z", free: 3)
        let otherTime = Self.slot(start: "2025-01-18T19:00:00Z", end: "2025-01-18T19:30:00Z", free: 10)
        #expect((try Self.evaluate(rules.match, ["entry": entry, "slot": fits, "now": now])).celEquals(.bool(true)))
        #expect((try Self.evaluate(rules.match, ["entry": entry, "slot": tooSmall, "now": now])).celEquals(.bool(false)))
        #expect((try Self.evaluate(rules.match, ["entry": entry, "slot": otherTime, "now": now])).celEquals(.bool(false)))
    }

    @Test func bistrotTimeoutShrinksNearTheSlot() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("bistrot.rules")).ruleSet)
        guard case .computed(let timeout) = rules.offers.timeout else {
            Issue.record("bistrot's timeout is computed")
            return
        }
        let entry = Self.entry(slots: ["2025-01-18T18:30:00Z"])
        let slot = Self.slot(start: "2025-01-18T18:30:00Z", end: "2025-01-18T19:00:00Z", free: 4)
        let farAway = try Self.evaluate(timeout, ["entry": entry, "slot": slot, "now": Self.time("2025-01-18T12:00:00Z")])
        #expect(farAway.celEquals(.duration(CELDuration(seconds: 15 * 60)!)))
        let close = try Self.evaluate(timeout, ["entry": entry, "slot": slot, "now": Self.time("2025-01-18T18:10:00Z")])
        #expect(close.celEquals(.duration(CELDuration(seconds: 5 * 60)!)))
    }

    @Test func bistrotManualBoostIsTenMinutesPerPoint() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("bistrot.rules")).ruleSet)
        guard case .expression(let amount)? = rules.priority.boosts.last?.amount else {
            Issue.record("the manual boost is computed")
            return
        }
        let entry = Self.entry(slots: [], priority: 3)
        let slot = Self.slot(start: "2025-01-18T18:30:00Z", end: "2025-01-18T19:00:00Z", free: 4)
        let value = try Self.evaluate(amount, ["entry": entry, "slot": slot, "now": Self.time("2025-01-18T12:00:00Z")])
        #expect(value.celEquals(.duration(CELDuration(seconds: 30 * 60)!)))
    }

    @Test func salonMatchesWithinHalfAnHourForTheSamePrestation() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("salon-elegance.rules")).ruleSet)
        let entry = Self.entry(slots: ["2025-01-18T10:00:00Z"], service: "coupe")
        let now = Self.time("2025-01-17T12:00:00Z")
        func matches(_ start: String, _ service: String) throws -> Value {
            let slot = Self.slot(start: start, end: start, free: 1, service: service)
            return try Self.evaluate(rules.match, ["entry": entry, "slot": slot, "now": now])
        }
        #expect((try matches("2025-01-18T10:30:00Z", "coupe")).celEquals(.bool(true)))
        #expect((try matches("2025-01-18T09:30:00Z", "coupe")).celEquals(.bool(true)))
        #expect((try matches("2025-01-18T10:45:00Z", "coupe")).celEquals(.bool(false)))
        #expect((try matches("2025-01-18T10:00:00Z", "couleur")).celEquals(.bool(false)))
    }

    @Test func defaultOrderIsTheJoiningTime() throws {
        let rules = try #require(RuleTestSupport.compile("").ruleSet)
        let entry = Self.entry(slots: [])
        let slot = Self.slot(start: "2025-01-18T18:30:00Z", end: "2025-01-18T19:00:00Z", free: 4)
        let key = try Self.evaluate(rules.priority.order, ["entry": entry, "slot": slot, "now": Self.time("2025-01-18T12:00:00Z")])
        #expect(key.celEquals(Self.time("2025-01-17T10:00:00Z")))
    }
}
