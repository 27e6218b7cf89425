/// The admin JSON API: sign-in and sign-out, bearer and cookie authentication (CSRF and origin
/// for unsafe cookie requests), the list with the HTML list's filter rules, an entry with its
/// history, the actions through the engine, statistics, tenant isolation (another
/// establishment's data is a 404), and bad input that is refused and changes nothing.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Admin API")
struct AdminAPITests {
    static func json(_ router: ServiceRouter, _ method: String, _ target: String, token: String? = nil,
                     cookie: String? = nil, csrf: String? = nil, body: String? = nil,
                     contentType: String = "application/json") -> (status: Int, object: [String: Any], response: HTTPResponse) {
        let parts = target.split(separator: "?", maxSplits: 1)
        var headers: [(name: String, value: String)] = []
        if let token { headers.append(("authorization", "Bearer \(token)")) }
        if let cookie { headers.append(("cookie", cookie)) }
        if let csrf { headers.append(("x-csrf-token", csrf)) }
        if body != nil { headers.append(("content-type", contentType)) }
        let response = router.handle(HTTPRequest(method: method, path: String(parts[0]),
                                                 query: parts.count > 1 ? (QueryString.parse(String(parts[1])) ?? []) : [],
                                                 headers: headers, body: Array((body ?? "").utf8)))
        return (response.status, ServiceFixture.json(response), response)
    }

    static func errorCode(_ object: [String: Any]) -> String? { (object["error"] as? [String: Any])?["code"] as? String }

