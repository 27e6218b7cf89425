/// The Google Calendar emulator at the wire level, as a client that is not our connector
/// would see it: the token endpoint's OAuth errors, bearer authentication, events pages and
/// sync tokens, insert's id rules, delete and get, freeBusy, watch and channels.stop, and the
/// failures it can be told to produce.
import Foundation
import Runtime
import Testing
@testable import Connectors
import ProviderEmulators

@Suite("Google Calendar emulator", .serialized)
struct GoogleCalendarEmulatorTests {
    /// A raw client of the emulator.
    struct Client {
        let emulator: GoogleCalendarEmulator
        let http = CurlHTTPClient()

        func token(_ form: String) throws -> OutboundHTTPResponse {
            try http.send(OutboundHTTPRequest(method: "POST", url: emulator.tokenURL,
                                              headers: [.init("Content-Type", "application/x-www-form-urlencoded")],
                                              body: Array(form.utf8))).get()
        }

        func accessToken() throws -> String {
            let response = try token("grant_type=refresh_token&client_id=emulator-client.apps.googleusercontent.com&client_secret=emulator-secret&refresh_token=1%2F%2Femulator-refresh-token")
            return try #require(try Self.object(response)["access_token"] as? String)
        }

        func call(_ method: String, _ path: String, json: String? = nil, token: String?) throws -> OutboundHTTPResponse {
            var headers: [OutboundHTTPRequest.Header] = []
            if let token { headers.append(.init("Authorization", "Bearer \(token)")) }
            if json != nil { headers.append(.init("Content-Type", "application/json")) }
            return try http.send(OutboundHTTPRequest(method: method, url: emulator.baseURL + path, headers: headers,
                                                     body: Array((json ?? "").utf8))).get()
        }

        static func object(_ response: OutboundHTTPResponse) throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        }

