/// What the engine does when the calendar refuses a booking a Oui made: the customer hears the
/// place is gone, the entry goes back in line for its other slots, and the place stays taken
/// until the calendar says otherwise.
import Testing
import RuleLang
@testable import Runtime

@Suite struct EngineBookingRefusalTests {
    typealias F = EngineFixture

    /// Two people wait for 19:30; the first says Oui, the calendar refuses (the front desk gave
    /// the table away by phone): `offer_taken`, back to waiting for 21:00, and 19:30 is not
    /// offered to the second person on the strength of a place that does not exist.
    @Test func refusalSendsOfferTakenAndReturnsToLine() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(21))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30), F.at(21)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 1))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21))]), at: F.at(18))
        let oui = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 1))
        #expect(oui.bookings.map(\.0) == [1])
        #expect(engine.status(1) == .confirmed)

        let refused = engine.handle(.bookingRefused(entryID: 1, reason: .slotTaken(detail: "3 of 3 places")), at: F.at(18, 1))
        #expect(refused.sms.map(\.1) == ["offer_taken"])
        #expect(refused.offeredEntries.isEmpty, "the place is taken in the calendar: nobody else is offered it")
        #expect(engine.status(1) == .waiting)
        #expect(engine.state.entry(1)?.refusedSlots == [F.at(19, 30)])
        #expect(engine.state.pendingBookings.isEmpty)
        #expect(engine.state.offers[0].outcome == .withdrawn)
        let line = try #require(engine.state.entry(1)?.history.last)
        #expect(line.code == .bookingRefused(slot: F.at(19, 30), reason: .slotTaken(detail: "3 of 3 places"), then: .waits))

        // The calendar's next read shows who holds 19:30: the stand-in goes, nothing is freed.
        let truth = engine.handle(.calendarChanged(busy: [F.booking("phone", F.at(19, 30)), F.booking("b2", F.at(21))]), at: F.at(18, 2))
        #expect(truth.offeredEntries.isEmpty)
        #expect(!engine.state.busy.contains { $0.id.hasPrefix(EngineEffect.refusedBookingIDPrefix) })
        // When that booking is cancelled after all, the second person gets 19:30.
        let freed = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21))]), at: F.at(18, 3))
        #expect(freed.offeredEntries == [2])
    }

    /// An entry whose only chosen slot was refused closes as expired, with the same SMS.
    @Test func refusalOfTheOnlySlotCloses() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        _ = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 1))
        let refused = engine.handle(.bookingRefused(entryID: 1, reason: .writeFailed(detail: "gave up")), at: F.at(18, 5))
        #expect(refused.sms.map(\.1) == ["offer_taken"])
        #expect(engine.status(1) == .expired)
    }

    /// A refusal for an entry without a pending booking changes nothing but a note; so does a
    /// second refusal for the same booking.
    @Test func refusalWithoutPendingBookingIsANote() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        let waiting = engine.handle(.bookingRefused(entryID: 1, reason: .slotTaken(detail: "x")), at: F.at(17, 1))
        #expect(waiting.sms.isEmpty)
        #expect(engine.status(1) == .waiting)
        let unknown = engine.handle(.bookingRefused(entryID: 42, reason: .slotTaken(detail: "x")), at: F.at(17, 2))
        #expect(unknown.sms.isEmpty)
        #expect(engine.state.journal.last?.code == .bookingRefusalIgnored(entryID: 42))

        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        _ = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 1))
        _ = engine.handle(.bookingRefused(entryID: 1, reason: .slotTaken(detail: "x")), at: F.at(18, 2))
        let again = engine.handle(.bookingRefused(entryID: 1, reason: .slotTaken(detail: "x")), at: F.at(18, 3))
        #expect(again.sms.isEmpty)
    }

    /// Broadcast: two Oui for two places; the calendar refuses one (a phone booking took a
    /// place). The other keeps its booking; the refused one is told and waits for 21:00.
    @Test func broadcastRefusalKeepsTheOtherBooking() throws {
        var engine = try WaitlistEngine(rules: F.rules(capacity: 2, offers: "strategy = broadcast"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30), units: 2), F.booking("b2", F.at(21), units: 2)]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30), F.at(21)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 1))
        let freed = engine.handle(.calendarChanged(busy: [F.booking("b2", F.at(21), units: 2)]), at: F.at(18))
        #expect(freed.offeredEntries == [1, 2])
        _ = engine.handle(.reply(offerToken: "b.1", accept: true), at: F.at(18, 1))
        _ = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 1))
        #expect(engine.status(1) == .confirmed && engine.status(2) == .confirmed)
        let refused = engine.handle(.bookingRefused(entryID: 1, reason: .slotTaken(detail: "2 of 2")), at: F.at(18, 2))
        #expect(refused.sms.map(\.1) == ["offer_taken"])
        #expect(engine.status(1) == .waiting)
        #expect(engine.status(2) == .confirmed)
        #expect(engine.state.pendingBookings.map(\.id) == [EngineEffect.bookingID(for: 2)])
    }
}
