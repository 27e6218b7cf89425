/// The CalDAV gateway against a real Radicale server on 127.0.0.1: discovery, full and
/// incremental sync, changes made by another client, recurrence as the tapes read it,
/// invalid sync tokens, idempotent writes, the booking race between two service
/// instances, and the state carried across a restart. Each test gets its own user and
/// calendar, so tests do not see each other's events.
import Foundation
import Synchronization
import Runtime
import Testing
@testable import Connectors

@Suite("CalDAV gateway against Radicale", .serialized,
       .enabled(if: RadicaleServer.available, "radicale is not installed (python3 -m radicale): CalDAV tests skipped"))
struct CalDAVGatewayTests {
    let server: RadicaleServer
    let user: String
    let raw = CurlHTTPClient()
    /// 2030-01-01T00:00:00Z: reads start here.
    static let from = Instant(seconds: 1_893_456_000)

    init() throws {
        server = try #require(RadicaleServer.shared, "Radicale did not start")
        user = "u\(UUID().uuidString.prefix(8).lowercased())"
    }

    // MARK: helpers

    /// Basic credentials of this test's user (Radicale with `--auth-type none` takes any password).
    var authorization: OutboundHTTPRequest.Header {
        .init("Authorization", "Basic " + Data("\(user):secret".utf8).base64EncodedString())
    }

    @discardableResult
    func request(_ method: String, _ url: String, _ body: String = "", headers: [OutboundHTTPRequest.Header] = []) throws -> OutboundHTTPResponse {
        try raw.send(OutboundHTTPRequest(method: method, url: url, headers: [authorization] + headers, body: Array(body.utf8))).get()
    }

