/// The iCalendar the CalDAV gateway writes (escaping, folding, UTC times, holds tentative)
/// reads back through Runtime's parser unchanged, and the race check's ordering keys
/// (X-SPEEDAI-STAMP, CREATED, DTSTAMP) and its "first that fit" rule.
import Runtime
import Testing
@testable import Connectors

@Suite struct CalDAVEventTextTests {
    let operation = CalendarOperation(
        action: .upsert, business: "bistrot", uid: "speedai-booking-12", start: Instant(seconds: 1_737_225_000),
        end: Instant(seconds: 1_737_232_200), resource: "Salle, étage; vue\\mer", units: 4,
        summary: "Réservation Dupont — 4 pers., allergie: arachides; note très longue pour vérifier le pliage des lignes à 75 octets", capacity: 20)

    @Test func writtenEventReadsBackThroughTheParser() throws {
        let text = CalDAVEventText.calendar(for: operation, stamp: 1_737_000_000.25)
        #expect(text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(text.contains("DTSTART:20250118T183000Z\r\n"))
        #expect(text.contains("STATUS:CONFIRMED"))
        let parsed = try #require(ICalParser.parse(text: text, fileName: "x.ics").0)
        let event = try #require(parsed.events.first)
        #expect(event.uid == "speedai-booking-12")
        #expect(event.summary == operation.summary)
        #expect(event.resource == operation.resource)
        #expect(event.party == 4)
        #expect(CalDAVEventText.stamps(in: text) == ["speedai-booking-12": 1_737_000_000.25])
        var hold = operation
        hold.uid = "speedai-hold-3"
        #expect(CalDAVEventText.calendar(for: hold, stamp: 0).contains("STATUS:TENTATIVE"))
    }

    @Test func stampsPreferOursThenCreatedThenDTStamp() {
        let text = """
            BEGIN:VCALENDAR\r
            BEGIN:VEVENT\r
            UID:a\r
            DTSTAMP:20250101T000010Z\r
            CREATED:20250101T000005Z\r
            BEGIN:VALARM\r
            UID:alarm-not-an-event\r
            END:VALARM\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:b\r
            DTSTAMP:20250101T000010Z\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:c\r
            END:VEVENT\r
            END:VCALENDAR\r
            """
        #expect(CalDAVEventText.stamps(in: text) == ["a": 1_735_689_605, "b": 1_735_689_610, "c": 0])
    }

    @Test func firstBookingsThatFitAreKept() {
        func entry(_ uid: String, _ units: Int, _ stamp: Double) -> CalDAVQueriedBooking {
            CalDAVQueriedBooking(booking: TapeBooking(uid: uid, occurrence: Instant(seconds: 0), start: Instant(seconds: 0),
                                                      end: Instant(seconds: 60), units: units, resource: ""), stamp: stamp)
        }
        let window = CalendarOperation(action: .upsert, business: "bistrot", uid: "late", start: Instant(seconds: 0),
                                       end: Instant(seconds: 60), resource: "", units: 2, summary: "", capacity: 10)
        let kept = CalDAVBookingWriter.keptFirst([entry("late", 2, 30), entry("phone", 8, 10), entry("b", 1, 20), entry("a", 1, 20)],
                                                 capacity: 10, within: window)
        #expect(kept == ["phone", "a", "b"])
    }

    @Test func bookingsThatFollowEachOtherInALongWindowShareTheirPlaces() {
        // A 1h30 booking's window: the phone's 19:00-20:00 and 20:00-21:00 tables are one table twice.
        func entry(_ uid: String, _ start: Int64, _ end: Int64, _ stamp: Double) -> CalDAVQueriedBooking {
            CalDAVQueriedBooking(booking: TapeBooking(uid: uid, occurrence: Instant(seconds: start), start: Instant(seconds: start),
                                                      end: Instant(seconds: end), units: 1, resource: ""), stamp: stamp)
        }
        let ours = CalendarOperation(action: .upsert, business: "bistrot", uid: "speedai-booking-1", start: Instant(seconds: 1800),
                                     end: Instant(seconds: 7200), resource: "", units: 1, summary: "", capacity: 2)
        let found = [entry("first", 0, 3600, 1), entry("second", 3600, 7200, 2), entry("speedai-booking-1", 1800, 7200, 3)]
        #expect(CalDAVBookingWriter.peak(Array(found.prefix(2)), of: ours) == 1)
        #expect(CalDAVBookingWriter.peak(found, of: ours) == 2)
        #expect(CalDAVBookingWriter.keptFirst(found, capacity: 2, within: ours) == ["first", "second", "speedai-booking-1"])
        #expect(CalDAVBookingWriter.keptFirst(found, capacity: 1, within: ours) == ["first", "second"])
    }

    @Test func resourceURLsAreEscaped() {
        #expect(CalDAVBookingWriter.resourceURL(calendar: "http://h/alice/bistrot", uid: "speedai-booking-1") ==
                "http://h/alice/bistrot/speedai-booking-1.ics")
        #expect(CalDAVBookingWriter.resourceURL(calendar: "http://h/c/", uid: "a/b c?") == "http://h/c/a%2Fb%20c%3F.ics")
        #expect(CalDAVTransport.redacted("https://user:pw@dav.example.com/x") == "https://dav.example.com/x")
    }
}
