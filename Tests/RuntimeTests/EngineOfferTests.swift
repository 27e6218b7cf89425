/// Example tests of the engine's rules, one behaviour each, on small inline rule files.
import Testing
import RuleLang
@testable import Runtime

@Suite struct EngineOfferTests {
    typealias F = EngineFixture

    /// A full 19:30, two people waiting, a cancellation: offers go one at a time in signup
    /// order; Non passes to the next; Oui books.
    @Test func sequentialNonThenOui() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        let first = engine.handle(.trigger(phone: "+33600000001", requestedStart: F.at(19, 30), source: "phone", token: "a"), at: F.at(17))
        #expect(first.sms.map(\.1) == ["initial"])
        #expect(first.smsTexts[0].contains("https://app.speedai.io/waitlist/a"))
        _ = engine.handle(.formSubmitted(token: "a", firstName: "Léa", lastName: "Martin", email: "", partySize: 1,
                                         slots: [F.at(19, 30)]), at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 5))
        #expect(engine.status(1) == .waiting && engine.status(2) == .waiting)

        let freed = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        #expect(freed.offeredEntries == [1])
        #expect(freed.smsTexts.last!.contains("Une place s’est libérée pour samedi 18 janvier à 19h30."))
        #expect(freed.smsTexts.last!.contains("https://app.speedai.io/o/a.1/oui"))
        #expect(freed.contains(.scheduleTimer(id: .offerExpiry("a.1"), at: F.at(18, 15))))

        let non = engine.handle(.reply(offerToken: "a.1", accept: false), at: F.at(18, 2))
        #expect(non.sms.map(\.1) == ["declined", "offer"])
        #expect(non.offeredEntries == [2])
        #expect(engine.status(1) == .declined)

        let oui = engine.handle(.reply(offerToken: "b.1", accept: true), at: F.at(18, 3))
        #expect(oui.bookings.map(\.0) == [2])
        #expect(oui.smsTexts.contains { $0.contains("C’est confirmé\u{202F}: votre réservation du samedi 18 janvier à 19h30 chez Chez Test") })
        #expect(engine.status(2) == .confirmed)
        #expect(engine.nextTimerDue != nil) // slot-closing timers remain
    }

    /// A stale calendar copy (issue 13): while the service says so, no offer goes out, even on a
    /// Non that would pass the slot on; the event that says the copy is fresh again dispatches.
    @Test func staleCalendarHoldsOffers() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 5))
        #expect(engine.handle(.calendarChanged(busy: []), at: F.at(18)).offeredEntries == [1])

        let held = engine.handle(.calendarHealth(stale: true), at: F.at(18, 1))
        #expect(engine.state.calendarStale == true)
        #expect(held.contains { if case .history(nil, let line) = $0 { line.code == .calendarStale } else { false } })
        let non = engine.handle(.reply(offerToken: "a.1", accept: false), at: F.at(18, 2))
        #expect(non.offeredEntries.isEmpty, "no offer on a stale copy")
        #expect(engine.handle(.calendarHealth(stale: true), at: F.at(18, 3)).isEmpty, "no change, no journal line")

        let resumed = engine.handle(.calendarHealth(stale: false), at: F.at(18, 4))
        #expect(resumed.offeredEntries == [2])
        #expect(engine.state.calendarStale == nil)
    }

    /// Silence: the offer expires, the `expired` SMS goes out, the next in line gets it; an
    /// entry with another chosen slot goes back to waiting.
    @Test func timeoutPassesToNextAndKeepsOtherSlots() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(21))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30), F.at(21)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 1))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21))]), at: F.at(18))
        let expiry = engine.advance(to: F.at(18, 15))
        #expect(expiry.sms.map(\.1) == ["expired", "offer"])
        #expect(expiry.offeredEntries == [2])
        #expect(engine.status(1) == .waiting)
        // Entry 1 is not offered 19:30 again; it still waits for 21:00.
        _ = engine.handle(.reply(offerToken: "b.1", accept: false), at: F.at(18, 16))
        #expect(engine.status(2) == .declined)
        #expect(engine.state.offers.filter { $0.entryID == 1 }.count == 1)
    }

    /// Broadcast: everyone matching gets the offer; the first Oui wins, the second gets
    /// `offer_taken`, and capacity is never exceeded.
    @Test func broadcastFirstOuiWins() throws {
        var engine = try WaitlistEngine(rules: F.rules(offers: "strategy = broadcast"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 1))
        let freed = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        #expect(freed.offeredEntries == [1, 2])
        let second = engine.handle(.reply(offerToken: "b.1", accept: true), at: F.at(18, 1))
        #expect(second.bookings.map(\.0) == [2])
        #expect(engine.status(1) == .expired) // withdrawn, no other slot
        let first = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 2))
        #expect(first.sms.map(\.1) == ["offer_taken"])
        #expect(first.bookings.isEmpty)
    }

    /// Hybrid: in turn while the slot is far, broadcast once it is within `broadcast_before`.
    @Test func hybridSwitchesToBroadcast() throws {
        var engine = try WaitlistEngine(rules: F.rules(offers: "strategy = hybrid\nbroadcast_before = 1h\ntimeout = 2h"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(21))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(21)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(21)], at: F.at(17, 1))
        let freed = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        #expect(freed.offeredEntries == [1])
        let switched = engine.advance(to: F.at(20))
        #expect(switched.offeredEntries == [2])
        #expect(engine.state.offers.last?.broadcast == true)
    }

    /// Quiet hours: a cancellation at 23:10 waits until 08:00 for its offer.
    @Test func quietHoursDelayOffers() throws {
        var engine = try WaitlistEngine(rules: F.rules(offers: "quiet_hours = 22:00-08:00"))
        let tomorrow = F.at(19, 30, dayOffset: 1)
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", tomorrow)]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [tomorrow], at: F.at(17))
        let night = engine.handle(.calendarChanged(busy: []), at: F.at(23, 10))
        #expect(night.offeredEntries.isEmpty)
        #expect(engine.nextTimerDue == F.at(8, dayOffset: 1))
        let morning = engine.advance(to: F.at(8, dayOffset: 1))
        #expect(morning.offeredEntries == [1])
    }

    /// Stop-before: no offer for a slot starting within it, and the entry expires.
    @Test func stopBeforeBlocksLateOffers() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        let late = engine.handle(.calendarChanged(busy: []), at: F.at(19, 5))
        #expect(late.offeredEntries.isEmpty)
        #expect(engine.status(1) == .expired)
    }

    /// A computed timeout is clamped to the slot start minus stop-before.
    @Test func computedTimeoutIsClamped() throws {
        var engine = try WaitlistEngine(rules: F.rules(offers: "timeout = duration('2h')"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        #expect(engine.state.offers[0].expiresAt == F.at(19))
    }

    /// Priority: a boost moves a later big party ahead; ties go by signup order.
    @Test func boostReordersOffers() throws {
        let extra = """
        priority {
          order = entry.joined_at
          boost big {
            when = entry.party_size >= 4
            by = 1h
          }
        }
        """
        var engine = try WaitlistEngine(rules: F.rules(capacity: 10, extra: extra))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30), units: 10)]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], party: 2, at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], party: 4, at: F.at(17, 30))
        let freed = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30), units: 5)]), at: F.at(18))
        #expect(freed.offeredEntries == [2])
    }

    /// Oui after the offer expired and the slot went to the next person: `offer_taken`.
    @Test func lateOuiAfterSlotTaken() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 1))
        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        _ = engine.advance(to: F.at(18, 15))
        _ = engine.handle(.reply(offerToken: "b.1", accept: true), at: F.at(18, 16))
        let late = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 17))
        #expect(late.sms.map(\.1) == ["offer_taken"])
        #expect(engine.status(1) == .expired)
        #expect(engine.state.entry(1)!.history.last!.reason.contains("late Oui"))
    }

    /// Oui after expiry while the slot is still free and unoffered: booked after all.
    @Test func lateOuiStillFreeIsBooked() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(21))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30), F.at(21)], at: F.at(17))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21))]), at: F.at(18))
        _ = engine.advance(to: F.at(18, 15))
        let late = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 20))
        #expect(late.bookings.map(\.0) == [1])
        #expect(engine.status(1) == .confirmed)
    }

    /// Confirming closes the same person's other entries for that evening.
    @Test func confirmationClosesSamePersonsOtherEntries() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(21))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        engine.join("+33600000001", token: "c", slots: [F.at(21)], at: F.at(17, 2))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21))]), at: F.at(18))
        let oui = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 1))
        #expect(engine.status(1) == .confirmed)
        #expect(engine.status(2) == .removed)
        #expect(oui.sms.map(\.1) == ["confirmed"])
    }

    /// Max offers per entry: after the last allowed offer ends, the entry is closed.
    @Test func maxOffersPerEntry() throws {
        var engine = try WaitlistEngine(rules: F.rules(offers: "max_offers_per_entry = 1"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(21))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30), F.at(21)], at: F.at(17))
        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        _ = engine.handle(.reply(offerToken: "a.1", accept: false), at: F.at(18, 1))
        #expect(engine.status(1) == .declined)
        #expect(engine.state.offers.count == 1)
    }
}