    /// Creates the principal (MKCOL) and a calendar; returns the calendar URL.
    func makeCalendar(_ name: String = "bistrot", displayName: String? = nil, components: String = "VEVENT") throws -> String {
        try request("MKCOL", "\(server.baseURL)/\(user)/")
        let url = "\(server.baseURL)/\(user)/\(name)/"
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:set><d:prop>
            <d:displayname>\(displayName ?? name)</d:displayname>
            <c:supported-calendar-component-set><c:comp name="\(components)"/></c:supported-calendar-component-set>
            </d:prop></d:set></c:mkcalendar>
            """
        let response = try request("MKCALENDAR", url, body)
        #expect(response.status == 201, "MKCALENDAR \(url): \(response.status) \(response.text)")
        return url
    }

    /// Another client writes an event.
    func put(_ calendar: String, _ name: String, _ vevent: String) throws {
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//other client//EN\r\n\(vevent)END:VCALENDAR\r\n"
        let response = try request("PUT", calendar + name, ics, headers: [.init("Content-Type", "text/calendar")])
        #expect((200..<300).contains(response.status), "PUT \(name): \(response.status) \(response.text)")
    }

    func event(_ uid: String, _ lines: String) -> String {
        "BEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20291201T000000Z\r\n\(lines)END:VEVENT\r\n"
    }

    func gateway(_ url: String, client: any HTTPClient = CurlHTTPClient(), calendarName: String? = nil) -> CalDAVGateway {
        CalDAVGateway(configuration: CalDAVConfiguration(url: url, username: user, password: "secret", calendarName: calendarName),
                      client: client)
    }

    static func at(_ text: String) -> Instant {
        // yyyymmddThhmmssZ
        let d = Array(text.utf8).map { Int($0) - 48 }
        func n(_ r: Range<Int>) -> Int { r.reduce(0) { $0 * 10 + d[$1] } }
        return Instant(seconds: CivilDateTime(year: n(0..<4), month: n(4..<6), day: n(6..<8),
                                              hour: n(9..<11), minute: n(11..<13), second: n(13..<15)).utcSeconds)
    }

    func booking(_ uid: String, _ start: String, _ end: String, units: Int = 2, capacity: Int? = nil, resource: String = "") -> CalendarOperation {
        CalendarOperation(action: .upsert, business: "bistrot", uid: uid, start: Self.at(start), end: Self.at(end),
                          resource: resource, units: units, summary: "Réservation Dupont, \(units) pers.", capacity: capacity)
    }

    /// The number of event resources in the calendar.
    func resourceCount(_ calendar: String) throws -> Int {
        let answer = try request("PROPFIND", calendar, "<?xml version=\"1.0\"?><d:propfind xmlns:d=\"DAV:\"><d:prop><d:getetag/></d:prop></d:propfind>",
                                 headers: [.init("Depth", "1")])
        return (DAVMultistatus.parse(answer.body)?.responses.count ?? 1) - 1
    }

    // MARK: discovery

    @Test("discovery from the server root follows current-user-principal and calendar-home-set, and picks by name")
    func discoveryFromRoot() throws {
        _ = try makeCalendar("agenda", displayName: "Agenda perso")
        let bistrot = try makeCalendar("bistrot", displayName: "Réservations Bistrot")
        _ = try makeCalendar("tasks", components: "VTODO")
        // No name: the first calendar holding events, in URL order.
        let first = try gateway(server.baseURL + "/").calendarURL().get()
        #expect(first == "\(server.baseURL)/\(user)/agenda/")
        // By display name, and by path segment.
        #expect(try gateway(server.baseURL + "/", calendarName: "réservations bistrot").calendarURL().get() == bistrot)
        #expect(try gateway(server.baseURL + "/", calendarName: "bistrot").calendarURL().get() == bistrot)
        // A to-do list is not a candidate; an unknown name lists what exists.
        let missing = gateway(server.baseURL + "/", calendarName: "tasks").calendarURL()
        guard case .failure(let error) = missing else { Issue.record("a VTODO calendar was chosen"); return }
        #expect(error.message.contains("no CalDAV calendar named 'tasks'"))
        #expect(error.message.contains("'Réservations Bistrot'"))
        // A calendar URL is used as it is.
        #expect(try gateway(bistrot).calendarURL().get() == bistrot)
        // The discovered URL lands in the state.
        let snapshot = try gateway(server.baseURL + "/", calendarName: "bistrot").read(business: "b", from: Self.from, state: nil)
        #expect(snapshot.state?.contains("\"calendar\":\"\(bistrot)\"") == true)
    }

    @Test("a wrong URL or a server that is not CalDAV gives a clear error, not a crash")
    func badServers() throws {
        let wrongPath = gateway(server.baseURL + "/nobody-here/nothing/")
        #expect(throws: CalendarError.self) { try wrongPath.read(business: "b", from: Self.from, state: nil) }
        // An HTML page instead of XML.
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let html = HTTPServer(configuration: configuration, handler: HTTPHandlerFunction { _ in
            HTTPResponse(status: 207, headers: [("Content-Type", "text/html")], body: Array("<html><body>Oops</body>".utf8))
        })
        try html.start()
        defer { html.stop() }
        let gateway = gateway("http://127.0.0.1:\(html.port)/cal/")
        do {
            _ = try gateway.read(business: "b", from: Self.from, state: nil)
            Issue.record("garbage was accepted")
        } catch {
            #expect(error.message.contains("not a WebDAV multistatus"))
        }
        #expect(gateway.apply(booking("speedai-booking-1", "20300118T183000Z", "20300118T203000Z", capacity: 4)) != .delivered(reference: nil))
    }

    @Test("a bearer token is sent instead of Basic; a 401 says to check the credentials and is permanent for writes")
    func bearerAndUnauthorized() throws {
        let seen = Mutex<[String]>([])
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let denying = HTTPServer(configuration: configuration, handler: HTTPHandlerFunction { request in
            seen.withLock { $0.append(request.header("authorization") ?? "-") }
            return HTTPResponse(status: 401, headers: [("WWW-Authenticate", "Bearer")], body: [])
        })
        try denying.start()
        defer { denying.stop() }
        let gateway = CalDAVGateway(configuration: CalDAVConfiguration(url: "http://127.0.0.1:\(denying.port)/cal/", username: "alice",
                                                                       password: "pw", bearerToken: "tok-123"), client: CurlHTTPClient())
        do {
            _ = try gateway.read(business: "b", from: Self.from, state: nil)
            Issue.record("a 401 was accepted")
        } catch {
            #expect(error.message.contains("answered 401 (check the CalDAV username and password or token)"))
        }
        #expect(seen.withLock { $0 } == ["Bearer tok-123"])
        let write = gateway.apply(booking("speedai-booking-1", "20300118T183000Z", "20300118T203000Z"))
        guard case .permanent(let message) = write else { Issue.record("got \(write)"); return }
        #expect(message.contains("401"))
    }

    // MARK: reading

    @Test("the first read is a full sync; later reads fetch only what changed, deletions included")
    func fullThenIncremental() throws {
        let calendar = try makeCalendar()
        try put(calendar, "a.ics", event("a", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\nX-SPEEDAI-PARTY:4\r\nX-SPEEDAI-RESOURCE:terrasse\r\n"))
        try put(calendar, "b.ics", event("b", "DTSTART:20300119T120000Z\r\nDTEND:20300119T133000Z\r\n"))
        let recorder = RecordingHTTPClient()
        let gateway = gateway(calendar, client: recorder)
        let first = try gateway.read(business: "bistrot", from: Self.from, state: nil)
        #expect(first.busy == [
            BusyInterval(id: "a", start: Self.at("20300118T183000Z"), end: Self.at("20300118T203000Z"), resource: "terrasse", units: 4),
            BusyInterval(id: "b", start: Self.at("20300119T120000Z"), end: Self.at("20300119T133000Z"), resource: "", units: 1),
        ])
        #expect(first.cursor == CalendarSnapshot.cursor(of: first.busy))
        _ = recorder.take()

        // Nothing changed: one sync-collection, no fetch, same cursor.
        let same = try gateway.read(business: "bistrot", from: Self.from, state: first.state)
        let quiet = recorder.take()
        #expect(quiet.map(\.method) == ["REPORT"])
        #expect(quiet.first.map { String(decoding: $0.body, as: UTF8.self).contains("sync-collection") } == true)
        #expect(same.cursor == first.cursor)

        // Another client adds c, moves b and deletes a.
        try put(calendar, "c.ics", event("c", "DTSTART:20300120T190000Z\r\nDTEND:20300120T210000Z\r\nX-SPEEDAI-PARTY:2\r\n"))
        try put(calendar, "b.ics", event("b", "DTSTART:20300119T140000Z\r\nDTEND:20300119T153000Z\r\n"))
        try request("DELETE", calendar + "a.ics")
        let next = try gateway.read(business: "bistrot", from: Self.from, state: same.state)
        #expect(next.busy.map(\.id) == ["b", "c"])
        #expect(next.busy.first?.start == Self.at("20300119T140000Z"))
        #expect(next.cursor != first.cursor)
        // Only the two changed resources were fetched.
        let multiget = recorder.take().filter { String(decoding: $0.body, as: UTF8.self).contains("calendar-multiget") }
        #expect(multiget.count == 1)
        let body = multiget.first.map { String(decoding: $0.body, as: UTF8.self) } ?? ""
        #expect(body.contains("/b.ics") && body.contains("/c.ics") && !body.contains("/a.ics"))
    }

    @Test("a recurring event with EXDATE and a moved occurrence reads as the tapes read it")
    func recurrence() throws {
        let calendar = try makeCalendar()
        // Every Friday 19:00 Paris for four weeks; the 2nd removed, the 3rd moved to 21:00 for 6 people.
        try put(calendar, "weekly.ics", """
            BEGIN:VEVENT\r
            UID:weekly\r
            DTSTAMP:20291201T000000Z\r
            DTSTART;TZID=Europe/Paris:20300104T190000\r
            DTEND;TZID=Europe/Paris:20300104T203000\r
            RRULE:FREQ=WEEKLY;COUNT=4\r
            EXDATE;TZID=Europe/Paris:20300111T190000\r
            X-SPEEDAI-PARTY:4\r
            END:VEVENT\r
            BEGIN:VEVENT\r
            UID:weekly\r
            DTSTAMP:20291201T000000Z\r
            RECURRENCE-ID;TZID=Europe/Paris:20300118T190000\r
            DTSTART;TZID=Europe/Paris:20300118T210000\r
            DTEND;TZID=Europe/Paris:20300118T223000\r
            X-SPEEDAI-PARTY:6\r
            END:VEVENT\r

            """)
        let snapshot = try gateway(calendar).read(business: "bistrot", from: Self.from, state: nil)
        // What a tape makes of the same text.
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + (try request("GET", calendar + "weekly.ics").text
            .components(separatedBy: "BEGIN:VCALENDAR").last?.components(separatedBy: "END:VCALENDAR").first ?? "") + "END:VCALENDAR\r\n"
        let parsed = try #require(ICalParser.parse(text: text, fileName: "weekly.ics").0)
        let zone = try #require(ZoneConverter(identifier: "Europe/Paris"))
        let tape = TapeCalendar(occurrences: parsed.occurrences(from: Self.from, to: Self.from + .seconds(400 * 86_400), defaultZone: zone)).busy
        #expect(snapshot.busy == tape.sorted { ($0.start, $0.id) < ($1.start, $1.id) })
        #expect(snapshot.busy.map(\.start) == [Self.at("20300104T180000Z"), Self.at("20300118T200000Z"), Self.at("20300125T180000Z")])
        #expect(snapshot.busy.map(\.units) == [4, 6, 4])
        #expect(snapshot.busy.allSatisfy { $0.id.hasPrefix("weekly@") })
    }

    @Test("events without DTEND, floating times, cancelled, transparent and all-day events")
    func eventShapes() throws {
        let calendar = try makeCalendar()
        try put(calendar, "duration.ics", event("duration", "DTSTART:20300118T183000Z\r\nDURATION:PT1H30M\r\n"))
        try put(calendar, "instant.ics", event("instant", "DTSTART:20300118T100000Z\r\n"))
        try put(calendar, "allday.ics", event("allday", "DTSTART;VALUE=DATE:20300120\r\n"))
        try put(calendar, "floating.ics", event("floating", "DTSTART:20300118T193000\r\nDTEND:20300118T213000\r\n"))
        try put(calendar, "cancelled.ics", event("cancelled", "DTSTART:20300118T120000Z\r\nDTEND:20300118T130000Z\r\nSTATUS:CANCELLED\r\n"))
        try put(calendar, "free.ics", event("free", "DTSTART:20300118T120000Z\r\nDTEND:20300118T130000Z\r\nTRANSP:TRANSPARENT\r\n"))
        try put(calendar, "past.ics", event("past", "DTSTART:20291218T120000Z\r\nDTEND:20291218T130000Z\r\n"))
        let snapshot = try gateway(calendar).read(business: "bistrot", from: Self.from, state: nil)
        let byID = Dictionary(uniqueKeysWithValues: snapshot.busy.map { ($0.id, $0) })
        #expect(Set(byID.keys) == ["duration", "instant", "floating"])
        #expect(byID["duration"]?.end == Self.at("20300118T200000Z"))
        // DTSTART-only date-time: an instant (RFC 5545 3.6.1), which takes no slot.
        #expect(byID["instant"]?.start == byID["instant"]?.end)
        // Floating 19:30 is read in Europe/Paris (UTC+1 in January).
        #expect(byID["floating"]?.start == Self.at("20300118T183000Z"))
        #expect(byID["floating"]?.end == Self.at("20300118T203000Z"))
    }

    @Test("an unreadable event is left out and named in the state, the rest still reads")
    func unreadableEvent() throws {
        let calendar = try makeCalendar()
        try put(calendar, "good.ics", event("good", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\n"))
        try put(calendar, "bad.ics", event("bad", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\nX-SPEEDAI-PARTY:lots\r\n"))
        let snapshot = try gateway(calendar).read(business: "bistrot", from: Self.from, state: nil)
        #expect(snapshot.busy.map(\.id) == ["good"])
        #expect(snapshot.state?.contains("X-SPEEDAI-PARTY must be a number") == true)
    }

    @Test("an invalid sync token starts a full resync that also drops stale cached events")
    func invalidToken() throws {
        let calendar = try makeCalendar()
        try put(calendar, "a.ics", event("a", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\n"))
        let gateway = gateway(calendar)
        let first = try gateway.read(business: "bistrot", from: Self.from, state: nil)
        var state = try JSONDecoder().decode(CalDAVState.self, from: Data(try #require(first.state).utf8))
        state.syncToken = "http://radicale.org/ns/sync/" + String(repeating: "0", count: 64)
        state.resources[calendar + "ghost.ics"] = .init(etag: "\"x\"", ics: "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:ghost\r\nDTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        try put(calendar, "b.ics", event("b", "DTSTART:20300119T183000Z\r\nDTEND:20300119T203000Z\r\n"))
        let resynced = try gateway.read(business: "bistrot", from: Self.from, state: state.encoded)
        #expect(resynced.busy.map(\.id) == ["a", "b"])
        let after = try JSONDecoder().decode(CalDAVState.self, from: Data(try #require(resynced.state).utf8))
        #expect(after.syncToken != state.syncToken && after.syncToken != nil)
        #expect(after.resources.count == 2)
        // Garbage state is a full sync too.
        #expect(try gateway.read(business: "bistrot", from: Self.from, state: "{not json").busy.map(\.id) == ["a", "b"])
    }

    @Test("the state JSON carries over to a new gateway (a restart), which continues incrementally")
    func stateRoundTrip() throws {
        let calendar = try makeCalendar()
        try put(calendar, "a.ics", event("a", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\n"))
        let before = try gateway(server.baseURL + "/").read(business: "bistrot", from: Self.from, state: nil)
        try put(calendar, "b.ics", event("b", "DTSTART:20300119T183000Z\r\nDTEND:20300119T203000Z\r\n"))
        let recorder = RecordingHTTPClient()
        let restarted = gateway(server.baseURL + "/", client: recorder)
        let after = try restarted.read(business: "bistrot", from: Self.from, state: before.state)
        #expect(after.busy.map(\.id) == ["a", "b"])
        let requests = recorder.take()
        // No discovery, a sync with the stored token, one fetch of b only.
        #expect(!requests.contains { $0.method == "PROPFIND" })
        let bodies = requests.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(bodies.first?.contains("http://radicale.org/ns/sync/") == true)
        #expect(bodies.filter { $0.contains("calendar-multiget") }.count == 1)
        #expect(bodies.last?.contains("/b.ics") == true && bodies.last?.contains("/a.ics") == false)
        // Writes after a restart use the calendar from the state.
        #expect(restarted.apply(booking("speedai-booking-1", "20300120T183000Z", "20300120T203000Z")) ==
                .delivered(reference: calendar + "speedai-booking-1.ics"))
        #expect(!recorder.take().contains { $0.method == "PROPFIND" })
    }

    // MARK: writing

    @Test("a booking is written once: the second apply is a delivered retry, one resource; delete is idempotent")
    func idempotentWrites() throws {
        let calendar = try makeCalendar()
        let gateway = gateway(calendar)
        let operation = booking("speedai-booking-7", "20300118T183000Z", "20300118T203000Z", units: 3, capacity: 10, resource: "salle")
        let url = calendar + "speedai-booking-7.ics"
        #expect(gateway.apply(operation) == .delivered(reference: url))
        #expect(gateway.apply(operation) == .delivered(reference: url))
        #expect(try resourceCount(calendar) == 1)
        let text = try request("GET", url).text
        #expect(text.contains("UID:speedai-booking-7"))
        #expect(text.contains("STATUS:CONFIRMED"))
        #expect(text.contains("SUMMARY:Réservation Dupont\\, 3 pers."))
        let busy = try gateway.read(business: "bistrot", from: Self.from, state: nil).busy
        #expect(busy == [BusyInterval(id: "speedai-booking-7", start: Self.at("20300118T183000Z"),
                                      end: Self.at("20300118T203000Z"), resource: "salle", units: 3)])
        // A hold is tentative.
        let hold = booking("speedai-hold-8", "20300118T183000Z", "20300118T203000Z", units: 2, capacity: 10)
        #expect(gateway.apply(hold) == .delivered(reference: calendar + "speedai-hold-8.ics"))
        #expect(try request("GET", calendar + "speedai-hold-8.ics").text.contains("STATUS:TENTATIVE"))
        // Delete, then delete again.
        var removal = operation
        removal.action = .delete
        #expect(gateway.apply(removal) == .delivered(reference: url))
        #expect(gateway.apply(removal) == .delivered(reference: url))
        #expect(try resourceCount(calendar) == 1)
    }

    @Test("a resource of that name holding someone else's event is never overwritten")
    func foreignResource() throws {
        let calendar = try makeCalendar()
        try put(calendar, "speedai-booking-9.ics", event("not-ours", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\n"))
        let result = gateway(calendar).apply(booking("speedai-booking-9", "20300118T183000Z", "20300118T203000Z"))
        guard case .slotTaken(let message) = result else { Issue.record("got \(result)"); return }
        #expect(message.contains("already holds another event"))
        #expect(try request("GET", calendar + "speedai-booking-9.ics").text.contains("UID:not-ours"))
    }

    @Test("an event under our uid is our earlier attempt only if it carries this write's marker")
    func markerDecidesWhoseEventItIs() throws {
        let calendar = try makeCalendar()
        var write = booking("speedai-booking-a1b2c3d4e5f6-bistrot-3", "20300118T183000Z", "20300118T203000Z")
        write.marker = "a1b2c3d4e5f6/bistrot/41"
        // Another install (or anything else) holds the uid with its own marker: a conflict.
        try put(calendar, "\(write.uid).ics", event(write.uid, "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\n"
                                                   + "X-SPEEDAI-OUTBOX:ffffffffffff/bistrot/41\r\n"))
        let conflict = gateway(calendar).apply(write)
        guard case .slotTaken(let message) = conflict else { Issue.record("got \(conflict)"); return }
        #expect(message.contains("already holds another event"))
        // Our own earlier attempt (same marker) is a success, and is not written twice.
        try request("DELETE", calendar + "\(write.uid).ics")
        #expect(gateway(calendar).apply(write) == .delivered(reference: calendar + "\(write.uid).ics"))
        let text = try request("GET", calendar + "\(write.uid).ics").text
        #expect(CalDAVEventText.markers(in: text) == ["a1b2c3d4e5f6/bistrot/41"])
        #expect(gateway(calendar).apply(write) == .delivered(reference: calendar + "\(write.uid).ics"))
        #expect(try resourceCount(calendar) == 1)
    }

    @Test("a booking whose slot filled up in the calendar meanwhile is refused before writing; holds do not count")
    func capacityPreCheck() throws {
        let calendar = try makeCalendar()
        try put(calendar, "phone.ics", event("phone", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\nX-SPEEDAI-PARTY:6\r\n"))
        let gateway = gateway(calendar)
        #expect(gateway.apply(booking("speedai-hold-1", "20300118T183000Z", "20300118T203000Z", units: 4, capacity: 10)) ==
                .delivered(reference: calendar + "speedai-hold-1.ics"))
        #expect(gateway.apply(booking("speedai-booking-2", "20300118T190000Z", "20300118T210000Z", units: 4, capacity: 10)) ==
                .delivered(reference: calendar + "speedai-booking-2.ics"))
        let refused = gateway.apply(booking("speedai-booking-3", "20300118T183000Z", "20300118T203000Z", units: 1, capacity: 10))
        #expect(refused == .slotTaken("slot no longer free: the calendar already holds 10 of 10 places at that time"))
        // Another resource is another capacity.
        #expect(gateway.apply(booking("speedai-booking-4", "20300118T183000Z", "20300118T203000Z", units: 2, capacity: 2, resource: "terrasse")) !=
                .delivered(reference: calendar + "speedai-booking-4.ics"), "establishment-wide bookings count for every resource")
        let point = try gateway.calendarQuery(from: Self.at("20300118T200000Z"), to: Self.at("20300118T203000Z"))
        #expect(Set(point.map(\.id)) == ["phone", "speedai-hold-1", "speedai-booking-2"])
        #expect(try gateway.calendarQuery(from: Self.at("20300118T210000Z"), to: Self.at("20300118T220000Z"), expand: false).isEmpty)
    }

    @Test("a long booking is checked at each instant of its window: tables booked one after the other share a place")
    func capacityCountsAtEachInstant() throws {
        let calendar = try makeCalendar()
        // One table 18:00-19:00Z, then the same table again 19:00-20:30Z: one place at any time.
        try put(calendar, "early.ics", event("early", "DTSTART:20300118T180000Z\r\nDTEND:20300118T190000Z\r\n"))
        try put(calendar, "late.ics", event("late", "DTSTART:20300118T190000Z\r\nDTEND:20300118T203000Z\r\n"))
        let gateway = gateway(calendar)
        #expect(gateway.apply(booking("speedai-booking-1", "20300118T183000Z", "20300118T200000Z", units: 1, capacity: 2)) ==
                .delivered(reference: calendar + "speedai-booking-1.ics"))
        #expect(gateway.apply(booking("speedai-booking-2", "20300118T183000Z", "20300118T200000Z", units: 1, capacity: 2)) ==
                .slotTaken("slot no longer free: the calendar already holds 2 of 2 places at that time"))
    }

    @Test("two service instances booking the last place at once: exactly one booking stays, the other gets .slotTaken",
          arguments: 0..<4)
    func race(round: Int) throws {
        let calendar = try makeCalendar("race\(round)")
        // Nine of ten places taken by the phone; both instances want the last one.
        try put(calendar, "phone.ics", event("phone", "DTSTART:20300118T183000Z\r\nDTEND:20300118T203000Z\r\nX-SPEEDAI-PARTY:9\r\n"))
        let gateways = [gateway(calendar), gateway(calendar)]
        let operations = [booking("speedai-booking-\(2 * round + 1)", "20300118T183000Z", "20300118T203000Z", units: 1, capacity: 10),
                          booking("speedai-booking-\(2 * round + 2)", "20300118T183000Z", "20300118T203000Z", units: 1, capacity: 10)]
        let results = Mutex<[Int: DeliveryResult]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let result = gateways[index].apply(operations[index])
            results.withLock { $0[index] = result }
        }
        let outcomes = results.withLock { $0 }
        let delivered = outcomes.filter { if case .delivered = $0.value { return true } else { return false } }
        let refused = outcomes.filter { if case .slotTaken = $0.value { return true } else { return false } }
        #expect(delivered.count == 1, "\(outcomes)")
        #expect(refused.count == 1, "\(outcomes)")
        let busy = try gateways[0].read(business: "bistrot", from: Self.from, state: nil).busy
        let ours = busy.filter { $0.id.hasPrefix("speedai-booking-") }
        #expect(ours.count == 1)
        if let winner = delivered.first?.key { #expect(ours.first?.id == operations[winner].uid) }
    }
}
