/// The rule's `match` decides who gets a freed slot among the waiting entries that chose a
/// start on the slot's local day: a tolerance reaches neighbouring slots, the default stays
/// on the ticked starts, and a `match` can turn people away (here by party size).
import Testing
import RuleLang
@testable import Runtime

@Suite struct EngineMatchTests {
    typealias F = EngineFixture

    /// Every dinner slot of Saturday (and Sunday) full, `units` taken in each.
    static func fullEvenings(units: Int = 1) -> [BusyInterval] {
        (0..<2).flatMap { day in
            (0..<8).map { F.booking("full-\(day)-\($0)", F.at(19 + $0 / 2, ($0 % 2) * 30, dayOffset: day), units: units) }
        }
    }

    /// The same, with the slot at `start` free again.
    static func fullEvenings(units: Int = 1, except start: Instant) -> [BusyInterval] {
        fullEvenings(units: units).filter { $0.start != start }
    }

    static func matching(_ match: String) -> String {
        "matching {\n  match = \(match)\n}"
    }

    static let tolerance = "entry.slots.exists(s, s >= slot.start - duration('30m') && s <= slot.start + duration('30m'))"

    @Test func toleranceMatchOffersANeighbouringSlot() throws {
        var engine = try WaitlistEngine(rules: F.rules(extra: Self.matching(Self.tolerance)))
        _ = engine.handle(.calendarChanged(busy: Self.fullEvenings()), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(20)], at: F.at(13))
        let slot = try #require(engine.programs.calendar.slot(startingAt: F.at(19, 30)))
        let far = try #require(engine.programs.calendar.slot(startingAt: F.at(21)))
        #expect(engine.candidates(for: slot) == [1])
        #expect(engine.candidates(for: far).isEmpty)

        let freed = engine.handle(.calendarChanged(busy: Self.fullEvenings(except: F.at(19, 30))), at: F.at(14))
        #expect(freed.offeredEntries == [1])
        #expect(engine.state.offers.map(\.slot.start) == [F.at(19, 30)])
        #expect(freed.smsTexts.last!.contains("samedi 18 janvier à 19h30"))
    }

    @Test func exactStartMatchDoesNotOfferANeighbouringSlot() throws {
        var engine = try WaitlistEngine(rules: F.rules(extra: Self.matching("slot.start in entry.slots")))
        _ = engine.handle(.calendarChanged(busy: Self.fullEvenings()), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(20)], at: F.at(13))
        let slot = try #require(engine.programs.calendar.slot(startingAt: F.at(19, 30)))
        #expect(engine.candidates(for: slot).isEmpty)

        let neighbour = engine.handle(.calendarChanged(busy: Self.fullEvenings(except: F.at(19, 30))), at: F.at(14))
        #expect(neighbour.offeredEntries.isEmpty)
        #expect(engine.status(1) == .waiting)

        let ticked = engine.handle(.calendarChanged(busy: Self.fullEvenings(except: F.at(20))), at: F.at(15))
        #expect(ticked.offeredEntries == [1])
        #expect(engine.state.offers.map(\.slot.start) == [F.at(20)])
    }

    /// While the slot is full nobody is a candidate, yet the queue (what the dashboard shows
    /// as the place in line) already has everyone who chose it, in offer order.
    @Test func queueOfAFullSlotIsTheOrderItWouldBeOfferedIn() throws {
        var engine = try WaitlistEngine(rules: F.rules(extra: Self.matching("slot.start in entry.slots && entry.party_size <= slot.free")))
        _ = engine.handle(.calendarChanged(busy: Self.fullEvenings()), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(20)], at: F.at(13))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(13, 1))
        engine.join("+33600000003", token: "c", slots: [F.at(20)], at: F.at(13, 2))
        let slot = try #require(engine.programs.calendar.slot(startingAt: F.at(20)))
        #expect(engine.candidates(for: slot).isEmpty)
        #expect(engine.queue(for: slot) == [1, 3])

        let freed = engine.handle(.calendarChanged(busy: Self.fullEvenings(except: F.at(20))), at: F.at(14))
        #expect(freed.offeredEntries == [1])
    }

    /// `match` turns the party of four away, so the party of two, who ticked another start
    /// that evening, gets the freed 20:00 (this `match` ignores starts altogether).
    @Test func matchRejectsByPartySize() throws {
        var engine = try WaitlistEngine(rules: F.rules(capacity: 4, extra: Self.matching("entry.party_size <= 2")))
        _ = engine.handle(.calendarChanged(busy: Self.fullEvenings(units: 4)), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(20)], party: 4, at: F.at(13))
        engine.join("+33600000002", token: "b", slots: [F.at(21)], party: 2, at: F.at(13, 1))
        let slot = try #require(engine.programs.calendar.slot(startingAt: F.at(20)))
        #expect(engine.candidates(for: slot) == [2])

        let freed = engine.handle(.calendarChanged(busy: Self.fullEvenings(units: 4, except: F.at(20))), at: F.at(14))
        #expect(freed.offeredEntries == [2])
        #expect(engine.status(1) == .waiting)
    }

    /// Even `match = true` stays on the days the entry chose: Sunday's waiting entry is
    /// not offered Saturday's slot.
    @Test func candidatesStayOnTheChosenDay() throws {
        var engine = try WaitlistEngine(rules: F.rules(extra: Self.matching("true")))
        _ = engine.handle(.calendarChanged(busy: Self.fullEvenings()), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(20, dayOffset: 1)], at: F.at(13))
        let saturday = try #require(engine.programs.calendar.slot(startingAt: F.at(22)))
        let sunday = try #require(engine.programs.calendar.slot(startingAt: F.at(22, dayOffset: 1)))
        #expect(engine.candidates(for: saturday).isEmpty)
        #expect(engine.candidates(for: sunday) == [1])

        let freed = engine.handle(.calendarChanged(busy: Self.fullEvenings(except: F.at(22))), at: F.at(14))
        #expect(freed.offeredEntries.isEmpty)
    }
}
