/// The waiting index must always say what a scan of every entry would, by start and by
/// local day: checked after every event of seeded random evenings, including rule reloads
/// and a clock going back.
import Testing
import RuleLang
@testable import Runtime

extension WaitlistEngine {
    /// Starts offerable to someone and who, by scanning every entry (the engine before the index).
    func scannedWanted() -> [Instant: [Int]] {
        var wanted: [Instant: [Int]] = [:]
        for entry in state.entries where entry.status == .waiting && canBeOfferedAgain(entry.id) {
            for start in offerableSlots(of: entry.id) { wanted[start, default: []].append(entry.id) }
        }
        return wanted
    }

    /// The index's view of the same.
    func indexedWanted() -> [Instant: [Int]] {
        Dictionary(uniqueKeysWithValues: index.wantedStarts.map { ($0, index.waiting(at: $0)) })
    }

    /// Local days with an offerable start and whose, by scanning every entry.
    func scannedWantedDays() -> [Int64: [Int]] {
        var days: [Int64: Set<Int>] = [:]
        for entry in state.entries where entry.status == .waiting && canBeOfferedAgain(entry.id) {
            for start in offerableSlots(of: entry.id) { days[programs.zone.local(start).epochDay, default: []].insert(entry.id) }
        }
        return days.mapValues { $0.sorted() }
    }

    /// The index's view of the same.
    func indexedWantedDays() -> [Int64: [Int]] {
        Dictionary(uniqueKeysWithValues: index.wantedDays.map { ($0, index.waiting(onDay: $0)) })
    }

    /// Whether the live index holds exactly what an index rebuilt from the state at the last
    /// event's time would: every bucket and day count, tokens and phones.
    func indexEqualsRebuilt() -> Bool {
        let rebuilt = EngineIndex(state: state, now: now, stopBefore: rules.offers.stopBefore, zone: programs.zone)
        return index.waitingByStart == rebuilt.waitingByStart && index.waitingByDay == rebuilt.waitingByDay
            && index.entryByToken == rebuilt.entryByToken && index.entriesByPhone == rebuilt.entriesByPhone
            && offerAndTimerIndexesEqual(rebuilt)
    }

    /// Whether the offer and timer lookups and the sorted day queues of the live index say
    /// what `rebuilt` and a scan of the state say.
    func offerAndTimerIndexesEqual(_ rebuilt: EngineIndex) -> Bool {
        var lastByToken: [String: Int] = [:]
        for position in state.offers.indices { lastByToken[state.offers[position].token] = position }
        let scannedOpen = state.offers.indices.filter { state.offers[$0].outcome == .open }
        let sortedDays = index.waitingByDay.mapValues { $0.keys.sorted() }
        return index.offerByToken == lastByToken && rebuilt.offerByToken == lastByToken
            && index.openOffers == scannedOpen && rebuilt.openOffers == scannedOpen
            && index.offersByEntry == rebuilt.offersByEntry
            && index.timerByID == rebuilt.timerByID && index.timerByID.count == state.timers.count
            && index.waitingIDsByDay == sortedDays && rebuilt.waitingIDsByDay == sortedDays
    }
}

@Suite struct EngineIndexTests {
    typealias F = EngineFixture

