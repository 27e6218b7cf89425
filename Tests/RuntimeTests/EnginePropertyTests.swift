/// Invariants of the engine over seeded random event streams: capacity is never
/// exceeded, sequential offers one slot to one person at a time, every entry ends in a
/// final state, STOP is final, and the same events always give the same effects.
import Testing
import RuleLang
@testable import Runtime

/// The engine property tests' generator: SplitMix64 offset by one step, as first written.
struct SeededGenerator: RandomNumberGenerator {
    private var base: SplitMix64
    init(seed: UInt64) { base = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15) }
    mutating func next() -> UInt64 { base.next() }
}

/// One simulated evening: the engine, the calendar it books into, and checks after each step.
struct EngineSimulation {
    typealias F = EngineFixture
    var engine: WaitlistEngine
    var random: SeededGenerator
    var busy: [BusyInterval] = []
    var log: [EngineEffect] = []
    var stopped: Set<String> = []
    let capacity: Int
    let strategy: RuleSet.OfferStrategy
    let starts = (0..<8).map { F.at(19 + $0 / 2, ($0 % 2) * 30) }
    var failures: [String] = []

    init(seed: Int) throws {
        random = SeededGenerator(seed: UInt64(seed))
        capacity = Int.random(in: 1...3, using: &random)
        strategy = RuleSet.OfferStrategy.allCases.randomElement(using: &random)!
        let quiet = Bool.random(using: &random) ? "quiet_hours = 14:00-15:00\n" : ""
        engine = try WaitlistEngine(rules: F.rules(capacity: capacity,
            offers: "\(quiet)strategy = \(strategy.rawValue)\nbroadcast_before = 1h\nmax_offers_per_entry = 2"))
        // The evening starts full.
        for (index, start) in starts.enumerated() {
            busy.append(BusyInterval(id: "ext-\(index)", start: start, end: start + .seconds(1800), units: capacity))
        }
    }

    /// Applies an event; due timers have fired already (see `run`), as the calendar the
    /// test changes must not change under timers the engine fires for an earlier time.
    mutating func apply(_ event: EngineEvent, at now: Instant) {
        if case .stop(let phone) = event { stopped.insert(phone) }
        absorb(engine.handle(event, at: now))
    }

    /// Carries out effects like the service would: bookings land in the calendar.
    mutating func absorb(_ effects: [EngineEffect]) {
        for effect in effects {
            log.append(effect)
            switch effect {
            case let .createBooking(slot, end, entryID, units):
                busy.append(BusyInterval(id: EngineEffect.bookingID(for: entryID), start: slot.start, end: end, units: units))
            case let .sendSMS(phone, template, _, _):
                if stopped.contains(phone) { failures.append("\(template) SMS to \(phone) after STOP") }
            default: break
            }
        }
        check()
    }

    mutating func check() {
        for start in starts {
            let used = busy.filter { $0.start == start }.reduce(0) { $0 + $1.units }
            if used > capacity { failures.append("slot \(start) booked \(used) > \(capacity)") }
        }
        if strategy == .sequential {
            let open = engine.state.offers.filter { $0.outcome == .open }
            if Set(open.map(\.slot)).count != open.count { failures.append("two open offers for one slot") }
        }
    }

    /// A random evening of about 60 events from 12:00 to 19:40.
    mutating func run() {
        var now = F.at(12)
        var tokens = 0
        apply(.calendarChanged(busy: busy), at: now)
        for _ in 0..<60 {
            now = now + .seconds(Int64(Int.random(in: 0...900, using: &random)))
            guard now < F.at(19, 40) else { break }
            absorb(engine.advance(to: now))
            let phone = "+336000000\(Int.random(in: 10...15, using: &random))"
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<20:
                tokens += 1
                apply(.trigger(phone: phone, requestedStart: starts.randomElement(using: &random)!, source: "phone", token: "t\(tokens)"), at: now)
            case 20..<40:
                let invited = engine.state.entries.filter { $0.status == .invited }
                guard let entry = invited.randomElement(using: &random) else { continue }
                let chosen = starts.filter { _ in Bool.random(using: &random) } + [entry.requested]
                apply(.formSubmitted(token: entry.token, firstName: "A", lastName: "B", email: "",
                                     partySize: Int.random(in: 1...2, using: &random), slots: chosen), at: now)
            case 40..<60:
                if !busy.isEmpty && Bool.random(using: &random) {
                    busy.remove(at: Int.random(in: 0..<busy.count, using: &random))
                } else if let start = starts.randomElement(using: &random) {
                    let used = busy.filter { $0.start == start }.reduce(0) { $0 + $1.units }
                    if used < capacity {
                        busy.append(BusyInterval(id: "walk-in-\(log.count)", start: start, end: start + .seconds(1800)))
                    }
                }
                apply(.calendarChanged(busy: busy), at: now)
            case 60..<85:
                guard let offer = engine.state.offers.randomElement(using: &random) else { continue }
                apply(.reply(offerToken: offer.token, accept: Bool.random(using: &random)), at: now)
            case 85..<90:
                apply(.stop(phone: phone), at: now)
            case 90..<93:
                apply(.entryDeleted(entryID: Int.random(in: 1...max(1, engine.state.entries.count), using: &random), by: "staff"), at: now)
            default:
                apply(.manualNotify(entryID: Int.random(in: 1...max(1, engine.state.entries.count), using: &random),
                                    slotStart: starts.randomElement(using: &random)!, by: "staff"), at: now)
            }
        }
        absorb(engine.advance(to: F.at(12, dayOffset: 3)))
    }
}

@Suite struct EnginePropertyTests {
    typealias F = EngineFixture

    @Test(arguments: 0..<100)
    func randomEveningKeepsInvariants(seed: Int) throws {
        var simulation = try EngineSimulation(seed: seed)
        simulation.run()
        #expect(simulation.failures == [], "seed \(seed)")
        let open = simulation.engine.state.entries.filter { !$0.status.isFinal }
        #expect(open.isEmpty, "seed \(seed): entries not final: \(open.map { "\($0.id) \($0.status)" })")
        #expect(simulation.engine.state.timers.isEmpty, "seed \(seed)")
    }

    @Test(arguments: 0..<100)
    func sameEventsSameEffects(seed: Int) throws {
        var first = try EngineSimulation(seed: seed)
        var second = try EngineSimulation(seed: seed)
        first.run()
        second.run()
        #expect(first.log == second.log)
        #expect(first.engine.state == second.engine.state)
    }

    /// Sequential offers of one slot follow the rule's order: here last name, then signup.
    @Test(arguments: 0..<20)
    func offersFollowPriorityOrder(seed: Int) throws {
        var random = SeededGenerator(seed: UInt64(seed))
        let extra = "priority {\n  order = entry.last_name\n}"
        var engine = try WaitlistEngine(rules: F.rules(offers: "timeout = 5m", extra: extra))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(21))]), at: F.at(12))
        let names = (0..<8).map { _ in ["Durand", "Bernard", "Petit", "Moreau", "Leroy"].randomElement(using: &random)! }
        for (index, name) in names.enumerated() {
            engine.join("+3360000\(index)", token: "t\(index)", slots: [F.at(21)], lastName: name, at: F.at(13, index))
        }
        var offered = engine.handle(.calendarChanged(busy: []), at: F.at(14)).offeredEntries
        offered += engine.advance(to: F.at(20)).offeredEntries
        let expected = names.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }.map { $0.offset + 1 }
        #expect(offered == expected)
    }
}