        /// `error.errors[0].reason` of an error answer.
        static func reason(_ response: OutboundHTTPResponse) -> String? {
            let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
            let error = object?["error"] as? [String: Any]
            return ((error?["errors"] as? [[String: Any]])?.first?["reason"] as? String) ?? (object?["error"] as? String)
        }
    }

    static let eventJSON = #"{"id":"%@","summary":"x","start":{"dateTime":"2025-01-20T19:00:00+01:00"},"end":{"dateTime":"2025-01-20T20:00:00+01:00"}}"#

    static func event(_ id: String) -> String { eventJSON.replacingOccurrences(of: "%@", with: id) }

    @Test("the token endpoint grants refresh-token grants only to the right client, and 401s without a valid bearer token")
    func tokenEndpoint() throws {
        let fixture = try GoogleFixture()
        let client = Client(emulator: fixture.emulator)
        let granted = try client.token("grant_type=refresh_token&client_id=emulator-client.apps.googleusercontent.com&client_secret=emulator-secret&refresh_token=1%2F%2Femulator-refresh-token")
        #expect(granted.status == 200)
        let object = try Client.object(granted)
        #expect(object["token_type"] as? String == "Bearer")
        #expect(object["expires_in"] as? Int == 3599)

        let wrongClient = try client.token("grant_type=refresh_token&client_id=x&client_secret=y&refresh_token=1%2F%2Femulator-refresh-token")
        #expect(wrongClient.status == 401)
        #expect(Client.reason(wrongClient) == "invalid_client")
        let unknown = try client.token("grant_type=refresh_token&client_id=emulator-client.apps.googleusercontent.com&client_secret=emulator-secret&refresh_token=nope")
        #expect(unknown.status == 400)
        #expect(Client.reason(unknown) == "invalid_grant")
        let grantType = try client.token("grant_type=authorization_code&code=abc")
        #expect(Client.reason(grantType) == "unsupported_grant_type")

        #expect(try client.call("GET", "/calendars/primary/events", token: nil).status == 401)
        #expect(Client.reason(try client.call("GET", "/calendars/primary/events", token: "ya29.forged")) == "authError")
        let token = try client.accessToken()
        #expect(try client.call("GET", "/calendars/primary/events", token: token).status == 200)
        #expect(try client.call("GET", "/calendars/someone-else/events", token: token).status == 404)

        // Expiry and revocation.
        fixture.clock.advance(3600)
        #expect(try client.call("GET", "/calendars/primary/events", token: token).status == 401)
        let fresh = try client.accessToken()
        fixture.emulator.revoke(refreshToken: "1//emulator-refresh-token")
        #expect(try client.call("GET", "/calendars/primary/events", token: fresh).status == 401)
        #expect(Client.reason(try client.token("grant_type=refresh_token&client_id=emulator-client.apps.googleusercontent.com&client_secret=emulator-secret&refresh_token=1%2F%2Femulator-refresh-token")) == "invalid_grant")
    }

    @Test("insert checks the id (base32hex, 5-1024), refuses a duplicate with 409, requires start and end")
    func insertRules() throws {
        let fixture = try GoogleFixture()
        let client = Client(emulator: fixture.emulator)
        let token = try client.accessToken()
        let path = "/calendars/primary/events"
        let created = try client.call("POST", path, json: Self.event("abcde12345"), token: token)
        #expect(created.status == 200)
        let body = try Client.object(created)
        #expect(body["id"] as? String == "abcde12345")
        #expect(body["status"] as? String == "confirmed")
        #expect((body["start"] as? [String: Any])?["dateTime"] as? String == "2025-01-20T19:00:00+01:00")

        let duplicate = try client.call("POST", path, json: Self.event("abcde12345"), token: token)
        #expect(duplicate.status == 409)
        #expect(Client.reason(duplicate) == "duplicate")
        for bad in ["ABCDE12345", "abcd", "abcdwxyz", "abc-def"] {
            let refused = try client.call("POST", path, json: Self.event(bad), token: token)
            #expect(refused.status == 400, "id \(bad)")
            #expect(Client.reason(refused) == "invalid")
        }
        let noEnd = try client.call("POST", path, json: #"{"start":{"dateTime":"2025-01-20T19:00:00Z"}}"#, token: token)
        #expect(noEnd.status == 400)
        #expect(Client.reason(noEnd) == "required")
        let floating = try client.call("POST", path, json: #"{"start":{"dateTime":"2025-01-20T19:00:00"},"end":{"dateTime":"2025-01-20T20:00:00"}}"#, token: token)
        #expect(floating.status == 400)
        let zoned = try client.call("POST", path, json: #"{"start":{"dateTime":"2025-01-20T19:00:00","timeZone":"Europe/Paris"},"end":{"dateTime":"2025-01-20T20:00:00","timeZone":"Europe/Paris"}}"#, token: token)
        #expect(zoned.status == 200)
        #expect((try Client.object(zoned)["id"] as? String).map(GoogleEventID.isValid) == true)
        #expect(try client.call("POST", path, json: "{not json", token: token).status == 400)
        #expect(try client.call("POST", path, json: #"{"summary":5,"start":{"date":"2025-01-20"},"end":{"date":"2025-01-21"}}"#, token: token).status == 400)
        #expect(fixture.emulator.events.count == 2)
    }

    @Test("get, delete, delete again (410 deleted), unknown ids (404)")
    func getAndDelete() throws {
        let fixture = try GoogleFixture()
        let client = Client(emulator: fixture.emulator)
        let token = try client.accessToken()
        _ = try client.call("POST", "/calendars/primary/events", json: Self.event("abcde12345"), token: token)
        #expect(try client.call("GET", "/calendars/primary/events/abcde12345", token: token).status == 200)
        #expect(try client.call("DELETE", "/calendars/primary/events/abcde12345", token: token).status == 204)
        let again = try client.call("DELETE", "/calendars/primary/events/abcde12345", token: token)
        #expect(again.status == 410)
        #expect(Client.reason(again) == "deleted")
        let deleted = try Client.object(try client.call("GET", "/calendars/primary/events/abcde12345", token: token))
        #expect(deleted["status"] as? String == "cancelled")
        #expect(try client.call("DELETE", "/calendars/primary/events/zzzzz00000", token: token).status == 404)
        #expect(try client.call("GET", "/calendars/primary/events/zzzzz00000", token: token).status == 404)
    }

    @Test("events pages: maxResults and nextPageToken, nextSyncToken on the last page only, changes since a token, 410 once expired")
    func pagesAndSyncTokens() throws {
        let fixture = try GoogleFixture()
        let client = Client(emulator: fixture.emulator)
        let token = try client.accessToken()
        for index in 0..<5 {
            fixture.emulator.externalInsert(GoogleFixture.external(id: "event\(index)0", start: GoogleFixture.evening + .seconds(Int64(index) * 3600)))
        }
        var ids: [String] = []
        var query = "?maxResults=2"
        var pages = 0
        var syncToken: String?
        while true {
            let page = try Client.object(try client.call("GET", "/calendars/primary/events" + query, token: token))
            pages += 1
            #expect(page["timeZone"] as? String == "Europe/Paris")
            ids += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            if let next = page["nextPageToken"] as? String {
                #expect(page["nextSyncToken"] == nil)
                // A change during the listing waits for the next incremental sync.
                if pages == 1 { fixture.emulator.externalCancel(eventID: "event00") }
                query = "?maxResults=2&pageToken=" + GoogleURL.encode(next)
            } else {
                syncToken = page["nextSyncToken"] as? String
                break
            }
        }
        #expect(pages == 3)
        #expect(ids == ["event00", "event10", "event20", "event30", "event40"])
        let sync = try #require(syncToken)

        let changes = try Client.object(try client.call("GET", "/calendars/primary/events?syncToken=" + GoogleURL.encode(sync), token: token))
        let items = changes["items"] as? [[String: Any]] ?? []
        #expect(items.map { $0["id"] as? String } == ["event00"])
        #expect(items.first?["status"] as? String == "cancelled")
        #expect(items.first?["start"] == nil)

        let restricted = try client.call("GET", "/calendars/primary/events?syncToken=\(GoogleURL.encode(sync))&timeMin=2025-01-20T00:00:00Z", token: token)
        #expect(restricted.status == 400)

        fixture.emulator.expireSyncTokens()
        let gone = try client.call("GET", "/calendars/primary/events?syncToken=" + GoogleURL.encode(sync), token: token)
        #expect(gone.status == 410)
        #expect(Client.reason(gone) == "fullSyncRequired")
        let error = try Client.object(gone)["error"] as? [String: Any]
        #expect(error?["code"] as? Int == 410)

        // timeMin / timeMax select by overlap.
        let window = try Client.object(try client.call("GET", "/calendars/primary/events?singleEvents=true&timeMin=2025-01-20T19:30:00Z&timeMax=2025-01-20T21:00:00Z", token: token))
        #expect((window["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == ["event10", "event20"])
    }

    @Test("freeBusy merges busy periods, leaves out transparent events and reports unknown calendars")
    func freeBusy() throws {
        let fixture = try GoogleFixture()
        let client = Client(emulator: fixture.emulator)
        let token = try client.accessToken()
        fixture.emulator.externalInsert(GoogleFixture.external(minutes: 60))
        fixture.emulator.externalInsert(GoogleFixture.external(start: GoogleFixture.evening + .seconds(1800), minutes: 60))
        var free = GoogleFixture.external(start: GoogleFixture.evening + .seconds(4 * 3600))
        free.transparency = "transparent"
        fixture.emulator.externalInsert(free)
        let answer = try Client.object(try client.call("POST", "/freeBusy", json: #"{"timeMin":"2025-01-20T00:00:00Z","timeMax":"2025-01-21T00:00:00Z","items":[{"id":"primary"},{"id":"other@example.com"}]}"#, token: token))
        let calendars = try #require(answer["calendars"] as? [String: Any])
        let busy = (calendars["primary"] as? [String: Any])?["busy"] as? [[String: String]]
        #expect(busy == [["start": "2025-01-20T18:00:00Z", "end": "2025-01-20T19:30:00Z"]])
        let other = calendars["other@example.com"] as? [String: Any]
        #expect((other?["errors"] as? [[String: Any]])?.first?["reason"] as? String == "notFound")
        #expect(try client.call("POST", "/freeBusy", json: "{}", token: token).status == 400)
    }

    @Test("watch needs an id, web_hook and an HTTPS (or loopback) address; stop needs the right resourceId")
    func watchAndStop() throws {
        let fixture = try GoogleFixture()
        let client = Client(emulator: fixture.emulator)
        let token = try client.accessToken()
        let path = "/calendars/primary/events/watch"
        #expect(try client.call("POST", path, json: #"{"id":"c1","type":"web_hook","address":"http://example.com/hook"}"#, token: token).status == 400)
        #expect(try client.call("POST", path, json: #"{"id":"c1","type":"email","address":"https://example.com/hook"}"#, token: token).status == 400)
        let opened = try client.call("POST", path, json: #"{"id":"c1","type":"web_hook","address":"https://127.0.0.1:1/hook","token":"t","params":{"ttl":"600"}}"#, token: token)
        #expect(opened.status == 200)
        let channel = try Client.object(opened)
        #expect(channel["kind"] as? String == "api#channel")
        #expect(channel["expiration"] as? String == String((GoogleFixture.morning.seconds + 600) * 1000))
        let resourceID = try #require(channel["resourceId"] as? String)
        #expect(try client.call("POST", path, json: #"{"id":"c1","type":"web_hook","address":"https://127.0.0.1:1/hook"}"#, token: token).status == 400)

        #expect(try client.call("POST", "/channels/stop", json: #"{"id":"c1","resourceId":"wrong"}"#, token: token).status == 404)
        #expect(try client.call("POST", "/channels/stop", json: "{\"id\":\"c1\",\"resourceId\":\"\(resourceID)\"}", token: token).status == 204)
        #expect(fixture.emulator.channels.isEmpty)
        // The unreachable address was tried and recorded as such.
        #expect(fixture.emulator.pushes.map(\.state) == ["sync"])
        #expect(fixture.emulator.pushes.first?.responseStatus == nil)
    }

    @Test("injected failures hit the next API requests in order, with Google's error bodies")
    func injectedFailures() throws {
        let fixture = try GoogleFixture()
        let client = Client(emulator: fixture.emulator)
        let token = try client.accessToken()
        fixture.emulator.enqueueFailures([.status(429), .status(403, reason: "rateLimitExceeded"), .status(500), .garbage, .htmlPage])
        let path = "/calendars/primary/events"
        let limited = try client.call("GET", path, token: token)
        #expect(limited.status == 429)
        #expect(Client.reason(limited) == "rateLimitExceeded")
        let forbidden = try client.call("GET", path, token: token)
        #expect(forbidden.status == 403)
        let domain = ((try Client.object(forbidden)["error"] as? [String: Any])?["errors"] as? [[String: Any]])?.first?["domain"] as? String
        #expect(domain == "usageLimits")
        let backend = try client.call("GET", path, token: token)
        #expect(backend.status == 500)
        #expect(Client.reason(backend) == "backendError")
        let garbage = try client.call("GET", path, token: token)
        #expect(garbage.status == 200)
        #expect((try? JSONSerialization.jsonObject(with: Data(garbage.body))) == nil)
        #expect(try client.call("GET", path, token: token).status == 502)
        #expect(try client.call("GET", path, token: token).status == 200)
    }
}
