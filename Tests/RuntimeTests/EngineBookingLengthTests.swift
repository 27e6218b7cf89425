/// `booking_length`: the waitlist's own bookings occupy their places for the service's
/// booking length, exactly as the restaurant's bookings occupy every slot they overlap, and
/// a slot is offered only when the whole booking fits.
import Testing
import RuleLang
@testable import Runtime

@Suite struct EngineBookingLengthTests {
    typealias F = EngineFixture

    /// Dinner 19:00-23:00 in 30-minute slots whose bookings last `bookingLength`.
    static func rules(capacity: Int, bookingLength: String?) throws -> RuleSet {
        let text = """
        establishment {
          timezone = "Europe/Paris"
        }
        slots {
          length = 30m
          capacity = \(capacity)
          \(bookingLength.map { "booking_length = \($0)" } ?? "")
          service dinner {
            hours = 19:00-23:00
          }
        }
        matching {
          match = slot.start in entry.slots && entry.party_size <= slot.free
        }
        offers {
          quiet_hours = none
          stop_before = 30m
          timeout = 15m
        }
        """
        let compilation = RuleCompiler.compile(SourceFile(name: "longtables.rules", text: text))
        return try #require(compilation.ruleSet, "\(compilation.diagnostics.map(\.message))")
    }

    func free(_ engine: WaitlistEngine, _ hour: Int, _ minute: Int) throws -> Int {
        engine.freePlaces(in: try #require(engine.slot(startingAt: F.at(hour, minute))))
    }

    /// After a waitlist booking at 19:30 lasting 1h30, 20:00 and 20:30 have one place less;
    /// 19:00 and 21:00 are untouched, and the booking asks the calendar for 19:30-21:00.
    @Test func aWaitlistBookingOccupiesEverySlotOfItsLength() throws {
        var engine = try WaitlistEngine(rules: try Self.rules(capacity: 2, bookingLength: "1h30m"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("t1", F.at(19, 30)), F.booking("t2", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        let freed = engine.handle(.calendarChanged(busy: [F.booking("t1", F.at(19, 30))]), at: F.at(18))
        #expect(freed.offeredEntries == [1])
        let oui = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 1))
        let booking = try #require(oui.first { if case .createBooking = $0 { true } else { false } })
        guard case let .createBooking(slot, end, _, _) = booking else { return }
        #expect(slot.start == F.at(19, 30))
        #expect(end == F.at(21), "1h30 from 19:30")
        #expect(engine.state.pendingBookings.map(\.end) == [F.at(21)])
        #expect(try free(engine, 19, 0) == 2)
        #expect(try free(engine, 19, 30) == 0)
        #expect(try free(engine, 20, 0) == 1)
        #expect(try free(engine, 20, 30) == 1)
        #expect(try free(engine, 21, 0) == 2)
        // The calendar reports the booking back with the same extent: nothing moves.
        _ = engine.handle(.calendarChanged(busy: [F.booking("t1", F.at(19, 30)),
                                                  BusyInterval(id: EngineEffect.bookingID(for: 1), start: F.at(19, 30), end: F.at(21))]),
                          at: F.at(18, 2))
        #expect(engine.state.pendingBookings.isEmpty)
        #expect(try free(engine, 20, 30) == 1)
        #expect(try free(engine, 21, 0) == 2)
    }

    /// Without `booking_length` a booking lasts one slot, as before.
    @Test func withoutABookingLengthABookingLastsOneSlot() throws {
        var engine = try WaitlistEngine(rules: try Self.rules(capacity: 1, bookingLength: nil))
        _ = engine.handle(.calendarChanged(busy: [F.booking("t1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        let oui = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 1))
        #expect(oui.contains { if case let .createBooking(_, end, _, _) = $0 { end == F.at(20) } else { false } })
        #expect(try free(engine, 20, 0) == 1)
    }

    /// A 1h30 booking at 19:30 needs room at 20:00 and 20:30 too: while 20:30 is full the
    /// freed 19:30 is not offered; once 20:30 frees, it is.
    @Test func noOfferWhileALaterSlotOfTheBookingIsFull() throws {
        var engine = try WaitlistEngine(rules: try Self.rules(capacity: 1, bookingLength: "1h30m"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("t1", F.at(19, 30)), F.booking("t2", F.at(20, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        let first = engine.handle(.calendarChanged(busy: [F.booking("t2", F.at(20, 30))]), at: F.at(18))
        #expect(first.offeredEntries.isEmpty, "19:30 is free but the table is booked again at 20:30")
        let slot = try #require(engine.slot(startingAt: F.at(19, 30)))
        #expect(engine.freePlaces(in: slot) == 1, "the slot itself shows its free place")
        #expect(engine.candidates(for: slot).isEmpty)
        #expect(engine.manualOfferSlots(entryID: 1).first { $0.slot.start == F.at(19, 30) }?.free == 0)
        let second = engine.handle(.calendarChanged(busy: []), at: F.at(18, 5))
        #expect(second.offeredEntries == [1])
    }

    /// The party must fit in every slot of the booking: two free places at 19:30 but one at
    /// 20:00 is no offer for a party of two.
    @Test func thePartyMustFitAcrossTheWholeBooking() throws {
        var engine = try WaitlistEngine(rules: try Self.rules(capacity: 2, bookingLength: "1h"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("t1", F.at(19, 30), units: 2), F.booking("t2", F.at(20), units: 1)]),
                          at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], party: 2, at: F.at(17))
        let freed = engine.handle(.calendarChanged(busy: [F.booking("t2", F.at(20), units: 1)]), at: F.at(18))
        #expect(freed.offeredEntries.isEmpty)
        #expect(engine.handle(.calendarChanged(busy: []), at: F.at(18, 1)).offeredEntries == [1])
    }

    /// Oui books only if the whole booking still fits: a table booked at 20:00 while the
    /// 19:30 offer was open makes the Oui lose (`offer_taken`), with no booking.
    @Test func ouiLosesWhenALaterSlotFilledMeanwhile() throws {
        var engine = try WaitlistEngine(rules: try Self.rules(capacity: 1, bookingLength: "1h30m"))
        _ = engine.handle(.calendarChanged(busy: [F.booking("t1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        #expect(engine.handle(.calendarChanged(busy: []), at: F.at(18)).offeredEntries == [1])
        _ = engine.handle(.calendarChanged(busy: [F.booking("phone", F.at(20))]), at: F.at(18, 1))
        let oui = engine.handle(.reply(offerToken: "a.1", accept: true), at: F.at(18, 2))
        #expect(oui.bookings.isEmpty)
        #expect(oui.sms.map(\.1).contains("offer_taken"))
    }
}
