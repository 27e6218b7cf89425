/// Submitting the waitlist form again: a waiting customer changes their choices and keeps
/// their place in line; an open offer, a final entry, an expired link or a bad party size
/// refuse the new form and change nothing but the history.
import Testing
import RuleLang
@testable import Runtime

@Suite struct EngineFormUpdateTests {
    typealias F = EngineFixture

    /// The form submitted again for link `token`.
    static func resubmit(_ token: String, slots: [Instant], party: Int = 2, firstName: String = "Léo",
                         email: String = "leo@example.fr") -> EngineEvent {
        .formSubmitted(token: token, firstName: firstName, lastName: "Durand", email: email, partySize: party, slots: slots)
    }

    /// Whether the effects carry a history note for entry `id` whose reason starts with `text`.
    static func hasNote(_ effects: [EngineEffect], _ id: Int, _ text: String) -> Bool {
        effects.contains {
            if case .history(id, let line) = $0 { return line.to == nil && line.reason.hasPrefix(text) } else { return false }
        }
    }

    @Test func waitingEntryTakesTheNewFormAndKeepsWhatTheEngineLearnt() throws {
        var engine = try WaitlistEngine(rules: F.rules(offers: "max_offers_per_entry = 3"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(20)),
                                                  F.booking("b3", F.at(21))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30), F.at(20)], at: F.at(13))
        // One offer of 19:30 left unanswered: 19:30 is refused and one offer is spent.
        _ = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(20)), F.booking("b3", F.at(21))]), at: F.at(14))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1b", F.at(19, 30)), F.booking("b2", F.at(20)),
                                                  F.booking("b3", F.at(21))]), at: F.at(14, 1))
        _ = engine.advance(to: F.at(14, 30))
        engine.state.entries[0].manualPriority = 4
        let before = try #require(engine.state.entry(1))
        #expect(before.status == .waiting && before.refusedSlots == [F.at(19, 30)] && before.offerCount == 1)

        let effects = engine.handle(Self.resubmit("a", slots: [F.at(21), F.at(19, 30), F.at(21)], party: 3), at: F.at(15))
        let after = try #require(engine.state.entry(1))
        #expect(after.status == .waiting)
        #expect(after.form == EntryForm(firstName: "Léo", lastName: "Durand", email: "leo@example.fr", partySize: 3,
                                        slots: [F.at(19, 30), F.at(21)], joinedAt: F.at(13)))
        #expect(after.refusedSlots == before.refusedSlots && after.offerCount == 1 && after.manualPriority == 4)
        #expect(after.history.count == before.history.count + 1)
        #expect(after.history.last == HistoryLine(at: F.at(15), from: nil, to: nil,
                                                  reason: "waitlist form updated: samedi 18 janvier 19:30, samedi 18 janvier 21:00, party of 3",
                                                  code: .formUpdated(slots: [F.at(19, 30), F.at(21)], party: 3)))
        #expect(effects.sms.isEmpty)
        // Filed under 21:00 only: 20:00 was dropped, 19:30 is refused.
        #expect(engine.indexedWanted() == [F.at(21): [1]])
        #expect(engine.indexEqualsRebuilt())
    }

    @Test func updatingKeepsThePlaceInLine() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(20)), F.booking("b2", F.at(21))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(21)], at: F.at(13))
        engine.join("+33600000002", token: "b", slots: [F.at(20)], at: F.at(13, 1))
        _ = engine.handle(Self.resubmit("a", slots: [F.at(20)], party: 1), at: F.at(13, 5))
        let freed = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21))]), at: F.at(14))
        // Entry 1 joined at 13:00, before entry 2: `priority.order = entry.joined_at` still says so.
        #expect(freed.offeredEntries == [1])
    }

    @Test func aNewlyChosenFreeSlotIsOfferedAtOnce() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(13))
        #expect(engine.status(1) == .waiting)
        let effects = engine.handle(Self.resubmit("a", slots: [F.at(19, 30), F.at(20)], party: 1), at: F.at(13, 5))
        #expect(effects.offeredEntries == [1])
        #expect(engine.status(1) == .offered)
        #expect(engine.state.offers.last?.slot.start == F.at(20))
    }

    @Test func newStartsGetTheirSlotClosingTimerOnce() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(22))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(13))
        let effects = engine.handle(Self.resubmit("a", slots: [F.at(19, 30), F.at(22)]), at: F.at(13, 5))
        #expect(effects.contains(.scheduleTimer(id: .slotClosing(F.at(22)), at: F.at(21, 30))))
        #expect(!effects.contains { if case .scheduleTimer(.slotClosing(F.at(19, 30)), _) = $0 { return true } else { return false } })
        #expect(engine.state.timers.filter { $0.id == .slotClosing(F.at(22)) }.count == 1)
        // Dropping 19:30 leaves its timer: harmless, the sweep it triggers finds nobody there.
        _ = engine.handle(Self.resubmit("a", slots: [F.at(22)]), at: F.at(13, 10))
        _ = engine.advance(to: F.at(19))
        #expect(engine.status(1) == .waiting)
        #expect(engine.indexedWanted() == [F.at(22): [1]])
    }

    @Test func noNewStartLeftExpiresTheEntry() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(22))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(22)], at: F.at(13))
        let effects = engine.handle(Self.resubmit("a", slots: [F.at(19), F.at(20)]), at: F.at(20, 45))
        #expect(Self.hasNote(effects, 1, "waitlist form updated: samedi 18 janvier 19:00, samedi 18 janvier 20:00"))
        #expect(engine.status(1) == .expired)
        #expect(engine.state.entry(1)!.history.last!.reason == "none of the chosen slots can still be offered")
        #expect(engine.indexedWanted().isEmpty)
        #expect(engine.indexEqualsRebuilt())
    }

    /// A refused form changes nothing but the history: state before and after are equal
    /// once the one new history line is set aside.
    @Test(arguments: [(party: 0, hour: 14, reason: "waitlist form refused: party size 0 is not a positive number"),
                      (party: 2, hour: 18, reason: "waitlist form refused: the link expired")])
    func refusedUpdateChangesNothing(party: Int, hour: Int, reason: String) throws {
        var engine = try WaitlistEngine(rules: F.rules(extra: "link {\n  lifetime = 4h\n}"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(21))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(21)], at: F.at(13))
        let before = engine.state
        let effects = engine.handle(Self.resubmit("a", slots: [F.at(20)], party: party), at: F.at(hour))
        #expect(effects.count == 1 && Self.hasNote(effects, 1, reason))
        var after = engine.state
        after.entries[0].history.removeLast()
        #expect(after == before)
        #expect(engine.indexedWanted() == [F.at(21): [1]])
    }

    @Test func anOpenOfferMustBeAnsweredFirst() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(21))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30), F.at(21)], at: F.at(13))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21))]), at: F.at(14))
        #expect(engine.status(1) == .offered)
        let before = engine.state
        let effects = engine.handle(Self.resubmit("a", slots: [F.at(20)], party: 4), at: F.at(14, 2))
        #expect(effects.count == 1)
        #expect(Self.hasNote(effects, 1, "waitlist form submitted again while an offer is open: ignored"))
        var after = engine.state
        after.entries[0].history.removeLast()
        #expect(after == before)
    }

    @Test(arguments: [EntryStatus.confirmed, .declined, .expired, .removed])
    func finalEntriesIgnoreTheForm(status: EntryStatus) throws {
        var engine = try WaitlistEngine(rules: F.rules(offers: "max_offers_per_entry = 1"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(12))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(13))
        switch status {
        case .confirmed, .declined:
            _ = engine.handle(.calendarChanged(busy: []), at: F.at(14))
            _ = engine.handle(.reply(offerToken: "a.1", accept: status == .confirmed), at: F.at(14, 1))
        case .expired:
            _ = engine.advance(to: F.at(19, 10))
        default:
            _ = engine.handle(.entryDeleted(entryID: 1, by: "manager"), at: F.at(14))
        }
        #expect(engine.status(1) == status)
        let before = engine.state
        let effects = engine.handle(Self.resubmit("a", slots: [F.at(21)]), at: F.at(19, 15))
        #expect(effects.count == 1)
        #expect(Self.hasNote(effects, 1, "waitlist form submitted again while \(status.rawValue): ignored"))
        var after = engine.state
        after.entries[0].history.removeLast()
        #expect(after == before)
    }

    @Test func unknownLinkIsJournaled() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        let effects = engine.handle(Self.resubmit("nope", slots: [F.at(21)]), at: F.at(15))
        #expect(effects.count == 1)
        #expect(engine.state.journal.last?.reason == "waitlist form with an unknown link refused")
    }

    /// Seeded random evenings where half the form events submit an existing entry's form
    /// again: after every event the live index equals one rebuilt from the state, and a
    /// full scan agrees by start and by day. Reuses the index tests' random walk.
    @Test(arguments: 0..<30)
    func indexStaysEqualToARebuiltOneUnderResubmissions(seed: Int) throws {
        let starts = (0..<16).map { F.at(19 + ($0 % 8) / 2, ($0 % 2) * 30, dayOffset: $0 / 8) }
        try EngineIndexTests.randomWalk(seed: seed, starts: starts, steps: 120, maxGap: 900, resubmits: true,
                                        picksStart: { Int.random(in: 0..<3, using: &$0) == 0 }) { engine, step in
            let rebuiltAgrees = engine.indexEqualsRebuilt() // a bare Bool: a failure must not print the whole engine
            #expect(rebuiltAgrees, "seed \(seed), step \(step)")
            #expect(engine.indexedWanted() == engine.scannedWanted(), "seed \(seed), step \(step)")
            #expect(engine.indexedWantedDays() == engine.scannedWantedDays(), "seed \(seed), step \(step)")
        }
    }
}
