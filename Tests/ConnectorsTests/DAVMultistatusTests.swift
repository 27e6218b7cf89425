/// The WebDAV multistatus reader: any namespace prefix, removed members (404), properties
/// found and not found, attributes, and garbage (HTML error pages, truncated XML, wrong
/// root) refused rather than half-read.
import Testing
@testable import Connectors

@Suite struct DAVMultistatusTests {
    @Test func readsResponsesWhateverThePrefixes() throws {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <D:multistatus xmlns:D="DAV:" xmlns:cal="urn:ietf:params:xml:ns:caldav">
              <D:sync-token>tok-2</D:sync-token>
              <D:response><D:href>/alice/bistrot/a.ics</D:href>
                <D:propstat><D:prop><D:getetag>"e1"</D:getetag><cal:calendar-data><![CDATA[BEGIN:VCALENDAR
            END:VCALENDAR
            ]]></cal:calendar-data></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat>
                <D:propstat><D:prop><D:displayname/></D:prop><D:status>HTTP/1.1 404 Not Found</D:status></D:propstat>
              </D:response>
              <response xmlns="DAV:"><href>/alice/bistrot/gone.ics</href><status>HTTP/1.1 404 Not Found</status></response>
              <D:response><D:href>/alice/bistrot/</D:href><D:propstat><D:prop><D:resourcetype><D:collection/><cal:calendar/></D:resourcetype>
                <cal:supported-calendar-component-set><cal:comp name="VEVENT"/></cal:supported-calendar-component-set>
              </D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>
            </D:multistatus>
            """
        let answer = try #require(DAVMultistatus.parse(Array(body.utf8)))
        #expect(answer.syncToken == "tok-2")
        #expect(answer.responses.map(\.href) == ["/alice/bistrot/a.ics", "/alice/bistrot/gone.ics", "/alice/bistrot/"])
        #expect(answer.responses[0].property("getetag")?.trimmedText == "\"e1\"")
        #expect(answer.responses[0].property("calendar-data", DAVNamespace.caldav)?.text.hasPrefix("BEGIN:VCALENDAR") == true)
        #expect(answer.responses[0].property("displayname") == nil)
        #expect(answer.responses[1].status == 404)
        #expect(CalDAVDiscovery.isEventCalendar(answer.responses[2]))
        #expect(!CalDAVDiscovery.isEventCalendar(answer.responses[0]))
    }

    @Test(arguments: ["", "<html><body>502 Bad Gateway</body></html>", "<D:multistatus xmlns:D=\"DAV:\"><D:response>",
                      "<multistatus>no namespace</multistatus>", "{\"json\": true}", "\u{0}\u{1}garbage"])
    func refusesGarbage(_ text: String) {
        #expect(DAVMultistatus.parse(Array(text.utf8)) == nil)
    }

    @Test func statusLines() {
        #expect(DAVMultistatus.statusCode("HTTP/1.1 507 Insufficient Storage") == 507)
        #expect(DAVMultistatus.statusCode(" HTTP/1.1 200 OK\n") == 200)
        #expect(DAVMultistatus.statusCode("garbage") == nil)
    }
}
