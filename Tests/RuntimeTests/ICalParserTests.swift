/// The .ics reader: folding, parameters, TEXT escapes, components, the SpeedAI
/// properties, and located, plain-English errors for malformed input.
import RuleLang
import Testing
@testable import Runtime

@Suite struct ICalParserTests {
    typealias Support = ICalTestSupport

    @Test(arguments: ["\n", "\r\n"])
    func readsAnEventWithFoldingEscapesAndSpeedAIProperties(_ lineEnding: String) throws {
        let text = Support.calendar("""
            BEGIN:VEVENT
            UID:booking-42@bistrot
            DTSTART;TZID=Europe/Paris:20250118T193000
            DTEND;TZID="Europe/Paris":20250118T213000
            SUMMARY:Dupont\\, table 4\\; terrasse\\nallergie
             arachide \\\\ sans gluten
            ATTENDEE;CN="Dupont, Marie";ROLE=REQ-PARTICIPANT:mailto:marie@example.com
            X-SPEEDAI-PARTY:4
            X-SPEEDAI-RESOURCE:Table\\, 4
            END:VEVENT
            """, lineEnding: lineEnding).replacingOccurrences(of: "\(lineEnding) arachide", with: "\(lineEnding)\tarachide")
        let (calendar, rendered, diagnostics) = Support.parse(text)
        #expect(diagnostics.isEmpty, "\(rendered)")
        let event = try #require(calendar?.events.first)
        #expect(event.uid == "booking-42@bistrot")
        #expect(event.summary == "Dupont, table 4; terrasse\nallergiearachide \\ sans gluten")
        #expect(event.party == 4)
        #expect(event.resource == "Table, 4")
        #expect(event.start.local == CivilDateTime(year: 2025, month: 1, day: 18, hour: 19, minute: 30))
        guard case .zoned(let zone) = event.start.form else { Issue.record("expected a zoned start"); return }
        #expect(zone.identifier == "Europe/Paris")
        guard case .end(let end) = event.length else { Issue.record("expected DTEND"); return }
        #expect(end.local.hour == 21)
    }

    @Test func foldedValuesAreJoinedWherever_theFoldFalls() throws {
        let text = Support.calendar("""
            BEGIN:VEVENT
            UID:a
            DTST
             ART;TZID=Europe/Pa
             ris:2025011
             8T193000
            RRULE:FREQ=WEEKLY;BY
             DAY=SA;COUNT=3
            END:VEVENT
            """)
        let (calendar, rendered, _) = Support.parse(text)
        let event = try #require(calendar?.events.first, "\(rendered)")
        #expect(event.start.local.day == 18)
        #expect(event.rule?.byDay == [RRule.WeekdayRule(weekday: .saturday)])
    }

    @Test func timeZonesAlarmsAndOtherComponentsAreSkipped() throws {
        let text = Support.calendar("""
            BEGIN:VTIMEZONE
            TZID:Europe/Paris
            BEGIN:STANDARD
            DTSTART:19701025T030000
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VTODO
            UID:todo
            END:VTODO
            BEGIN:VEVENT
            UID:a
            DTSTART;TZID=/mozilla.org/20050126_1/Europe/Paris:20250118T193000
            DURATION:PT2H
            BEGIN:VALARM
            TRIGGER:-PT15M
            DURATION:PT5M
            ACTION:DISPLAY
            END:VALARM
            END:VEVENT
            """)
        let (calendar, rendered, diagnostics) = Support.parse(text)
        #expect(diagnostics.isEmpty, "\(rendered)")
        let event = try #require(calendar?.events.first)
        #expect(calendar?.events.count == 1)
        #expect(event.length == .duration(ICalDuration(seconds: 7200)))
    }

    @Test func outlookZoneNamesAndDatesAreRead() throws {
        let text = Support.calendar("""
            BEGIN:VEVENT
            UID:a
            DTSTART;TZID=Romance Standard Time:20250118T193000
            END:VEVENT
            BEGIN:VEVENT
            UID:b
            DTSTART;VALUE=DATE:20250118
            DTEND;VALUE=DATE:20250120
            END:VEVENT
            BEGIN:VEVENT
            UID:c
            DTSTART:20250118T183000Z
            EXDATE:20250125T183000Z,20250201T183000Z
            EXDATE:20250208T183000Z
            RDATE;VALUE=PERIOD:20250301T180000Z/PT3H,20250302T180000Z/20250302T200000Z
            RRULE:FREQ=WEEKLY
            STATUS:CANCELLED
            END:VEVENT
            """)
        let (calendar, rendered, diagnostics) = Support.parse(text)
        #expect(diagnostics.isEmpty, "\(rendered)")
        let events = try #require(calendar?.events)
        guard case .zoned(let zone) = events[0].start.form else { Issue.record("expected a zone"); return }
        #expect(zone.identifier == "Europe/Paris")
        #expect(events[1].isAllDay)
        #expect(events[2].exceptionDates.count == 3)
        #expect(events[2].extraDates.count == 2)
        #expect(events[2].extraDates[0].duration == ICalDuration(seconds: 3 * 3600))
        #expect(events[2].isCancelled)
        #expect(events[2].start.form == .utc)
    }

