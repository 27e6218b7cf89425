/// Regression tests for the `ical` fuzz target's finding: a calendar feed is someone else's
/// file, and an event repeating every second (or a COUNT rule walked from years ago) made
/// occurrence expansion run for minutes and grow without bound. Expansion is now capped per
/// event and per walk; these tests pin the caps (they hung before the fix).
import RuleLang
import Testing
@testable import Runtime

@Suite struct ICalExpansionBoundsTests {
    @Test func anEventRepeatingEverySecondStopsAtThePerEventCap() throws {
        let text = ICalTestSupport.calendar("""
            BEGIN:VEVENT
            UID:flood
            DTSTART:20250101T000000Z
            DTEND:20250101T010000Z
            RRULE:FREQ=SECONDLY
            END:VEVENT
            """)
        let calendar = try #require(ICalTestSupport.parse(text).calendar)
        let occurrences = calendar.occurrences(from: ICalTestSupport.utc("2025-01-01T00:00:00Z"),
                                               to: ICalTestSupport.utc("2025-04-01T00:00:00Z"), defaultZone: ICalTestSupport.paris)
        #expect(occurrences.count <= ICalCalendar.maximumOccurrencesPerEvent)
        #expect(occurrences.count > 0)
        #expect(zip(occurrences, occurrences.dropFirst()).allSatisfy { $0.start <= $1.start })
    }

    @Test func aCountRuleWalkedFromLongAgoStopsAtTheWalkLimit() throws {
        let rule = try RRule.parse("FREQ=SECONDLY;COUNT=10000000")
        let expander = RRuleExpander(rule: rule, start: CivilDateTime(year: 2000, month: 1, day: 1), dateOnly: false, until: nil)
        let expansion = expander.expand(from: CivilDateTime(year: 2025, month: 1, day: 1),
                                        through: CivilDateTime(year: 2025, month: 2, day: 1))
        #expect(expansion.starts.isEmpty)
        #expect(expansion.reachedIterationLimit)
    }

    @Test func ordinaryRulesAreUntouchedByTheCaps() throws {
        let rule = try RRule.parse("FREQ=MINUTELY;INTERVAL=15;COUNT=20000")
        let expander = RRuleExpander(rule: rule, start: CivilDateTime(year: 2025, month: 1, day: 1), dateOnly: false, until: nil)
        let expansion = expander.expand()
        #expect(expansion.starts.count == 20_000)
        #expect(!expansion.reachedIterationLimit)
    }
}
