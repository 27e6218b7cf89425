import RuleLang

/// CEL evaluation cost of representative rule expressions, next to the same logic
/// written by hand in Swift over plain structs. The ratio is the figure: how much the
/// "behaviour is data" choice costs per decision.
enum ExpressionBenchmarks {
    /// The engine's view of an entry, as a hand-written engine would hold it.
    struct NativeEntry {
        var partySize: Int64
        var slots: [Int64]
        var joinedAt: Int64
        var visits: Int64
    }

    struct NativeSlot {
        var start: Int64
        var free: Int64
    }

    struct Case: Sendable {
        var name: String
        var expression: String
        var native: @Sendable (NativeEntry, NativeSlot, Int64) -> Bool
    }

    static let cases: [Case] = [
        Case(name: "match: chosen slot and party size",
             expression: "slot.start in entry.slots && entry.party_size <= slot.free",
             native: { entry, slot, _ in entry.slots.contains(slot.start) && entry.partySize <= slot.free }),
        Case(name: "match: 15 min tolerance (exists macro)",
             expression: "entry.slots.exists(s, s >= slot.start - duration('15m') && s <= slot.start + duration('15m'))",
             native: { entry, slot, _ in entry.slots.contains { $0 >= slot.start - 900 && $0 <= slot.start + 900 } }),
        Case(name: "boost: regular customer",
             expression: "entry.visits >= 5",
             native: { entry, _, _ in entry.visits >= 5 }),
        Case(name: "timeout: min(15m, (slot - now) / 4) > 5m",
             expression: "min(duration('15m'), (slot.start - now) / 4) > duration('5m')",
             native: { _, slot, now in min(900, (slot.start - now) / 4) > 300 }),
    ]

    struct Result {
        var name: String
        var celNanoseconds: Double
        var nativeNanoseconds: Double
    }

    /// Times every case, or only those whose name contains `filter`.
    static func run(iterations: Int, only filter: String? = nil) -> [Result] {
        let now: Int64 = 1_737_200_000 // 2025-01-18T11:33:20Z
        let slotStart = now + 8 * 3600
        let chosen = [slotStart - 1800, slotStart, slotStart + 1800]
        let native = NativeEntry(partySize: 2, slots: chosen, joinedAt: now - 3600, visits: 6)
        let nativeSlot = NativeSlot(start: slotStart, free: 4)

        func timestamp(_ seconds: Int64) -> Value { .timestamp(CELTimestamp(seconds: seconds)!) }
        let entryFields: [String: Value] = [
            "id": .string("e1"), "phone": .string("+33612345678"), "first_name": .string("Camille"),
            "last_name": .string("Martin"), "email": .string(""), "party_size": .int(2),
            "requested": timestamp(slotStart), "slots": .list(chosen.map(timestamp)), "service": .string("dinner"),
            "joined_at": timestamp(now - 3600), "source": .string("voice_agent"), "offers": .int(0),
            "declines": .int(0), "visits": .int(6), "priority": .int(0),
        ]
        let slotFields: [String: Value] = [
            "start": timestamp(slotStart), "end": timestamp(slotStart + 1800), "service": .string("dinner"),
            "resource": .string(""), "capacity": .int(4), "free": .int(4),
        ]
        let entry = Value.object(CELObject(type: RuleEnvironment.entryType,
                                           fields: RuleEnvironment.entryType.fields.map { entryFields[$0.name] ?? .null }))
        let slot = Value.object(CELObject(type: RuleEnvironment.slotType,
                                          fields: RuleEnvironment.slotType.fields.map { slotFields[$0.name] ?? .null }))

        var results: [Result] = []
        for benchmark in cases where filter.map(benchmark.name.contains) ?? true {
            let (_, parsed) = CELParser.parse(benchmark.expression)
            guard let expr = parsed.expr, let program = try? CELProgram(expr, environment: RuleEnvironment.cel) else {
                fatalError("benchmark expression does not compile: \(benchmark.expression)")
            }
            var activation = program.makeActivation()
            if let index = program.slot(for: "entry") { activation[index] = entry }
            if let index = program.slot(for: "slot") { activation[index] = slot }
            if let index = program.slot(for: "now") { activation[index] = timestamp(now) }
            let celExpected = (try? program.evaluate(activation)).flatMap { value -> Bool? in
                if case .bool(let flag) = value { return flag }
                return nil
            }
            guard celExpected == benchmark.native(native, nativeSlot, now) else {
                fatalError("CEL and native disagree on \(benchmark.name)")
            }
            let celTime = Stopwatch.nanosecondsPerCall(iterations: iterations) {
                blackHole(try? program.evaluate(activation))
            }
            let nativeTime = Stopwatch.nanosecondsPerCall(iterations: iterations) {
                blackHole(benchmark.native(native, nativeSlot, now))
            }
            results.append(Result(name: benchmark.name, celNanoseconds: celTime, nativeNanoseconds: nativeTime))
        }
        return results
    }
}
