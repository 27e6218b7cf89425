import Testing
import RuleLang
@testable import Runtime

/// The public page's alternatives: snapping, stepping, distance, count and order, full
/// slots included, and what a request outside every window gets.
@Suite struct SlotAlternativesTests {
    static func clocks(_ alternatives: [Alternative]) -> [String] {
        alternatives.map { SlotFixtures.clock($0.slot.start) }
    }

    @Test func bistrotDinnerNearestFirstThenChronological() throws {
        let calendar = try SlotFixtures.bistrot()
        let alternatives = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 20, 0), busy: [])
        #expect(Self.clocks(alternatives) == ["19:30", "20:30", "19:00", "21:00"])
        #expect(alternatives.allSatisfy { $0.free == 40 && $0.slot.key.service == "dinner" })
    }

    @Test func requestBetweenSlotBoundariesSnapsToTheSlotHoldingIt() throws {
        let calendar = try SlotFixtures.bistrot()
        let snapped = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 20, 10), busy: [])
        #expect(Self.clocks(snapped) == ["19:30", "20:30", "19:00", "21:00"])
        // 22:45 is in the last slot (22:30); nothing after it, so only earlier ones.
        let late = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 22, 45), busy: [])
        #expect(Self.clocks(late) == ["22:00", "21:30", "21:00"])
    }

    @Test func lunchNeverProposesDinnerWhenSameService() throws {
        let calendar = try SlotFixtures.bistrot()
        let alternatives = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 12, 0), busy: [])
        #expect(Self.clocks(alternatives) == ["12:30", "13:00", "13:30"])
    }

    @Test func fullSlotsAreIncludedWithTheirFreeCapacity() throws {
        let calendar = try SlotFixtures.bistrot()
        let at = { (hour: Int, minute: Int) in SlotFixtures.paris(2025, 1, 17, hour, minute) }
        let busy = [
            BusyInterval(id: "big", start: at(19, 30), end: at(21, 0), units: 40),
            BusyInterval(id: "small", start: at(20, 30), end: at(22, 0), units: 6),
        ]
        let alternatives = calendar.alternatives(for: at(20, 0), busy: busy)
        #expect(Self.clocks(alternatives) == ["19:30", "20:30", "19:00", "21:00"])
        #expect(alternatives.map(\.free) == [0, 0, 40, 34])
    }

    @Test func requestBetweenServicesIsAnchoredOnTheNearestSlot() throws {
        let calendar = try SlotFixtures.bistrot()
        // 16:00: the last lunch slot (14:00) is 2 h away, dinner (19:00) 3 h: lunch wins,
        // and its 14:00 slot is proposed too since nothing bookable was asked for.
        let afternoon = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 16, 0), busy: [])
        #expect(Self.clocks(afternoon) == ["14:00", "13:30", "13:00", "12:30"])
        let evening = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 17, 45), busy: [])
        #expect(Self.clocks(evening) == ["19:00", "19:30", "20:00", "20:30"])
    }

    @Test func requestOnAClosedDayIsAnchoredOnTheNearestOpenDay() throws {
        let calendar = try SlotFixtures.bistrot()
        // Monday 20 January (closed): Tuesday's 12:00 (16 h away) is nearer than Sunday's 14:00.
        let monday = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 20, 20, 0), busy: [])
        #expect(monday.map { SlotFixtures.label($0.slot) } == [
            "2025-01-21 12:00 lunch", "2025-01-21 12:30 lunch", "2025-01-21 13:00 lunch", "2025-01-21 13:30 lunch",
        ])
        // Christmas morning: the evening before (22:30, 9 h 30 away) is nearer than Friday's lunch.
        let christmas = calendar.alternatives(for: SlotFixtures.paris(2025, 12, 25, 8, 0), busy: [])
        #expect(christmas.map { SlotFixtures.label($0.slot) } == [
            "2025-12-24 22:30 dinner", "2025-12-24 22:00 dinner", "2025-12-24 21:30 dinner", "2025-12-24 21:00 dinner",
        ])
        // Christmas evening: Friday's lunch (16 h away) is nearer than the evening before.
        let evening = calendar.alternatives(for: SlotFixtures.paris(2025, 12, 25, 20, 0), busy: [])
        #expect(evening.first.map { SlotFixtures.label($0.slot) } == "2025-12-26 12:00 lunch")
    }

    static func bistrot(alternatives: String) throws -> SlotCalendar {
        let text = try String(contentsOf: SlotFixtures.repositoryRoot.appendingPathComponent("rules/bistrot.rules"), encoding: .utf8)
        let start = try #require(text.range(of: "alternatives {"))
        let end = try #require(text.range(of: "}", range: start.upperBound..<text.endIndex))
        return try SlotCalendar(rules: SlotFixtures.compile(text.replacingCharacters(in: start.lowerBound..<end.upperBound, with: alternatives)))
    }

    @Test func anyServiceOfTheDayWhenNotSameService() throws {
        let calendar = try Self.bistrot(alternatives: """
            alternatives {
              same_service = false
              step = 30m
              max_distance = 6h
              max_count = 12
            }
            """)
        let alternatives = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 14, 0), busy: [])
        #expect(Self.clocks(alternatives) == ["13:30", "13:00", "12:30", "12:00", "19:00", "19:30", "20:00"])
    }

    /// From 20:00 within 1h30m: every visited time is replaced by the slot holding it. With
    /// 45m steps, 19:15 lies in the 19:00 slot, 20:45 in 20:30, 21:30 is a slot, 18:30 is
    /// before dinner.
    @Test(arguments: [("15m", ["19:30", "20:30", "19:00", "21:00"]), ("1h", ["19:00", "21:00"]),
                      ("45m", ["20:30", "19:00", "21:30"])])
    func stepDecidesWhichSlotsAreVisited(step: String, expected: [String]) throws {
        let calendar = try Self.bistrot(alternatives: """
            alternatives {
              step = \(step)
              max_distance = 1h30m
              max_count = 4
            }
            """)
        let alternatives = calendar.alternatives(for: SlotFixtures.paris(2025, 1, 17, 20, 0), busy: [])
        #expect(Self.clocks(alternatives) == expected)
    }

    @Test func zeroCountOrDistance() throws {
        let none = try Self.bistrot(alternatives: "alternatives {\n  max_count = 0\n}")
        #expect(none.alternatives(for: SlotFixtures.paris(2025, 1, 17, 20, 0), busy: []).isEmpty)
        let here = try Self.bistrot(alternatives: "alternatives {\n  max_distance = 0s\n}")
        #expect(here.alternatives(for: SlotFixtures.paris(2025, 1, 17, 20, 0), busy: []).isEmpty)
        // Outside every window, the anchor slot itself is still proposed.
        #expect(Self.clocks(here.alternatives(for: SlotFixtures.paris(2025, 1, 17, 18, 0), busy: [])) == ["19:00"])
    }

    @Test func salonAlternativesPerServiceAndResource() throws {
        let calendar = try SlotFixtures.salon()
        let request = SlotFixtures.paris(2025, 1, 14, 10, 30) // Tuesday, a coupe slot (09:00 + 2 × 45m)
        // Julie's coupes: 10:00 lies in 09:45, 11:00 in the requested slot, 11:30 in 11:15, 09:30 in 09:00.
        let julie = calendar.alternatives(for: request, service: "coupe", resource: "julie", busy: [])
        #expect(julie.map { SlotFixtures.label($0.slot) } == [
            "2025-01-14 09:45 coupe/julie", "2025-01-14 11:15 coupe/julie", "2025-01-14 09:00 coupe/julie",
        ])
        // Any hairdresser: Marc's coupes too, never Sofia (not on Tuesdays).
        let anyone = calendar.alternatives(for: request, service: "coupe", resource: nil, busy: [
            BusyInterval(id: "m", start: SlotFixtures.paris(2025, 1, 14, 9, 45), end: SlotFixtures.paris(2025, 1, 14, 10, 30), resource: "marc"),
        ])
        #expect(anyone.map { SlotFixtures.label($0.slot) } == [
            "2025-01-14 09:45 coupe/julie", "2025-01-14 09:45 coupe/marc", "2025-01-14 11:15 coupe/julie",
        ])
        #expect(anyone.map(\.free) == [1, 0, 1])
        // Brushing at 10:30 on Marc: 30-minute slots by 30-minute steps.
        let brushing = calendar.alternatives(for: request, service: "brushing", resource: "marc", busy: [])
        #expect(Self.clocks(brushing) == ["10:00", "11:00", "09:30"])
        #expect(brushing.allSatisfy { $0.slot.key.service == "brushing" && $0.slot.key.resource == "marc" })
    }
}