    // MARK: Errors

    /// A malformed calendar, the location (line:column) and message expected, and a
    /// piece of the help when one is expected.
    struct BadCalendar: CustomTestStringConvertible, Sendable {
        var name: String
        var body: String
        var expected: String
        var help: String?
        var testDescription: String { name }
    }

    static let badCalendars: [BadCalendar] = [
        .init(name: "month 13", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20251301T190000\nEND:VEVENT",
              expected: "cal.ics:6:9: error: DTSTART '20251301T190000' is not a valid date: there is no month 13",
              help: "YYYYMMDDTHHMMSS"),
        .init(name: "ISO spelling with month 13", body: "BEGIN:VEVENT\nUID:a\nDTSTART:2025-13-01T19:00:00\nEND:VEVENT",
              expected: "cal.ics:6:9: error: DTSTART '2025-13-01T19:00:00' is not a valid date: there is no month 13"),
        .init(name: "ISO spelling of a good date", body: "BEGIN:VEVENT\nUID:a\nDTSTART:2025-01-18T19:30:00\nEND:VEVENT",
              expected: "cal.ics:6:9: error: DTSTART '2025-01-18T19:30:00' is not an iCalendar date-time",
              help: "write it without dashes and colons: 20250118T193000"),
        .init(name: "February 30th", body: "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20250230\nEND:VEVENT",
              expected: "cal.ics:6:20: error: DTSTART '20250230' is not a valid date: February 2025 has no day 30"),
        .init(name: "unknown time zone", body: "BEGIN:VEVENT\nUID:a\nDTSTART;TZID=Europe/Pari:20250118T193000\nEND:VEVENT",
              expected: "cal.ics:6:9: error: unknown time zone 'Europe/Pari'", help: "did you mean 'Europe/Paris'?"),
        .init(name: "END does not match BEGIN", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nEND:VTODO",
              expected: "cal.ics:7:5: error: END:VTODO does not match BEGIN:VEVENT on line 4", help: "did you mean 'END:VEVENT'?"),
        .init(name: "VEVENT left open", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z",
              expected: "cal.ics:7:5: error: END:VCALENDAR does not match BEGIN:VEVENT on line 4",
              help: "add END:VEVENT before this line"),
        .init(name: "line without a colon", body: "BEGIN:VEVENT\nUID:a\nDTSTART 20250118T193000Z\nEND:VEVENT",
              expected: "cal.ics:6:8: error: expected ':' after DTSTART"),
        .init(name: "misspelt RRULE part", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nRRULE:FREQ=WEEKLY;BYDAAY=SA\nEND:VEVENT",
              expected: "cal.ics:7:19: error: RRULE: unknown rule part 'BYDAAY'", help: "did you mean 'BYDAY'?"),
        .init(name: "misspelt frequency", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nRRULE:FREQ=WEEKLYY\nEND:VEVENT",
              expected: "cal.ics:7:12: error: RRULE: 'WEEKLYY' is not a frequency", help: "did you mean 'WEEKLY'?"),
        .init(name: "BYMONTHDAY out of range", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nRRULE:FREQ=MONTHLY;BYMONTHDAY=1,32\nEND:VEVENT",
              expected: "cal.ics:7:33: error: RRULE: BYMONTHDAY value '32' is out of range: use 1 to 31 or -31 to -1"),
        .init(name: "COUNT with UNTIL", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nRRULE:FREQ=DAILY;COUNT=3;UNTIL=20250130T000000Z\nEND:VEVENT",
              expected: "error: RRULE: a rule cannot have both COUNT and UNTIL"),
        .init(name: "rule that never produces anything", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\nEND:VEVENT",
              expected: "cal.ics:7:7: error: this RRULE produces no occurrence in the first 10 000 iterations",
              help: "February never has a 30th"),
        .init(name: "DTEND and DURATION", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nDTEND:20250118T203000Z\nDURATION:PT1H\nEND:VEVENT",
              expected: "cal.ics:8:1: error: an event cannot have both DTEND and DURATION"),
        .init(name: "DTEND before DTSTART", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nDTEND:20250118T183000Z\nEND:VEVENT",
              expected: "cal.ics:7:7: error: DTEND is before DTSTART"),
        .init(name: "bad duration", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nDURATION:1h30\nEND:VEVENT",
              expected: "cal.ics:7:10: error: DURATION '1h30' is not an iCalendar duration", help: "PT1H30M"),
        .init(name: "party is not a number", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nX-SPEEDAI-PARTY:four\nEND:VEVENT",
              expected: "cal.ics:7:17: error: X-SPEEDAI-PARTY must be a number of people (1 or more), not 'four'"),
        .init(name: "no DTSTART", body: "BEGIN:VEVENT\nUID:a\nSUMMARY:x\nEND:VEVENT",
              expected: "cal.ics:4:1: error: this event has no DTSTART"),
        .init(name: "duplicate UID", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nEND:VEVENT\nBEGIN:VEVENT\nUID:a\nDTSTART:20250119T193000Z\nEND:VEVENT",
              expected: "cal.ics:8:1: error: another event on line 4 already has UID 'a'"),
        .init(name: "hourly all-day event", body: "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20250118\nRRULE:FREQ=HOURLY\nEND:VEVENT",
              expected: "cal.ics:7:7: error: FREQ=HOURLY needs a DTSTART with a time of day"),
        .init(name: "VALUE=DATE with a time", body: "BEGIN:VEVENT\nUID:a\nDTSTART;VALUE=DATE:20250118T193000\nEND:VEVENT",
              expected: "cal.ics:6:20: error: DTSTART says VALUE=DATE but '20250118T193000' has a time of day"),
        .init(name: "bad EXDATE in a list", body: "BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nRRULE:FREQ=DAILY\nEXDATE:20250119T193000Z,20250132T193000Z\nEND:VEVENT",
              expected: "cal.ics:8:25: error: EXDATE '20250132T193000Z' is not a valid date: January 2025 has no day 32"),
    ]

