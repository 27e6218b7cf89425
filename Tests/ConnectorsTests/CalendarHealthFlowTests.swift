/// Issue 13, end to end on a real Radicale server and real HTTP: a calendar that cannot be read
/// (a wrong password, a port where nothing listens, a server that never answers) never looks
/// empty, and a trigger for a slot that still has room is refused as `slot_available`.
import Foundation
import Runtime
import Testing
@testable import Connectors

#if canImport(Glibc)
import Glibc
#endif

@Suite("Calendar health on CalDAV (Radicale)", .serialized,
       .enabled(if: RadicaleServer.available, "radicale is not installed (python3 -m radicale): calendar health flow skipped"))
struct CalendarHealthFlowTests {
    /// A calendar on the password-checking server with `bookings` tables booked at each
    /// evening slot (capacity 2), through another client (the CRM).
    func bookedCalendar(tablesAt bookings: [String: Int], user: String = RadicaleServer.user,
                        password: String = RadicaleServer.password) throws -> (url: String, put: (String, String) throws -> Int) {
        let server = try #require(RadicaleServer.withPasswords, "Radicale did not start")
        let raw = CurlHTTPClient()
        let auth = OutboundHTTPRequest.Header("Authorization", "Basic " + Data("\(user):\(password)".utf8).base64EncodedString())
        func request(_ method: String, _ url: String, _ body: String = "") throws -> Int {
            try raw.send(OutboundHTTPRequest(method: method, url: url, headers: [auth, .init("Content-Type", "text/calendar")],
                                             body: Array(body.utf8))).get().status
        }
        let calendar = "\(server.baseURL)/\(user)/c\(UUID().uuidString.prefix(8).lowercased())/"
        #expect(try request("MKCALENDAR", calendar) == 201)
        let times = LiveServiceTimes()
        for (time, tables) in bookings {
            let start = times.at(time)
            for table in 0..<tables {
                let uid = "crm-\(time.replacingOccurrences(of: ":", with: ""))-\(table)"
                let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//EN\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20250101T000000Z\r\n"
                    + "DTSTART:\(start.iCalendarUTC)\r\nDTEND:\((start + .seconds(1800)).iCalendarUTC)\r\nSUMMARY:Table\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                #expect(try request("PUT", calendar + "\(uid).ics", ics) == 201)
            }
        }
        return (calendar, { uid, ics in try request("PUT", calendar + "\(uid).ics", ics) })
    }

    /// The whole evening booked: both tables of every slot.
    static let fullEvening = Dictionary(uniqueKeysWithValues: stride(from: 19 * 60, to: 22 * 60, by: 30).map {
        (String(format: "%02d:%02d", $0 / 60, $0 % 60), 2)
    })

    static func caldav(_ url: String, user: String = RadicaleServer.user, password: String) -> ConnectionSettings {
        ConnectionSettings(sms: .console, calendar: .caldav(url: url, username: user, password: password,
                                                            bearerToken: nil, calendarName: nil))
    }

