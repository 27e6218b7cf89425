import Testing
import RuleLang
@testable import Runtime

/// Freed-slot detection from two calendar states: a cancellation, a moved booking, a party
/// getting smaller, and the `from` / horizon window.
@Suite struct SlotFreedTests {
    static func friday(_ hour: Int, _ minute: Int) -> Instant { SlotFixtures.paris(2025, 1, 17, hour, minute) }

    /// A full Friday evening at the bistrot: 30 + 10 covers from 19:30 to 21:00.
    static let fullEvening = [
        BusyInterval(id: "dupont", start: friday(19, 30), end: friday(21, 0), units: 30),
        BusyInterval(id: "martin", start: friday(19, 30), end: friday(21, 0), units: 10),
        BusyInterval(id: "leroy", start: friday(21, 0), end: friday(22, 0), units: 4),
    ]

    static func describe(_ freed: [FreedSlot]) -> [String] {
        freed.map { "\(SlotFixtures.clock($0.slot.start)) \($0.freeBefore)→\($0.freeAfter)" }
    }

    @Test func cancellationFreesEverySlotTheBookingCovered() throws {
        let calendar = try SlotFixtures.bistrot()
        let after = Self.fullEvening.filter { $0.id != "martin" }
        let freed = calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(12, 0), horizon: .seconds(86_400))
        #expect(Self.describe(freed) == ["19:30 0→10", "20:00 0→10", "20:30 0→10"])
        #expect(freed.allSatisfy { $0.slot.key.service == "dinner" && $0.slot.capacity == 40 })
    }

    @Test func movedBookingFreesTheOldSlotsOnly() throws {
        let calendar = try SlotFixtures.bistrot()
        var after = Self.fullEvening
        after[2].start = Self.friday(19, 0)
        after[2].end = Self.friday(20, 0) // leroy moves from 21:00 to 19:00
        let freed = calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(12, 0), horizon: .seconds(86_400))
        #expect(Self.describe(freed) == ["21:00 36→40", "21:30 36→40"])
    }

    @Test func smallerPartyFreesCovers() throws {
        let calendar = try SlotFixtures.bistrot()
        var after = Self.fullEvening
        after[0].units = 26
        let freed = calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(12, 0), horizon: .seconds(86_400))
        #expect(Self.describe(freed) == ["19:30 0→4", "20:00 0→4", "20:30 0→4"])
        // A bigger party frees nothing; neither does an unchanged calendar.
        after[0].units = 34
        #expect(calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(12, 0), horizon: .seconds(86_400)).isEmpty)
        #expect(calendar.freedSlots(before: Self.fullEvening, after: Self.fullEvening.reversed(), from: Self.friday(12, 0), horizon: .seconds(86_400)).isEmpty)
    }

    @Test func overbookedSlotFreesNothingUntilBelowCapacity() throws {
        let calendar = try SlotFixtures.bistrot()
        let extra = BusyInterval(id: "walk-in", start: Self.friday(19, 30), end: Self.friday(20, 0), units: 8)
        // 48 covers at 19:30: removing the 8 extra leaves it full, so 19:30 is not freed.
        let freed = calendar.freedSlots(before: Self.fullEvening + [extra], after: Self.fullEvening, from: Self.friday(12, 0), horizon: .seconds(86_400))
        #expect(freed.isEmpty)
    }

    @Test func onlySlotsStartingInTheHorizonAreReported() throws {
        let calendar = try SlotFixtures.bistrot()
        let after = Self.fullEvening.filter { $0.id != "martin" }
        let fromTwenty = calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(20, 0), horizon: .seconds(3600))
        #expect(Self.describe(fromTwenty) == ["20:00 0→10", "20:30 0→10"])
        let fromHalfPast = calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(19, 45), horizon: .seconds(1800))
        #expect(Self.describe(fromHalfPast) == ["20:00 0→10"])
        #expect(calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(21, 0), horizon: .seconds(86_400)).isEmpty)
        #expect(calendar.freedSlots(before: Self.fullEvening, after: after, from: Self.friday(12, 0), horizon: .zero).isEmpty)
    }

    @Test func salonCancellationFreesOnlyThatHairdresser() throws {
        let calendar = try SlotFixtures.salon()
        let at = { (hour: Int, minute: Int) in SlotFixtures.paris(2025, 1, 15, hour, minute) }
        let before = [
            BusyInterval(id: "j1", start: at(10, 30), end: at(11, 15), resource: "julie"),
            BusyInterval(id: "m1", start: at(10, 30), end: at(11, 15), resource: "marc"),
        ]
        let freed = calendar.freedSlots(before: before, after: [before[1]], from: at(8, 0), horizon: .seconds(12 * 3600))
        #expect(freed.map { SlotFixtures.label($0.slot) } == [
            "2025-01-15 10:30 brushing/julie", "2025-01-15 10:30 couleur/julie", "2025-01-15 10:30 coupe/julie",
            "2025-01-15 11:00 brushing/julie",
        ])
        #expect(freed.allSatisfy { $0.freeBefore == 0 && $0.freeAfter == 1 })
    }

    @Test func establishmentWideClosureLiftedFreesEveryResource() throws {
        let calendar = try SlotFixtures.salon()
        let at = { (hour: Int, minute: Int) in SlotFixtures.paris(2025, 1, 15, hour, minute) }
        let closure = BusyInterval(id: "meeting", start: at(9, 0), end: at(9, 30))
        let freed = calendar.freedSlots(before: [closure], after: [], from: at(0, 0), horizon: .seconds(86_400))
        // Everything starting at 09:00 on the three hairdressers working on Wednesdays.
        #expect(freed.count == 7)
        #expect(Set(freed.map(\.slot.key.resource)) == ["julie", "marc", "sofia"])
    }

    @Test func ruleChangeRaisingCapacityOrOpeningADayFreesSlots() throws {
        let text = try String(contentsOf: SlotFixtures.repositoryRoot.appendingPathComponent("rules/bistrot.rules"), encoding: .utf8)
        let old = try SlotFixtures.bistrot()
        let bigger = try SlotCalendar(rules: SlotFixtures.compile(text.replacingOccurrences(of: "capacity = 40", with: "capacity = 44")))
        let friday = SlotFixtures.paris(2025, 1, 17)
        let raised = bigger.freedSlots(comparedTo: old, busy: Self.fullEvening, from: friday, horizon: .seconds(86_400))
        #expect(Self.describe(raised).prefix(2) == ["12:00 40→44", "12:30 40→44"])
        #expect(raised.count == 13)
        #expect(raised.first { SlotFixtures.clock($0.slot.start) == "19:30" }.map { ($0.freeBefore, $0.freeAfter) }! == (0, 4))
        // Reversed, nothing is freed; opening on Mondays frees Monday's slots from nothing.
        #expect(old.freedSlots(comparedTo: bigger, busy: Self.fullEvening, from: friday, horizon: .seconds(86_400)).isEmpty)
        let mondays = try SlotCalendar(rules: SlotFixtures.compile(text
            .replacingOccurrences(of: "closed = [mon, ", with: "closed = [")
            .replacingOccurrences(of: "days = [tue, wed, thu, fri, sat, sun]", with: "days = [mon, tue, wed, thu, fri, sat, sun]")))
        let monday = SlotFixtures.paris(2025, 1, 20)
        let opened = mondays.freedSlots(comparedTo: old, busy: [], from: monday, horizon: .seconds(86_400))
        #expect(Self.describe(opened) == ["12:00 0→40", "12:30 0→40", "13:00 0→40", "13:30 0→40", "14:00 0→40"])
    }
}