    /// A seeded random evening: joins, cancellations, replies, reloads, a clock going back
    /// and deletions, with `check` run after every event. `picksStart` decides, from the
    /// generator, whether a join ticks each start (so each test keeps its own stream).
    /// With `resubmits`, half the form events submit the form of an existing entry again
    /// (any status, a party size that may be refused); without, the random stream is the
    /// one the original walk drew.
    static func randomWalk(seed: Int, starts: [Instant], steps: Int, maxGap: Int, extra: String = "",
                           resubmits: Bool = false,
                           picksStart: (inout SeededGenerator) -> Bool,
                           check: (WaitlistEngine, Int) -> Void) throws {
        var random = SeededGenerator(seed: UInt64(seed))
        var engine = try WaitlistEngine(rules: F.rules(capacity: 2, offers: "max_offers_per_entry = 2", extra: extra))
        var busy = starts.enumerated().map { F.booking("ext-\($0.offset)", $0.element, units: 2) }
        var now = F.at(12)
        _ = engine.handle(.calendarChanged(busy: busy), at: now)
        for step in 0..<steps {
            now = now + .seconds(Int64(Int.random(in: 0...maxGap, using: &random)))
            _ = engine.advance(to: now)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<30:
                let chosen = starts.filter { _ in picksStart(&random) } + [starts.randomElement(using: &random)!]
                if resubmits, !engine.state.entries.isEmpty, Bool.random(using: &random) {
                    let entry = engine.state.entries.randomElement(using: &random)!
                    _ = engine.handle(.formSubmitted(token: entry.token, firstName: "Léo", lastName: "Martin", email: "",
                                                     partySize: Int.random(in: 0...2, using: &random), slots: chosen), at: now)
                    break
                }
                engine.join("+336000000\(Int.random(in: 10...14, using: &random))", token: "t\(step)", slots: chosen,
                            party: Int.random(in: 1...2, using: &random), at: now)
            case 30..<55:
                if !busy.isEmpty { busy.remove(at: Int.random(in: 0..<busy.count, using: &random)) }
                _ = engine.handle(.calendarChanged(busy: busy), at: now)
            case 55..<80:
                if let offer = engine.state.offers.randomElement(using: &random) {
                    _ = engine.handle(.reply(offerToken: offer.token, accept: Bool.random(using: &random)), at: now)
                }
            case 80..<85:
                _ = engine.handle(.rulesReloaded(F.rules(capacity: 2, offers: "stop_before = 1h\nmax_offers_per_entry = 1",
                                                         extra: extra)), at: now)
            case 85..<90:
                now = now - .seconds(1800) // a clock going back: the index must rebuild
                _ = engine.handle(.stop(phone: "+33600000099"), at: now)
            default:
                _ = engine.handle(.entryDeleted(entryID: Int.random(in: 1...max(1, engine.state.entries.count), using: &random),
                                                by: "staff"), at: now)
            }
            check(engine, step)
        }
    }

    @Test(arguments: 0..<30)
    func indexMatchesAFullScanAfterEveryEvent(seed: Int) throws {
        let starts = (0..<8).map { F.at(19 + $0 / 2, ($0 % 2) * 30) }
        try Self.randomWalk(seed: seed, starts: starts, steps: 80, maxGap: 600,
                            picksStart: { Bool.random(using: &$0) }) { engine, step in
            #expect(engine.indexedWanted() == engine.scannedWanted(), "seed \(seed), step \(step)")
        }
    }

    /// The same over two evenings with a ±30 min tolerance `match`, so offers and refusals
    /// also concern starts nobody ticked; the day index is checked as well.
    @Test(arguments: 0..<30)
    func dayIndexMatchesAFullScanAfterEveryEvent(seed: Int) throws {
        let starts = (0..<16).map { F.at(19 + ($0 % 8) / 2, ($0 % 2) * 30, dayOffset: $0 / 8) }
        let matching = "matching {\n  match = entry.slots.exists(s, s >= slot.start - duration('30m') && s <= slot.start + duration('30m'))\n}"
        try Self.randomWalk(seed: seed, starts: starts, steps: 120, maxGap: 900, extra: matching,
                            picksStart: { Int.random(in: 0..<4, using: &$0) == 0 }) { engine, step in
            #expect(engine.indexedWanted() == engine.scannedWanted(), "seed \(seed), step \(step)")
            #expect(engine.indexedWantedDays() == engine.scannedWantedDays(), "seed \(seed), step \(step)")
        }
    }

    /// The offer, timer and sorted-day lookups (what replaced scans of every offer and timer)
    /// after every event of the same random evenings, against a rebuild and a scan.
    @Test(arguments: 0..<20)
    func offerAndTimerLookupsMatchAScanAfterEveryEvent(seed: Int) throws {
        let starts = (0..<16).map { F.at(19 + ($0 % 8) / 2, ($0 % 2) * 30, dayOffset: $0 / 8) }
        try Self.randomWalk(seed: seed, starts: starts, steps: 120, maxGap: 900, resubmits: true,
                            picksStart: { Int.random(in: 0..<3, using: &$0) == 0 }) { engine, step in
            let rebuilt = EngineIndex(state: engine.state, now: engine.now, stopBefore: engine.rules.offers.stopBefore,
                                      zone: engine.zone)
            let agrees = engine.offerAndTimerIndexesEqual(rebuilt) // a bare Bool: a failure must not print the engine
            #expect(agrees, "seed \(seed), step \(step)")
        }
    }

    /// `candidates(for:)` ranks by the rule's order, then signup, among entries that chose the slot.
    @Test func candidatesFollowPriorityAmongThoseWhoChoseTheSlot() throws {
        let extra = "priority {\n  order = entry.last_name\n}"
        var engine = try WaitlistEngine(rules: F.rules(extra: extra))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(21)), F.booking("b2", F.at(20))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(21)], lastName: "Petit", at: F.at(13))
        engine.join("+33600000002", token: "b", slots: [F.at(20)], lastName: "Bernard", at: F.at(13, 1))
        engine.join("+33600000003", token: "c", slots: [F.at(20), F.at(21)], lastName: "Durand", at: F.at(13, 2))
        engine.join("+33600000004", token: "d", slots: [F.at(21)], lastName: "Durand", at: F.at(13, 3))
        let slot = try #require(engine.programs.calendar.slot(startingAt: F.at(21)))
        #expect(engine.candidates(for: slot) == [3, 4, 1])
    }
}