    /// GET or POST on the live service over real HTTP.
    func call(_ live: LiveService, _ method: String, _ path: String, json: String? = nil,
              headers: [OutboundHTTPRequest.Header] = []) throws -> (status: Int, object: [String: Any], text: String) {
        var all = headers + [.init("Authorization", "Bearer test-key")]
        if json != nil { all.append(.init("Content-Type", "application/json")) }
        let response = try CurlHTTPClient().send(OutboundHTTPRequest(method: method, url: live.publicURL + path, headers: all,
                                                                     body: Array((json ?? "").utf8))).get()
        let object = (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
        return (response.status, object, response.text)
    }

    func triggerBody(_ live: LiveService, phone: String, at time: String) -> String {
        "{\"requested_slot\": \"\(live.service.localTime(live.at(time), business: "testbistro"))\", \"business_id\": \"testbistro\", \"phone\": \"\(phone)\"}"
    }

    func availabilityPath(_ live: LiveService, at time: String) -> String {
        let around = live.service.localTime(live.at(time), business: "testbistro").prefix(19)
        return "/api/v1/availability?business_id=testbistro&around=\(around)"
    }

    /// What every unreadable calendar must give: healthz degraded, availability 503, the
    /// metrics, and a trigger that still joins the list.
    func expectUnavailable(_ live: LiveService, phone: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(LiveService.waitFor(10) { live.service.runtime("testbistro")?.state.withLock { $0.engine.state.calendarStale } == true } != nil,
                "offers are held", sourceLocation: sourceLocation)
        let health = try call(live, "GET", "/healthz")
        #expect(health.status == 200, sourceLocation: sourceLocation)
        #expect(health.object["status"] as? String == "degraded", "\(health.text)", sourceLocation: sourceLocation)
        #expect(health.object["calendar_unavailable"] as? [String] == ["testbistro"], sourceLocation: sourceLocation)
        let availability = try call(live, "GET", availabilityPath(live, at: "19:30"))
        #expect(availability.status == 503, "\(availability.text)", sourceLocation: sourceLocation)
        #expect(availability.text.contains("\"calendar_unavailable\""), sourceLocation: sourceLocation)
        #expect(!availability.text.contains("\"free\""), "never reported as free", sourceLocation: sourceLocation)
        let metrics = try call(live, "GET", "/metrics").text
        #expect(metrics.contains("speedai_calendar_unavailable{business=\"testbistro\"} 1"), sourceLocation: sourceLocation)
        #expect(metrics.contains("speedai_calendar_read_errors_total{business=\"testbistro\"}"), sourceLocation: sourceLocation)
        #expect(metrics.contains("speedai_calendar_seconds_since_good_read{business=\"testbistro\"}"), sourceLocation: sourceLocation)
        let trigger = try call(live, "POST", "/api/v1/waitlist/trigger", json: triggerBody(live, phone: phone, at: "19:30"))
        #expect(trigger.status == 201, "a trigger still joins the list: \(trigger.text)", sourceLocation: sourceLocation)
    }

    @Test("a wrong password: healthz degraded, availability 503, trigger 201; the right one brings it back")
    func wrongPasswordThenRecovery() throws {
        let server = try #require(RadicaleServer.withPasswords, "Radicale did not start")
        let user = "cuisine\(UUID().uuidString.prefix(6).lowercased())"
        server.setPassword(user, "ancien-mot-de-passe")
        let calendar = try bookedCalendar(tablesAt: Self.fullEvening, user: user, password: "ancien-mot-de-passe")
        // The service holds a password the CRM does not know (yet).
        let live = try LiveService(rules: ServiceFixture.rules, settings: Self.caldav(calendar.url, user: user, password: "nouveau"),
                                   pollInterval: .seconds(1))
        defer { live.stop() }
        #expect(LiveService.waitFor(10) { live.service.businessesWithUnavailableCalendar() == ["testbistro"] } != nil)
        try expectUnavailable(live, phone: "+33612345611")
        #expect(live.logged("calendar read failed").first?.contains("401") == true)

        // The CRM account gets the password the service holds: the next read succeeds.
        server.setPassword(user, "nouveau")
        #expect(LiveService.waitFor(10) { live.service.businessesWithUnavailableCalendar().isEmpty } != nil)
        #expect(LiveService.waitFor(10) {
            live.service.runtime("testbistro")?.state.withLock { $0.engine.state.calendarStale } != true
        } != nil)
        let health = try call(live, "GET", "/healthz")
        #expect(health.object["status"] as? String == "ok", "\(health.text)")
        let availability = try call(live, "GET", availabilityPath(live, at: "19:30"))
        #expect(availability.status == 200)
        #expect((availability.object["requested"] as? [String: Any])?["free"] as? Int == 0, "the full slot reads as full: \(availability.text)")
        #expect(!live.logged("calendar readable again").isEmpty, "serve.log says the calendar is back")
        #expect(live.recordingSMS.messages.allSatisfy { $0.template != "offer" }, "no offer was made meanwhile")
    }

    @Test("a dead server (nothing listens on the port): unavailable, never free")
    func nothingListening() throws {
        let port = try #require(LoopbackPort.free())
        let live = try LiveService(rules: ServiceFixture.rules,
                                   settings: Self.caldav("http://127.0.0.1:\(port)/bistrot/cal/", password: "x"),
                                   pollInterval: .seconds(1))
        defer { live.stop() }
        #expect(LiveService.waitFor(10) { live.service.businessesWithUnavailableCalendar() == ["testbistro"] } != nil)
        try expectUnavailable(live, phone: "+33612345612")
    }

    @Test("a server that accepts and never answers: unavailable once the read times out")
    func silentServer() throws {
        let silent = try #require(SilentListener())
        let configuration = CalDAVConfiguration(url: "http://127.0.0.1:\(silent.port)/bistrot/cal/", username: "bistrot",
                                                password: "x", timeout: 1)
        let live = try LiveService(rules: ServiceFixture.rules, settings: Self.caldav("http://127.0.0.1:\(silent.port)/", password: "x"),
                                   pollInterval: .seconds(1),
                                   calendar: CalDAVGateway(configuration: configuration, client: CurlHTTPClient()))
        defer { live.stop() }
        #expect(LiveService.waitFor(20) { live.service.businessesWithUnavailableCalendar() == ["testbistro"] } != nil)
        try expectUnavailable(live, phone: "+33612345613")
        #expect(live.logged("calendar read failed").first?.contains("timed out") == true)
    }

    @Test("a trigger for a slot with room: 409 slot_available with free places and alternatives; no SMS, nothing stored")
    func triggerForFreeSlot() throws {
        var bookings = Self.fullEvening
        bookings["19:30"] = 1 // one table of two left at 19:30
        let calendar = try bookedCalendar(tablesAt: bookings)
        let live = try LiveService(rules: ServiceFixture.rules, settings: Self.caldav(calendar.url, password: RadicaleServer.password),
                                   pollInterval: .seconds(1))
        defer { live.stop() }
        let key = OutboundHTTPRequest.Header("Idempotency-Key", "appel-\(UUID().uuidString)")
        let body = triggerBody(live, phone: "+33612345614", at: "19:30")
        let refused = try call(live, "POST", "/api/v1/waitlist/trigger", json: body, headers: [key])
        #expect(refused.status == 409, "\(refused.text)")
        let error = refused.object["error"] as? [String: Any]
        #expect(error?["code"] as? String == "slot_available")
        #expect(refused.object["free"] as? Int == 1)
        #expect((refused.object["requested"] as? [String: Any])?["free"] as? Int == 1)
        // The same alternatives as the availability API.
        let availability = try call(live, "GET", availabilityPath(live, at: "19:30"))
        #expect(availability.status == 200)
        let alternatives = try #require(refused.object["alternatives"] as? [[String: Any]])
        #expect(alternatives.map { $0["start"] as? String } == (availability.object["alternatives"] as? [[String: Any]])?.map { $0["start"] as? String })
        // Nothing stored, nothing sent.
        #expect(live.service.runtime("testbistro")?.state.withLock { $0.engine.state.entries.isEmpty } == true)
        #expect(try live.store.idempotencyRecord(scope: String(decoding: live.service.apiKeyDigest, as: UTF8.self), key: key.value) == nil)
        #expect(try live.store.outboxCounts().values.reduce(0, +) == 0, "no SMS queued")
        #expect(live.recordingSMS.messages.isEmpty)

        // The CRM books the last table; once read, the same call (same key) joins the list.
        let start = live.at("19:30")
        let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//EN\r\nBEGIN:VEVENT\r\nUID:crm-last\r\nDTSTAMP:20250101T000000Z\r\n"
            + "DTSTART:\(start.iCalendarUTC)\r\nDTEND:\((start + .seconds(1800)).iCalendarUTC)\r\nSUMMARY:Table\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        #expect(try calendar.put("crm-last", ics) == 201)
        #expect(LiveService.waitFor(10) {
            live.service.runtime("testbistro")?.state.withLock { $0.engine.availability(around: start).requestedFree } == 0
        } != nil)
        let joined = try call(live, "POST", "/api/v1/waitlist/trigger", json: body, headers: [key])
        #expect(joined.status == 201, "\(joined.text)")
    }
}

/// A TCP port that accepts connections (the kernel's backlog) and never answers.
final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init?() {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard bound == 0, named == 0, listen(descriptor, 64) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
