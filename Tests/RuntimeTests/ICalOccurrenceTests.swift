/// Expansion of a whole calendar into occurrences: DST in Paris, all-day events,
/// floating and UTC times, EXDATE, RDATE, RECURRENCE-ID overrides, cancellations,
/// windows, and the conversion into the slot engine's busy intervals.
import Testing
@testable import Runtime

@Suite struct ICalOccurrenceTests {
    typealias Support = ICalTestSupport
    let paris = ICalTestSupport.paris

    func occurrences(_ body: String, from: String, to: String, zone: ZoneConverter = ICalTestSupport.paris) throws -> [EventOccurrence] {
        let (calendar, rendered, _) = Support.parse(Support.calendar(body))
        let parsed = try #require(calendar, "\(rendered)")
        return parsed.occurrences(from: Support.utc(from), to: Support.utc(to), defaultZone: zone)
    }

    @Test func weeklyDinnerStaysAt19LocalAcrossSpringForward() throws {
        // Paris moves to summer time on 2025-03-30: 19:00 is 18:00Z before, 17:00Z after.
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:weekly
            DTSTART;TZID=Europe/Paris:20250320T190000
            DTEND;TZID=Europe/Paris:20250320T210000
            RRULE:FREQ=WEEKLY;COUNT=4
            END:VEVENT
            """, from: "2025-03-01T00:00", to: "2025-05-01T00:00")
        #expect(found.map(\.start.description) == ["2025-03-20T18:00:00Z", "2025-03-27T18:00:00Z", "2025-04-03T17:00:00Z", "2025-04-10T17:00:00Z"])
        #expect(found.allSatisfy { $0.end.seconds - $0.start.seconds == 7200 })
        #expect(found.map { paris.local($0.start).hour } == [19, 19, 19, 19])
        #expect(Set(found.map(\.id)).count == 4)
    }

    @Test func weeklyDinnerStaysAt19LocalAcrossFallBack() throws {
        // Winter time from 2025-10-26: 19:00 is 17:00Z before, 18:00Z after.
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:weekly
            DTSTART;TZID=Europe/Paris:20251016T190000
            DURATION:PT1H30M
            RRULE:FREQ=WEEKLY;UNTIL=20251106T235959Z
            END:VEVENT
            """, from: "2025-10-01T00:00", to: "2025-12-01T00:00")
        #expect(found.map(\.start.description) == ["2025-10-16T17:00:00Z", "2025-10-23T17:00:00Z", "2025-10-30T18:00:00Z", "2025-11-06T18:00:00Z"])
        #expect(found.allSatisfy { $0.end.seconds - $0.start.seconds == 5400 })
    }

    @Test func startInTheSpringGapMovesForward() throws {
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:gap
            DTSTART;TZID=Europe/Paris:20250330T023000
            DURATION:PT1H
            END:VEVENT
            """, from: "2025-03-29T00:00", to: "2025-03-31T00:00")
        #expect(found.map(\.start.description) == ["2025-03-30T01:30:00Z"]) // 03:30 summer time
    }

    @Test func floatingTimesUseTheGivenZoneAndUTCTimesDoNot() throws {
        let body = """
            BEGIN:VEVENT
            UID:floating
            DTSTART:20250118T193000
            DTEND:20250118T213000
            END:VEVENT
            BEGIN:VEVENT
            UID:utc
            DTSTART:20250118T193000Z
            END:VEVENT
            """
        let inParis = try occurrences(body, from: "2025-01-18T00:00", to: "2025-01-19T00:00")
        let inLondon = try occurrences(body, from: "2025-01-18T00:00", to: "2025-01-19T00:00",
                                       zone: #require(ZoneConverter(identifier: "Europe/London")))
        #expect(inParis.first { $0.uid == "floating" }?.start.description == "2025-01-18T18:30:00Z")
        #expect(inLondon.first { $0.uid == "floating" }?.start.description == "2025-01-18T19:30:00Z")
        #expect(inParis.first { $0.uid == "utc" }?.start == inLondon.first { $0.uid == "utc" }?.start)
        // No DTEND: an instant.
        let instant = try #require(inParis.first { $0.uid == "utc" })
        #expect(instant.start == instant.end)
    }

    @Test func allDayEventsCoverWholeLocalDays() throws {
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:closed-sunday
            DTSTART;VALUE=DATE:20250330
            SUMMARY:Fermeture
            END:VEVENT
            BEGIN:VEVENT
            UID:holiday
            DTSTART;VALUE=DATE:20250804
            DTEND;VALUE=DATE:20250807
            END:VEVENT
            """, from: "2025-01-01T00:00", to: "2026-01-01T00:00")
        let sunday = try #require(found.first { $0.uid == "closed-sunday" })
        // The DST day in Paris lasts 23 hours: 23:00Z the day before to 22:00Z.
        #expect(sunday.allDay)
        #expect(sunday.start.description == "2025-03-29T23:00:00Z")
        #expect(sunday.end.description == "2025-03-30T22:00:00Z")
        let holiday = try #require(found.first { $0.uid == "holiday" })
        #expect(holiday.start.description == "2025-08-03T22:00:00Z")
        #expect(holiday.end.description == "2025-08-06T22:00:00Z")
    }

    @Test func repeatingAllDayEventWithExdate() throws {
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:closed-mondays
            DTSTART;VALUE=DATE:20250106
            RRULE:FREQ=WEEKLY;BYDAY=MO
            EXDATE;VALUE=DATE:20250113
            END:VEVENT
            """, from: "2025-01-01T00:00", to: "2025-01-28T00:00")
        #expect(found.map { paris.local($0.start).day } == [6, 20, 27])
        #expect(found.allSatisfy { $0.end.seconds - $0.start.seconds == 86_400 })
    }

    static let series = """
        BEGIN:VEVENT
        UID:book-club
        DTSTART;TZID=Europe/Paris:20250107T190000
        DTEND;TZID=Europe/Paris:20250107T210000
        RRULE:FREQ=WEEKLY;BYDAY=TU
        EXDATE;TZID=Europe/Paris:20250114T190000
        SUMMARY:Club de lecture
        X-SPEEDAI-PARTY:8
        X-SPEEDAI-RESOURCE:Salon
        END:VEVENT
        BEGIN:VEVENT
        UID:book-club
        RECURRENCE-ID;TZID=Europe/Paris:20250121T190000
        DTSTART;TZID=Europe/Paris:20250121T200000
        DTEND;TZID=Europe/Paris:20250121T220000
        X-SPEEDAI-PARTY:10
        END:VEVENT
        BEGIN:VEVENT
        UID:book-club
        RECURRENCE-ID:20250128T180000Z
        DTSTART;TZID=Europe/Paris:20250128T190000
        STATUS:CANCELLED
        END:VEVENT
        """

    @Test func exdateOverridesAndCancelledOccurrences() throws {
        let found = try occurrences(Self.series, from: "2025-01-01T00:00", to: "2025-02-05T00:00")
        #expect(found.map { paris.local($0.start).isoText } == [
            "2025-01-07T19:00:00", "2025-01-21T20:00:00", "2025-01-28T19:00:00", "2025-02-04T19:00:00",
        ])
        let moved = found[1]
        #expect(moved.party == 10)
        #expect(moved.resource == "Salon") // inherited from the series
        #expect(moved.summary == "Club de lecture")
        #expect(moved.end.seconds - moved.start.seconds == 7200)
        #expect(moved.id == "book-club/2025-01-21T18:00:00Z") // named after the original start
        let cancelled = found[2]
        #expect(cancelled.cancelled)
        #expect(cancelled.end.seconds - cancelled.start.seconds == 7200) // the series' length
        #expect(!found[0].cancelled && !found[3].cancelled)
    }

    @Test func movedOccurrenceFollowsItsNewTimeNotTheOldOne() throws {
        // Only the moved occurrence's new time (20:00-22:00 on the 21st) is in this window.
        let late = try occurrences(Self.series, from: "2025-01-21T20:30", to: "2025-01-21T21:30")
        #expect(late.map(\.id) == ["book-club/2025-01-21T18:00:00Z"])
        let early = try occurrences(Self.series, from: "2025-01-21T18:00", to: "2025-01-21T18:30")
        #expect(early.isEmpty)
    }

    @Test func cancelledSeriesCancelsEveryOccurrence() throws {
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:gone
            DTSTART:20250107T180000Z
            DURATION:PT1H
            RRULE:FREQ=DAILY;COUNT=3
            STATUS:CANCELLED
            END:VEVENT
            """, from: "2025-01-01T00:00", to: "2025-02-01T00:00")
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.cancelled })
    }

    @Test func rdatesAddOccurrencesWithTheirOwnPeriods() throws {
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:extra
            DTSTART;TZID=Europe/Paris:20250110T190000
            DURATION:PT2H
            RDATE;TZID=Europe/Paris:20250112T120000,20250114T190000
            RDATE;VALUE=PERIOD:20250120T110000Z/20250120T150000Z
            END:VEVENT
            """, from: "2025-01-01T00:00", to: "2025-02-01T00:00")
        #expect(found.map { paris.local($0.start).isoText } == [
            "2025-01-10T19:00:00", "2025-01-12T12:00:00", "2025-01-14T19:00:00", "2025-01-20T12:00:00",
        ])
        #expect(found.map { ($0.end.seconds - $0.start.seconds) / 3600 } == [2, 2, 2, 4])
    }

    @Test func durationInDaysIsNominalAcrossDST() throws {
        // P1D from 12:00 on the 29th ends at 12:00 on the 30th: 23 hours that day.
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:stay
            DTSTART;TZID=Europe/Paris:20250329T120000
            DURATION:P1D
            END:VEVENT
            """, from: "2025-03-29T00:00", to: "2025-04-01T00:00")
        let stay = try #require(found.first)
        #expect(paris.local(stay.end).isoText == "2025-03-30T12:00:00")
        #expect(stay.end.seconds - stay.start.seconds == 23 * 3600)
    }

    @Test func windowKeepsOverlappingOccurrencesOnly() throws {
        let body = """
            BEGIN:VEVENT
            UID:long
            DTSTART:20250110T080000Z
            DTEND:20250112T080000Z
            END:VEVENT
            BEGIN:VEVENT
            UID:before
            DTSTART:20250110T080000Z
            DTEND:20250110T090000Z
            END:VEVENT
            BEGIN:VEVENT
            UID:edge
            DTSTART:20250111T090000Z
            DTEND:20250111T100000Z
            END:VEVENT
            """
        let found = try occurrences(body, from: "2025-01-11T00:00", to: "2025-01-11T09:00")
        #expect(found.map(\.uid) == ["long"]) // 'edge' starts exactly at the exclusive end
    }

    @Test func neverEndingSeriesIsExpandedYearsLater() throws {
        let found = try occurrences("""
            BEGIN:VEVENT
            UID:forever
            DTSTART;TZID=Europe/Paris:20200103T193000
            DTEND;TZID=Europe/Paris:20200103T213000
            RRULE:FREQ=WEEKLY;BYDAY=FR
            END:VEVENT
            """, from: "2040-06-01T00:00", to: "2040-06-15T00:00")
        #expect(found.map { paris.local($0.start).isoText } == ["2040-06-01T19:30:00", "2040-06-08T19:30:00"])
    }

    /// A stand-in for the slots component's `BusyInterval`.
    struct Busy: ICalBusyIntervalConvertible, Equatable {
        var id: String
        var start: Instant
        var end: Instant
        var resource: String
        var units: Int
        init(id: String, start: Instant, end: Instant, resource: String, units: Int) {
            self.id = id
            self.start = start
            self.end = end
            self.resource = resource
            self.units = units
        }
    }

    @Test func busyIntervalsLeaveOutCancelledOccurrences() throws {
        let (calendar, rendered, _) = Support.parse(Support.calendar(Self.series + """

            BEGIN:VEVENT
            UID:walk-in
            DTSTART:20250107T183000Z
            DTEND:20250107T200000Z
            END:VEVENT
            """))
        let parsed = try #require(calendar, "\(rendered)")
        let busy = parsed.busyIntervals(from: Support.utc("2025-01-01T00:00"), to: Support.utc("2025-02-01T00:00"),
                                        defaultZone: paris, as: Busy.self)
        #expect(busy.map(\.id) == ["book-club/2025-01-07T18:00:00Z", "walk-in", "book-club/2025-01-21T18:00:00Z"])
        #expect(busy.map(\.units) == [8, 1, 10])
        #expect(busy.map(\.resource) == ["Salon", "", "Salon"])
        let unitsOfOne = parsed.busyIntervals(from: Support.utc("2025-01-01T00:00"), to: Support.utc("2025-02-01T00:00"),
                                              defaultZone: paris, as: Busy.self, units: { _ in 1 })
        #expect(unitsOfOne.allSatisfy { $0.units == 1 })
    }
}