    /// A fixture with one invited entry (id 1) and an owner account; returns the owner's API token.
    static func prepared() throws -> (ServiceFixture, ServiceRouter, String) {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        _ = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        let router = ServiceRouter(service: fixture.service)
        _ = try DashboardRoutesTests.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let login = json(router, "POST", "/api/v1/admin/sessions", body: #"{"email":"gerant@testbistro.fr","password":"correct horse battery"}"#)
        #expect(login.status == 201)
        #expect(login.object["business"] as? String == "testbistro")
        #expect((login.object["csrf"] as? String)?.isEmpty == false)
        return (fixture, router, try #require(login.object["token"] as? String))
    }

    static func status(_ fixture: ServiceFixture, _ id: Int) -> EntryStatus? {
        fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(id)?.status }
    }

    @Test("sign-in: 201 with a token; wrong password 401; unknown field, bad JSON and wrong type refused")
    func signIn() throws {
        let (_, router, token) = try Self.prepared()
        #expect(token.count == 43)
        let wrong = Self.json(router, "POST", "/api/v1/admin/sessions", body: #"{"email":"gerant@testbistro.fr","password":"nope"}"#)
        #expect(wrong.status == 401 && Self.errorCode(wrong.object) == "invalid_credentials")
        let unknown = Self.json(router, "POST", "/api/v1/admin/sessions", body: #"{"emial":"a@b.fr","password":"x"}"#)
        #expect(unknown.status == 400 && Self.errorCode(unknown.object) == "unknown_field")
        #expect(String(decoding: unknown.response.body, as: UTF8.self).contains("did you mean 'email'?"))
        #expect(Self.json(router, "POST", "/api/v1/admin/sessions", body: "{").status == 400)
        #expect(Self.json(router, "POST", "/api/v1/admin/sessions", body: "email=a", contentType: "application/x-www-form-urlencoded").status == 415)
        #expect(Self.json(router, "GET", "/api/v1/admin/sessions").status == 405)
        #expect(Self.json(router, "GET", "/api/v1/admin/sessions").response.header("allow") == "POST")
    }

    @Test("after four failed sign-ins the next waits: 429 with Retry-After, unchecked")
    func throttled() throws {
        let (_, router, _) = try Self.prepared()
        for _ in 0..<4 {
            _ = Self.json(router, "POST", "/api/v1/admin/sessions", body: #"{"email":"gerant@testbistro.fr","password":"nope"}"#)
        }
        let refused = Self.json(router, "POST", "/api/v1/admin/sessions", body: #"{"email":"gerant@testbistro.fr","password":"correct horse battery"}"#)
        #expect(refused.status == 429)
        #expect(refused.response.header("retry-after") == "1")
    }

    @Test("no or bad credentials → 401 unauthenticated; logout ends the bearer session")
    func authentication() throws {
        let (_, router, token) = try Self.prepared()
        for candidate in [nil, "garbage", String(repeating: "A", count: 43)] {
            let answer = Self.json(router, "GET", "/api/v1/admin/entries", token: candidate)
            #expect(answer.status == 401 && Self.errorCode(answer.object) == "unauthenticated")
            #expect(answer.response.header("www-authenticate") == "Bearer")
        }
        #expect(Self.json(router, "GET", "/api/v1/admin/entries", token: token).status == 200)
        #expect(Self.json(router, "DELETE", "/api/v1/admin/sessions/current", token: token).status == 204)
        #expect(Self.json(router, "GET", "/api/v1/admin/entries", token: token).status == 401)
        #expect(Self.json(router, "GET", "/api/v1/admin/nothing-here", token: token).status == 404)
    }

    @Test("cookie sessions: reads need nothing more, unsafe methods need X-CSRF-Token and the origin")
    func cookieCSRF() throws {
        let (fixture, router, _) = try Self.prepared()
        let owner = try DashboardRoutesTests.signedIn(fixture, email: "second@testbistro.fr", business: "testbistro")
        #expect(Self.json(router, "GET", "/api/v1/admin/entries", cookie: owner.cookie).status == 200)
        let forged = Self.json(router, "DELETE", "/api/v1/admin/entries/testbistro/1", cookie: owner.cookie, csrf: "forged")
        #expect(forged.status == 403 && Self.errorCode(forged.object) == "csrf_failed")
        #expect(Self.json(router, "DELETE", "/api/v1/admin/entries/testbistro/1", cookie: owner.cookie).status == 403)
        var crossSite = HTTPRequest(method: "DELETE", path: "/api/v1/admin/entries/testbistro/1",
                                    headers: [("cookie", owner.cookie), ("x-csrf-token", owner.csrf), ("sec-fetch-site", "cross-site")])
        #expect(router.handle(crossSite).status == 403)
        #expect(Self.status(fixture, 1) == .invited)
        crossSite.headers.removeLast()
        #expect(router.handle(crossSite).status == 200)
        #expect(Self.status(fixture, 1) == .removed)
        let logout = Self.json(router, "DELETE", "/api/v1/admin/sessions/current", cookie: owner.cookie, csrf: owner.csrf)
        #expect(logout.status == 204 && logout.response.header("set-cookie")?.contains("Max-Age=0") == true)
    }

    @Test("list: the entry's fields, pagination, filters validated like the HTML list, unknown parameters refused")
    func list() throws {
        let (_, router, token) = try Self.prepared()
        let answer = Self.json(router, "GET", "/api/v1/admin/entries?status=invited&date=2030-03-14&per_page=10", token: token)
        #expect(answer.status == 200)
        #expect(answer.object["total"] as? Int == 1 && answer.object["page"] as? Int == 1 && answer.object["per_page"] as? Int == 10)
        #expect(answer.object["page_count"] as? Int == 1)
        let entry = try #require((answer.object["entries"] as? [[String: Any]])?.first)
        #expect(entry["id"] as? Int == 1 && entry["business"] as? String == "testbistro")
        #expect(entry["phone"] as? String == "+33612345678")
        #expect(entry["status"] as? String == "invited" && entry["status_label"] as? String == "invité (formulaire non rempli)")
        let requested = try #require(entry["requested_slot"] as? [String: Any])
        #expect(requested["local"] as? String == "2030-03-14T19:30:00" && requested["utc"] as? String == "2030-03-14T18:30:00Z")
        #expect(entry["joined_at"] as? String == "2030-03-14T11:00:00Z")
        #expect(entry["queue_position"] is NSNull)
        for (target, field) in [("?page=0", "page"), ("?per_page=500", "per_page"), ("?status=wating", "status"), ("?sort=oldest", "sort"),
                                ("?date=14/03/2030", "date"), ("?slot=19:30", "slot"), ("?date=2030-03-14&slot=7pm", "slot")] {
            let refused = Self.json(router, "GET", "/api/v1/admin/entries" + target, token: token)
            #expect(refused.status == 400, "\(target)")
            #expect((refused.object["error"] as? [String: Any])?["field"] as? String == field, "\(target)")
        }
        let typo = Self.json(router, "GET", "/api/v1/admin/entries?statut=waiting", token: token)
        #expect(typo.status == 400 && Self.errorCode(typo.object) == "unknown_parameter")
        #expect(String(decoding: typo.response.body, as: UTF8.self).contains("did you mean 'status'?"))
        #expect(Self.json(router, "GET", "/api/v1/admin/entries?page=9", token: token).object["entries"] as? [Any] != nil)
    }

    @Test("an establishment admin gets 404 for another establishment's entries, list and stats")
    func tenantIsolation() throws {
        let (fixture, router, _) = try Self.prepared()
        _ = try DashboardRoutesTests.signedIn(fixture, email: "gerant@autre.fr", business: "autre")
        let login = Self.json(router, "POST", "/api/v1/admin/sessions", body: #"{"email":"gerant@autre.fr","password":"correct horse battery"}"#)
        let stranger = try #require(login.object["token"] as? String)
        #expect(Self.json(router, "GET", "/api/v1/admin/entries/testbistro/1", token: stranger).status == 404)
        #expect(Self.json(router, "GET", "/api/v1/admin/entries/testbistro/999", token: stranger).status == 404)
        #expect(Self.json(router, "DELETE", "/api/v1/admin/entries/testbistro/1", token: stranger).status == 404)
        #expect(Self.json(router, "POST", "/api/v1/admin/entries/testbistro/1/notify", token: stranger,
                          body: #"{"slot":"2030-03-14T20:00"}"#).status == 404)
        #expect(Self.json(router, "GET", "/api/v1/admin/entries?business=testbistro", token: stranger).status == 404)
        #expect(Self.json(router, "GET", "/api/v1/admin/entries.csv?business=testbistro", token: stranger).status == 404)
        #expect(Self.json(router, "GET", "/api/v1/admin/stats?business=testbistro", token: stranger).status == 404)
        #expect(Self.json(router, "GET", "/api/v1/admin/entries", token: stranger).object["total"] as? Int == 0)
        #expect(Self.status(fixture, 1) == .invited)
    }

    @Test("entry with history; notify and delete through the engine; bad slot 400, closed 409, nothing changed")
    func actions() throws {
        let (fixture, router, token) = try Self.prepared()
        let detail = Self.json(router, "GET", "/api/v1/admin/entries/testbistro/1", token: token)
        #expect(detail.status == 200)
        let history = try #require(detail.object["history"] as? [[String: Any]])
        #expect((history.first?["text"] as? String)?.hasPrefix("Créneau du jeudi 14 mars à 19h30 complet : lien de liste d’attente envoyé") == true,
                "\(history)")
        #expect(history.allSatisfy { ($0["text"] as? String)?.isEmpty == false && $0["reason"] is String })
        fixture.service.dispatchOutbox()
        let sent = Self.json(router, "GET", "/api/v1/admin/entries/testbistro/1", token: token)
        let sms = try #require(sent.object["sms"] as? [[String: Any]])
        #expect(sms.count == 1 && sms[0]["template"] as? String == "initial" && sms[0]["status"] as? String == "sent", "\(sms)")
        #expect((sms[0]["text"] as? String)?.hasPrefix("SMS « invitation » envoyé") == true, "\(sms)")
        #expect((detail.object["entry"] as? [String: Any])?["id"] as? Int == 1)
        #expect(Self.json(router, "GET", "/api/v1/admin/entries/testbistro/abc", token: token).status == 404)

        let path = "/api/v1/admin/entries/testbistro/1/notify"
        #expect(Self.json(router, "POST", path, token: token, body: #"{"slot":"2030-03-13T20:00"}"#).status == 400)
        #expect(Self.json(router, "POST", path, token: token, body: #"{"slot":"tomorrow"}"#).status == 400)
        #expect(Self.json(router, "POST", path, token: token, body: #"{"slot":5}"#).status == 400)
        #expect(Self.json(router, "POST", path, token: token, body: #"{"slots":"2030-03-14T20:00"}"#).status == 400)
        #expect(Self.json(router, "POST", path, token: token, body: "{").status == 400)
        #expect(Self.json(router, "POST", path, token: token).status == 415)
        #expect(Self.json(router, "POST", path, token: token, body: "slot=x", contentType: "text/plain").status == 415)
        #expect(Self.status(fixture, 1) == .invited)

        // The entry is only invited (no form yet): the engine refuses the offer, and the API says so.
        let notified = Self.json(router, "POST", path, token: token, body: #"{"slot":"2030-03-14T20:00"}"#)
        #expect(notified.status == 409 && Self.errorCode(notified.object) == "offer_refused")
        #expect(Self.status(fixture, 1) == .invited)
        let deleted = Self.json(router, "POST", "/api/v1/admin/entries/testbistro/1/delete", token: token)
        #expect(deleted.status == 200)
        #expect((deleted.object["entry"] as? [String: Any])?["status"] as? String == "removed")
        let again = Self.json(router, "DELETE", "/api/v1/admin/entries/testbistro/1", token: token)
        #expect(again.status == 409 && Self.errorCode(again.object) == "entry_closed")
        #expect(Self.json(router, "POST", path, token: token, body: #"{"slot":"2030-03-14T20:00"}"#).status == 409)
    }

    @Test("stats: the figures as JSON; bad period 400")
    func stats() throws {
        let (_, router, token) = try Self.prepared()
        let answer = Self.json(router, "GET", "/api/v1/admin/stats?from=2030-03-01&to=2030-03-31", token: token)
        #expect(answer.status == 200)
        #expect(answer.object["invited"] as? Int == 1 && answer.object["business"] as? String == "testbistro")
        #expect(answer.object["sms"] is [String: Any] && answer.object["refilled_per_week"] is [Any])
        #expect(Self.json(router, "GET", "/api/v1/admin/stats?from=2030-03-31&to=2030-03-01", token: token).status == 400)
        #expect(Self.json(router, "GET", "/api/v1/admin/stats?from=yesterday", token: token).status == 400)
        #expect(Self.json(router, "GET", "/api/v1/admin/stats?du=2030-03-01", token: token).status == 400)
    }

    @Test("over real HTTP on 127.0.0.1: sign in, then list with the bearer token")
    func overHTTP() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        #expect(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody())).status == 201)
        _ = try DashboardRoutesTests.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let port = LoopbackPort.free() ?? 18_181
        var configuration = HTTPServerConfiguration()
        configuration.port = port
        let server = HTTPServer(configuration: configuration, handler: ServiceRouter(service: fixture.service))
        try server.start()
        defer { server.stop() }
        let login = try #require(TestHTTPClient.request(port: port, method: "POST", target: "/api/v1/admin/sessions",
                                                        headers: [("Content-Type", "application/json")],
                                                        body: Array(#"{"email":"gerant@testbistro.fr","password":"correct horse battery"}"#.utf8)))
        #expect(login.status == 201)
        let token = try #require((try JSONSerialization.jsonObject(with: Data(login.body)) as? [String: Any])?["token"] as? String)
        let list = try #require(TestHTTPClient.request(port: port, target: "/api/v1/admin/entries?status=invited",
                                                       headers: [("Authorization", "Bearer \(token)")]))
        #expect(list.status == 200 && list.header("content-type") == "application/json; charset=utf-8")
        #expect(list.text.contains("\"total\":1"))
    }
}
