/// Section 3 of `make bench`: what one freed slot costs against a large waitlist. The
/// engine finds the candidates through its waiting index, evaluates the rule's `match`
/// (CEL) for each and orders them by `priority`; the baseline makes the same selection
/// by hand in Swift over plain structs, scanning every entry as a naive engine would.
/// The "first match" rows time what an offer in turn needs: the best entry that matches
/// (`firstCandidate`, walking the index kept in priority order), against a hand-written
/// scan for the same entry (one pass, keeping the smallest key).
import RuleLang
@_spi(Bench) import Runtime

enum MatchingBenchmarks {
    /// How the waiting entries' chosen slots are spread.
    enum Spread: String, CaseIterable {
        /// Everyone chose the freed slot (and one other that evening): the index cannot help.
        case sameEvening = "same evening"
        /// Two adjacent slots of one evening among 365: the common case.
        case year = "365 days"
    }

    /// One waiting entry as a hand-written engine would hold it.
    struct PlainEntry {
        var id: Int
        var slots: [Int64]
        var partySize: Int
        var joinedAt: Int64
        var visits: Int
    }

    struct Result {
        var spread: Spread
        var entries: Int
        var candidates: Int
        var matched: Int
        var engineNanoseconds: Double
        var nativeNanoseconds: Double
        var firstEngineNanoseconds: Double
        var firstNativeNanoseconds: Double
        var loadSeconds: Double
    }

    static let now = EngineBench.at(day: 0, 10)

    static func run(sizes: [Int]) -> [Result] {
        var results: [Result] = []
        for spread in Spread.allCases {
            for size in sizes { results.append(measure(spread, entries: size)) }
        }
        return results
    }

    static func measure(_ spread: Spread, entries size: Int) -> Result {
        let freedDay = spread == .sameEvening ? 17 : 180
        let freedStart = EngineBench.at(day: freedDay, 20)
        let joins = generate(spread, count: size, freedStart: freedStart)

        // The freed slot has 4 covers left: parties of 5 and 6 do not match.
        var engine = try! WaitlistEngine(rules: EngineBench.rules)
        _ = engine.handle(.calendarChanged(busy: [BusyInterval(id: "ext", start: freedStart, end: freedStart + .seconds(1800),
                                                               resource: "", units: 12)]), at: now)
        let clock = ContinuousClock()
        let load = clock.measure { engine.bulkLoadWaiting(joins, at: now) }
        let calendar = try! SlotCalendar(rules: EngineBench.rules)
        guard let slot = calendar.slot(startingAt: freedStart) else { fatalError("no slot at the freed start") }
        let free = 4

        let plain = joins.enumerated().map { index, join in
            PlainEntry(id: index + 1, slots: join.slots.map(\.seconds), partySize: join.partySize,
                       joinedAt: join.joinedAt.seconds, visits: 0)
        }
        let native = { () -> [Int] in
            var keyed: [(key: Int64, id: Int)] = []
            for entry in plain where entry.slots.contains(slot.start.seconds) && entry.partySize <= free {
                keyed.append((entry.joinedAt - (entry.visits >= 5 ? 1800 : 0), entry.id))
            }
            return keyed.sorted { ($0.key, $0.id) < ($1.key, $1.id) }.map(\.id)
        }

        let nativeFirst = { () -> Int? in
            var best: (key: Int64, id: Int)?
            for entry in plain where entry.slots.contains(slot.start.seconds) && entry.partySize <= free {
                let key = (key: entry.joinedAt - (entry.visits >= 5 ? 1800 : 0), id: entry.id)
                if let current = best, current <= key { continue }
                best = key
            }
            return best?.id
        }

        let expected = native()
        let ranked = engine.candidates(for: slot)
        guard ranked == expected else {
            fatalError("engine and hand-written selection disagree (\(ranked.count) vs \(expected.count) entries)")
        }
        let first = engine.firstCandidate(for: slot)
        guard first == expected.first, first == nativeFirst() else {
            fatalError("engine and hand-written first match disagree (\(String(describing: first)) vs \(String(describing: nativeFirst())))")
        }
        let candidates = joins.reduce(0) { $0 + ($1.slots.contains(freedStart) ? 1 : 0) }
        return Result(spread: spread, entries: size, candidates: candidates, matched: ranked.count,
                      engineNanoseconds: timePerCall { blackHole(engine.candidates(for: slot)) },
                      nativeNanoseconds: timePerCall { blackHole(native()) },
                      firstEngineNanoseconds: timePerCall { blackHole(engine.firstCandidate(for: slot)) },
                      firstNativeNanoseconds: timePerCall { blackHole(nativeFirst()) },
                      loadSeconds: Double(load.nanoseconds) / 1e9)
    }

