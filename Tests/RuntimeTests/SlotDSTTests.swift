import Testing
import RuleLang
@testable import Runtime

/// Slots are wall-clock times in the establishment's zone: the two DST weekends of 2025 in
/// Europe/Paris (spring forward on Sunday 30 March at 02:00, fall back on Sunday 26 October
/// at 03:00).
@Suite struct SlotDSTTests {
    /// A night service across the change hours, every day, so the gap and overlap show.
    static let nightRules = """
        establishment {
          timezone = "Europe/Paris"
        }
        slots {
          length = 30m
          capacity = 2
          service night {
            hours = 01:00-04:00
          }
        }
        alternatives {
          step = 30m
          max_distance = 1h
          max_count = 4
        }
        """

    @Test func dinnerStaysAtTheSameWallClockAcrossBothChanges() throws {
        let calendar = try SlotFixtures.bistrot()
        // Saturday before (CET, +1), Sunday lunch after (CEST, +2), and the autumn mirror.
        let saturday = try #require(calendar.slot(startingAt: SlotFixtures.paris(2025, 3, 29, 19, 30)))
        let sunday = try #require(calendar.slot(startingAt: SlotFixtures.paris(2025, 3, 30, 12, 0)))
        let tuesday = try #require(calendar.slot(startingAt: SlotFixtures.paris(2025, 4, 1, 19, 30)))
        #expect(saturday.start.description == "2025-03-29T18:30:00Z")
        #expect(sunday.start.description == "2025-03-30T10:00:00Z")
        #expect(tuesday.start.description == "2025-04-01T17:30:00Z")
        let october = calendar.slots(from: SlotFixtures.paris(2025, 10, 25), to: SlotFixtures.paris(2025, 10, 29))
        let dinners = october.filter { $0.key.service == "dinner" && SlotFixtures.clock($0.start) == "19:30" }
        #expect(dinners.map(\.start.description) == ["2025-10-25T17:30:00Z", "2025-10-28T18:30:00Z"])
        #expect(october.allSatisfy { $0.end - $0.start == .seconds(1800) })
        // Every slot of the change weeks sits on a half hour of the Paris wall clock.
        let weeks = calendar.slots(from: SlotFixtures.paris(2025, 3, 24), to: SlotFixtures.paris(2025, 4, 7))
            + calendar.slots(from: SlotFixtures.paris(2025, 10, 20), to: SlotFixtures.paris(2025, 11, 3))
        #expect(weeks.allSatisfy { SlotFixtures.paris.local($0.start).minute % 30 == 0 })
    }

    @Test func springForwardGapLosesTheMissingSlots() throws {
        let calendar = try SlotCalendar(rules: SlotFixtures.compile(Self.nightRules))
        let night = calendar.slots(from: SlotFixtures.paris(2025, 3, 30), to: SlotFixtures.paris(2025, 3, 31))
        #expect(night.map { SlotFixtures.clock($0.start) } == ["01:00", "01:30", "03:00", "03:30"])
        // 01:30 CET is 00:30Z and lasts 30 minutes, up to 03:00 CEST.
        #expect(night[1].start.description == "2025-03-30T00:30:00Z")
        #expect(night[1].end == night[2].start)
        // No slot at 02:30 wall clock: the converter reads 02:30 as 03:30, which is a slot of its own.
        #expect(SlotFixtures.paris(2025, 3, 30, 2, 30) == night[3].start)
        let ordinary = calendar.slots(from: SlotFixtures.paris(2025, 3, 29), to: SlotFixtures.paris(2025, 3, 30))
        #expect(ordinary.count == 6)
    }

    @Test func fallBackOverlapHasNoDuplicateSlots() throws {
        let calendar = try SlotCalendar(rules: SlotFixtures.compile(Self.nightRules))
        let night = calendar.slots(from: SlotFixtures.paris(2025, 10, 26), to: SlotFixtures.paris(2025, 10, 27))
        #expect(night.map { SlotFixtures.clock($0.start) } == ["01:00", "01:30", "02:00", "02:30", "03:00", "03:30"])
        #expect(Set(night.map(\.key)).count == night.count)
        #expect(zip(night, night.dropFirst()).allSatisfy { $0.start < $1.start })
        // 02:00 and 02:30 happen twice; the slot is the first (summer-time) one.
        #expect(night[2].start.description == "2025-10-26T00:00:00Z")
        #expect(night[3].start.description == "2025-10-26T00:30:00Z")
        #expect(night[4].start.description == "2025-10-26T02:00:00Z")
        // The second 02:00 (01:00Z) is not a slot start.
        #expect(calendar.slot(startingAt: Instant(seconds: night[2].start.seconds + 3600)) == nil)
    }

    @Test func aYearAcrossBothChangesMatchesTheReference() throws {
        let rules = try SlotFixtures.compile(Self.nightRules)
        let calendar = try SlotCalendar(rules: rules)
        let from = SlotFixtures.paris(2025, 1, 1), to = SlotFixtures.paris(2026, 1, 1)
        let slots = calendar.slots(from: from, to: to)
        #expect(slots.count == 365 * 6 - 2)
        #expect(slots == SlotFixtures.referenceSlots(rules, from: from, to: to))
    }

    @Test func otherZonesAndTheirTransitions() throws {
        // New York springs forward at 02:00 on 9 March 2025; Lord Howe moves by 30 minutes.
        for (zone, year, month, day, expected) in [
            ("America/New_York", 2025, 3, 9, 4), ("America/New_York", 2025, 11, 2, 6),
            ("Australia/Lord_Howe", 2025, 10, 5, 5), ("Asia/Tokyo", 2025, 3, 30, 6),
        ] {
            let rules = try SlotFixtures.compile(Self.nightRules.replacingOccurrences(of: "Europe/Paris", with: zone))
            let calendar = try SlotCalendar(rules: rules)
            let converter = try #require(ZoneConverter(identifier: zone))
            let from = converter.instant(CivilDateTime(year: year, month: month, day: day))
            let to = converter.instant(CivilDateTime(year: year, month: month, day: day + 1))
            let slots = calendar.slots(from: from, to: to)
            #expect(slots.count == expected, "\(zone)")
            #expect(slots == SlotFixtures.referenceSlots(rules, from: from, to: to), "\(zone)")
        }
    }

    @Test func alternativesStepInRealTimeAcrossTheGap() throws {
        let calendar = try SlotCalendar(rules: SlotFixtures.compile(Self.nightRules))
        // 01:30 CET then 03:00 CEST are 30 real minutes apart.
        let alternatives = calendar.alternatives(for: SlotFixtures.paris(2025, 3, 30, 1, 30), busy: [])
        #expect(alternatives.map { SlotFixtures.clock($0.slot.start) } == ["01:00", "03:00", "03:30"])
        #expect(alternatives.allSatisfy { $0.free == 2 })
    }
}
