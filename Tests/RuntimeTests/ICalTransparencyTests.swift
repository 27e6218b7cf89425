/// TRANSP:TRANSPARENT (RFC 5545 section 3.8.2.7): an event that does not take time — a
/// reminder, a note — is read, carried on its occurrences (an override has its own), and
/// is neither a tape booking nor a busy interval.
import Testing
@testable import Runtime

@Suite struct ICalTransparencyTests {
    typealias Support = ICalTestSupport

    @Test func transparentEventsAndOverridesTakeNoTime() throws {
        let (calendar, rendered, _) = Support.parse(Support.calendar("""
            BEGIN:VEVENT
            UID:note
            DTSTART:20250118T120000Z
            DTEND:20250118T130000Z
            TRANSP:TRANSPARENT
            END:VEVENT
            BEGIN:VEVENT
            UID:daily
            DTSTART:20250118T180000Z
            DTEND:20250118T190000Z
            RRULE:FREQ=DAILY;COUNT=2
            TRANSP:OPAQUE
            END:VEVENT
            BEGIN:VEVENT
            UID:daily
            RECURRENCE-ID:20250119T180000Z
            DTSTART:20250119T180000Z
            DTEND:20250119T190000Z
            TRANSP:TRANSPARENT
            END:VEVENT
            """))
        let parsed = try #require(calendar, "\(rendered)")
        let found = parsed.occurrences(from: Support.utc("2025-01-18T00:00"), to: Support.utc("2025-01-20T00:00"), defaultZone: Support.paris)
        #expect(found.map(\.transparent) == [true, false, true])
        let tape = TapeCalendar(occurrences: found)
        #expect(tape.bookings.map(\.start.description) == ["2025-01-18T18:00:00Z"])
        let busy: [ICalOccurrenceTests.Busy] = found.busyIntervals()
        #expect(busy.count == 1)
    }
}