    /// Waiting entries with unique phones, parties of 1 to 6, signed up one second apart.
    static func generate(_ spread: Spread, count: Int, freedStart: Instant) -> [BulkJoin] {
        var random = SplitMix64(seed: UInt64(count) &* 31 &+ (spread == .year ? 1 : 0))
        return (0..<count).map { index in
            let slots: [Instant]
            switch spread {
            case .sameEvening:
                let other = EngineBench.eveningStarts(day: 17).filter { $0 != freedStart }.randomElement(using: &random)!
                slots = [freedStart, other]
            case .year:
                let day = Int.random(in: 1...365, using: &random)
                let first = Int.random(in: 0..<7, using: &random)
                slots = Array(EngineBench.eveningStarts(day: day)[first...first + 1])
            }
            return BulkJoin(phone: "+336\(10_000_000 + index)", token: "t\(index)", partySize: Int.random(in: 1...6, using: &random),
                            slots: slots, joinedAt: now - .seconds(Int64(count - index)))
        }
    }

    /// Nanoseconds per call: enough calls to last about 0.2 s, best of up to 3 rounds
    /// (a single call when one already takes longer than 0.5 s).
    static func timePerCall(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let once = Double(clock.measure(body).nanoseconds)
        if once > 500_000_000 { return once }
        let iterations = max(1, Int(200_000_000 / max(once, 1)))
        return min(once, Stopwatch.nanosecondsPerCall(iterations: iterations, rounds: 3, body))
    }
}

/// Section 3: one freed slot against 10k, 100k and 1M waiting entries.
func benchmarkMatching() {
    print("3. Matching one freed slot against a waitlist: candidates + CEL match + priority order (time per freed slot)")
    print("   baseline: the same selection by hand in Swift over plain structs (scan every entry, filter, sort)")
    print("   first match: the entry an offer in turn goes to (engine: index in priority order, stop at the first match;")
    print("   baseline: one hand-written scan of every entry keeping the smallest key)")
    let matchSizes = BenchReport.quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]
    let matching = MatchingBenchmarks.run(sizes: matchSizes)
    for result in matching {
        let label = "\(thousands(result.entries)) entries, \(result.spread.rawValue)".padding(toLength: 28, withPad: " ", startingAt: 0)
        let counts = "\(result.candidates) chose it, \(result.matched) match".padding(toLength: 30, withPad: " ", startingAt: 0)
        print("   \(label) \(counts) engine \(duration(result.engineNanoseconds))   Swift \(duration(result.nativeNanoseconds))   ratio \(format(result.engineNanoseconds / result.nativeNanoseconds, decimals: 2))x")
        let first = "\(thousands(result.entries)) entries, \(result.spread.rawValue), first match".padding(toLength: 59, withPad: " ", startingAt: 0)
        print("   \(first) engine \(duration(result.firstEngineNanoseconds))   Swift \(duration(result.firstNativeNanoseconds))   ratio \(format(result.firstEngineNanoseconds / result.firstNativeNanoseconds, decimals: 4))x")
    }
    for spread in MatchingBenchmarks.Spread.allCases {
        let rows = matching.filter { $0.spread == spread }
        guard rows.count == 3 else { continue }
        print("   growth, \(spread.rawValue): engine 100k/10k \(format(rows[1].engineNanoseconds / rows[0].engineNanoseconds))x, 1M/100k \(format(rows[2].engineNanoseconds / rows[1].engineNanoseconds))x;  Swift scan 100k/10k \(format(rows[1].nativeNanoseconds / rows[0].nativeNanoseconds))x, 1M/100k \(format(rows[2].nativeNanoseconds / rows[1].nativeNanoseconds))x")
    }
    if let largest = matching.last(where: { $0.entries == 1_000_000 }) {
        print("   (loading 1M waiting entries through the bench-only bulk path: \(format(largest.loadSeconds, decimals: 2)) s)")
    }
    print("")
}
