/// `SlotCalendar+BookingLength`: when a booking made on a slot ends, and which slots it
/// needs room in.
import Testing
import RuleLang
@testable import Runtime

@Suite struct SlotBookingLengthTests {
    typealias F = EngineFixture

    static func calendar(_ slots: String) throws -> SlotCalendar {
        let text = "establishment {\n  timezone = \"Europe/Paris\"\n}\nslots {\n\(slots)\n}\n"
        let compilation = RuleCompiler.compile(SourceFile(name: "slots.rules", text: text))
        return try SlotCalendar(rules: try #require(compilation.ruleSet, "\(compilation.diagnostics.map(\.message))"))
    }

    /// Its own slot, then the later ones of its service before it ends; the service's last
    /// slot covers itself only (the evening ends there), though the booking lasts 1h30.
    @Test func slotsCoveredStopAtTheBookingEndAndTheServiceEnd() throws {
        let calendar = try Self.calendar("  booking_length = 1h30m\n  service dinner {\n    hours = 19:00-23:00\n  }")
        let at1930 = try #require(calendar.slot(startingAt: F.at(19, 30)))
        #expect(calendar.slotsCovered(byBookingOn: at1930).map(\.start) == [F.at(19, 30), F.at(20), F.at(20, 30)])
        #expect(calendar.bookingEnd(of: at1930.key, slotEnd: at1930.end) == F.at(21))
        let last = try #require(calendar.slot(startingAt: F.at(22, 30)))
        #expect(calendar.slotsCovered(byBookingOn: last).map(\.start) == [F.at(22, 30)])
        #expect(calendar.bookingEnd(of: last.key, slotEnd: last.end) == F.at(0, dayOffset: 1))
    }

    /// Unset, a booking is its slot; a booking length that is not a multiple of the slot
    /// still covers every slot it overlaps.
    @Test func defaultIsOneSlotAndPartialSlotsCount() throws {
        let oneSlot = try Self.calendar("  service dinner {\n    hours = 19:00-23:00\n  }")
        let plain = try #require(oneSlot.slot(startingAt: F.at(19, 30)))
        #expect(oneSlot.slotsCovered(byBookingOn: plain) == [plain])
        #expect(oneSlot.bookingEnd(of: plain.key, slotEnd: plain.end) == plain.end)
        let partial = try Self.calendar("  service dinner {\n    hours = 19:00-23:00\n    booking_length = 45m\n  }")
        let slot = try #require(partial.slot(startingAt: F.at(19, 30)))
        #expect(partial.slotsCovered(byBookingOn: slot).map(\.start) == [F.at(19, 30), F.at(20)])
    }

    /// With resources, a booking needs room on its own resource only.
    @Test func coveredSlotsStayOnTheBookingsResource() throws {
        let calendar = try Self.calendar("""
              booking_length = 1h
              service coupe {
                hours = 09:00-12:00
              }
              resource julie {
              }
              resource marc {
              }
            """)
        let julie = try #require(calendar.slots(from: F.at(10), to: F.at(10, 1)).first { $0.key.resource == "julie" })
        #expect(calendar.slotsCovered(byBookingOn: julie).map { "\($0.key.resource) \($0.start == F.at(10) ? "10:00" : "10:30")" }
                == ["julie 10:00", "julie 10:30"])
    }
}
