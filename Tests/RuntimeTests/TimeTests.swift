import Testing
@testable import Runtime

@Suite struct TimeTests {
    @Test func civilRoundTrip() {
        for seconds: Int64 in [0, 86_399, 951_782_400, 1_737_225_000, -86_400, 253_402_300_799] {
            #expect(CivilDateTime(utcSeconds: seconds).utcSeconds == seconds)
        }
        #expect(Instant(seconds: 1_737_225_000).description == "2025-01-18T18:30:00Z")
        #expect(CivilDateTime(year: 2025, month: 1, day: 18).isoWeekday == 6)
    }

    @Test func parisOffsetsAndDSTTransitions() throws {
        let paris = try #require(ZoneConverter(identifier: "Europe/Paris"))
        // Winter: 19:30 in Paris is 18:30Z.
        #expect(paris.instant(CivilDateTime(year: 2025, month: 1, day: 18, hour: 19, minute: 30)).description == "2025-01-18T18:30:00Z")
        // Spring forward, 2025-03-30: 02:30 does not exist; it moves to 03:30 (01:30Z).
        #expect(paris.instant(CivilDateTime(year: 2025, month: 3, day: 30, hour: 2, minute: 30)).description == "2025-03-30T01:30:00Z")
        // Fall back, 2025-10-26: 02:30 happens twice; the earlier one (00:30Z) is taken.
        #expect(paris.instant(CivilDateTime(year: 2025, month: 10, day: 26, hour: 2, minute: 30)).description == "2025-10-26T00:30:00Z")
        #expect(paris.local(Instant(seconds: 1_737_225_000)).isoText == "2025-01-18T19:30:00")
    }

    @Test func theSpringGapIsNamedAndOnlyIt() throws {
        let paris = try #require(ZoneConverter(identifier: "Europe/Paris"))
        let gap = try #require(paris.gap(containing: CivilDateTime(year: 2025, month: 3, day: 30, hour: 2, minute: 30)))
        #expect(gap.from.isoText == "2025-03-30T02:00:00" && gap.to.isoText == "2025-03-30T03:00:00")
        #expect(paris.gap(containing: CivilDateTime(year: 2025, month: 3, day: 30, hour: 2)) != nil)
        #expect(paris.gap(containing: CivilDateTime(year: 2025, month: 3, day: 30, hour: 3)) == nil)
        #expect(paris.gap(containing: CivilDateTime(year: 2025, month: 3, day: 30, hour: 1, minute: 59)) == nil)
        #expect(paris.gap(containing: CivilDateTime(year: 2025, month: 10, day: 26, hour: 2, minute: 30)) == nil, "ambiguous, not missing")
        let saoPaulo = try #require(ZoneConverter(identifier: "America/Sao_Paulo"))
        #expect(saoPaulo.gap(containing: CivilDateTime(year: 2018, month: 11, day: 4, hour: 0, minute: 30))?.to.isoText == "2018-11-04T01:00:00")
    }

    @Test func unknownZoneIsNil() {
        #expect(ZoneConverter(identifier: "Europe/Pari") == nil)
    }
}