    @Test(arguments: badCalendars)
    func malformedInputGetsALocatedError(_ bad: BadCalendar) {
        let (calendar, rendered, _) = Support.parse(Support.calendar(bad.body))
        #expect(calendar == nil)
        #expect(rendered.contains(bad.expected), "\(rendered)")
        if let help = bad.help { #expect(rendered.contains(help), "\(rendered)") }
    }

    @Test func calendarNeverClosed() {
        let (calendar, rendered, _) = Support.parse("BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nEND:VEVENT\n")
        #expect(calendar == nil)
        #expect(rendered.contains("cal.ics:1:7: error: BEGIN:VCALENDAR on line 1 is never closed"), "\(rendered)")
        #expect(rendered.contains("help: add END:VCALENDAR"), "\(rendered)")
    }

    @Test func byteOrderMarkAndInvalidUTF8AreSurvived() throws {
        let text = "\u{FEFF}" + ICalTestSupport.calendar("BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nSUMMARY:caf\u{E9}\nEND:VEVENT", lineEnding: "\r\n")
        let (calendar, rendered, diagnostics) = Support.parse(text)
        #expect(diagnostics.isEmpty, "\(rendered)")
        #expect(calendar?.events.first?.summary == "caf\u{E9}")
        var bytes = Array(ICalTestSupport.calendar("BEGIN:VEVENT\nUID:a\nDTSTART:20250118T193000Z\nRRULE:FREQ=DAILY;BYDAY=\u{1}\u{1};COUNT=2\nEND:VEVENT").utf8)
        let marker = try #require(bytes.firstIndex(of: 1))
        bytes[marker] = 0xFF // not UTF-8
        bytes[marker + 1] = 0xC3
        let file = SourceFile(name: "cal.ics", bytes: bytes)
        let (broken, problems) = ICalParser.parse(file)
        #expect(broken == nil)
        #expect(problems.allSatisfy { $0.range.end <= bytes.count })
        #expect(DiagnosticRenderer().render(problems, in: file).contains("is not a day of the week"))
    }

    @Test func notAnICSFileAtAll() {
        let (calendar, rendered, _) = Support.parse("date,party\n2025-01-18 19:30,4\n")
        #expect(calendar == nil)
        #expect(rendered.contains("cal.ics:1:1: error:"), "\(rendered)")
    }

    @Test func emptyFileIsNotACalendar() {
        let (calendar, rendered, _) = Support.parse("")
        #expect(calendar == nil)
        #expect(rendered.contains("it has no BEGIN:VCALENDAR"), "\(rendered)")
    }

    @Test func severalErrorsAreAllReported() {
        let body = "BEGIN:VEVENT\nUID:a\nDTSTART:20251301T190000\nEND:VEVENT\nBEGIN:VEVENT\nUID:b\nDTSTART;TZID=Mars/Olympus:20250118T193000\nEND:VEVENT"
        let (_, _, diagnostics) = Support.parse(Support.calendar(body))
        #expect(diagnostics.filter { $0.severity == .error }.count == 2)
    }

    @Test func warningsDoNotStopTheCalendar() throws {
        let body = "BEGIN:VEVENT\nDTSTART:20250118T193000Z\nSTATUS:CANCELED\nEND:VEVENT\nBEGIN:VEVENT\nUID:ghost\nRECURRENCE-ID:20250118T193000Z\nDTSTART:20250118T203000Z\nEND:VEVENT"
        let (calendar, rendered, diagnostics) = Support.parse(Support.calendar(body))
        #expect(diagnostics.allSatisfy { $0.severity == .warning }, "\(rendered)")
        #expect(rendered.contains("this event has no UID; it is called 'line-4'"))
        #expect(rendered.contains("no event with UID 'ghost'"))
        let events = try #require(calendar?.events)
        #expect(events[0].isCancelled)
    }
}
