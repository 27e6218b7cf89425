/// The admin API's priority and personal-data endpoints: each goes through the same service
/// functions as the dashboard's forms, refuses the same things, and changes nothing when it
/// refuses; another establishment's entry is a 404.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Admin API actions")
struct AdminAPIActionsTests {
    typealias API = AdminAPITests

    /// Two joined entries under rules that read `entry.priority`, and the owner's API token.
    static func prepared() throws -> (ServiceFixture, ServiceRouter, String) {
        let fixture = try ServiceFixture(rules: DashboardHistoryRoutesTests.manualRules)
        try fixture.fillEvening()
        try DashboardHistoryRoutesTests.join(fixture, phone: "06 12 34 56 01", name: "Alice")
        try DashboardHistoryRoutesTests.join(fixture, phone: "06 12 34 56 02", name: "Bruno")
        let router = ServiceRouter(service: fixture.service)
        _ = try DashboardRoutesTests.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let login = API.json(router, "POST", "/api/v1/admin/sessions", body: #"{"email":"gerant@testbistro.fr","password":"correct horse battery"}"#)
        return (fixture, router, try #require(login.object["token"] as? String))
    }

    @Test("priority up moves the entry to the front; bad direction 400, unknown entry 404, closed 409, all unchanged")
    func priority() throws {
        let (fixture, router, token) = try Self.prepared()
        let path = "/api/v1/admin/entries/testbistro/2/priority"
        let moved = API.json(router, "POST", path, token: token, body: #"{"direction":"up"}"#)
        #expect(moved.status == 200)
        let entry = try #require(moved.object["entry"] as? [String: Any])
        #expect(entry["queue_position"] as? Int == 1, "\(entry)")
        #expect(DashboardHistoryRoutesTests.manualPriority(fixture, 2) == 1)

        for body in [#"{"direction":"sideways"}"#, #"{}"#, #"{"direction":"up","by":"me"}"#] {
            #expect(API.json(router, "POST", path, token: token, body: body).status == 400, "\(body)")
        }
        #expect(API.json(router, "POST", "/api/v1/admin/entries/testbistro/99/priority", token: token, body: #"{"direction":"up"}"#).status == 404)
        #expect(API.json(router, "POST", "/api/v1/admin/entries/autre/2/priority", token: token, body: #"{"direction":"up"}"#).status == 404)
        #expect(API.json(router, "GET", path, token: token).status == 405)
        #expect(API.json(router, "DELETE", "/api/v1/admin/entries/testbistro/2", token: token).status == 200)
        // A deletion erases the customer's data and keeps the anonymous trace.
        let deleted = try #require(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(2) })
        #expect(deleted.status == .removed && deleted.phone == "" && deleted.form?.firstName == "" && deleted.anonymisedAt != nil)
        #expect(deleted.form?.partySize == 1 && deleted.history.contains { $0.code == .deleted(by: "gerant@testbistro.fr") })
        let closed = API.json(router, "POST", path, token: token, body: #"{"direction":"down"}"#)
        #expect(closed.status == 409 && API.errorCode(closed.object) == "entry_closed")
        #expect(DashboardHistoryRoutesTests.manualPriority(fixture, 2) == 1)
    }

    @Test("rules that never read entry.priority: 409 manual_priority_unused, nothing changed")
    func priorityUnused() throws {
        let (fixture, router, token) = try AdminAPITests.prepared()
        let answer = API.json(router, "POST", "/api/v1/admin/entries/testbistro/1/priority", token: token, body: #"{"direction":"up"}"#)
        #expect(answer.status == 409 && API.errorCode(answer.object) == "manual_priority_unused")
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(1)?.manualPriority } == 0)
    }

    @Test("privacy export then erase by phone; a bad number 400; nothing held is an empty answer")
    func privacy() throws {
        let (fixture, router, token) = try Self.prepared()
        let export = API.json(router, "GET", "/api/v1/admin/privacy/export?phone=0612345601", token: token)
        #expect(export.status == 200 && export.object["phone"] as? String == "+33612345601")
        let found = try #require(export.object["establishments"] as? [[String: Any]])
        #expect(found.count == 1 && (found[0]["entries"] as? [Any])?.count == 1)
        #expect(API.json(router, "GET", "/api/v1/admin/privacy/export?phone=abc", token: token).status == 400)
        #expect(API.json(router, "GET", "/api/v1/admin/privacy/export?tel=0612345601", token: token).status == 400)

        #expect(API.json(router, "POST", "/api/v1/admin/privacy/erase", token: token, body: #"{"phone":"12"}"#).status == 400)
        #expect(API.json(router, "POST", "/api/v1/admin/privacy/erase", token: token, body: #"{"telephone":"0612345601"}"#).status == 400)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(1)?.phone } == "+33612345601")
        let erased = API.json(router, "POST", "/api/v1/admin/privacy/erase", token: token, body: #"{"phone":"06 12 34 56 01"}"#)
        #expect(erased.status == 200)
        let rows = try #require(erased.object["erased"] as? [[String: Any]])
        #expect(rows.count == 1 && rows[0]["entries"] as? Int == 1)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(1)?.phone } == "")
        let again = API.json(router, "POST", "/api/v1/admin/privacy/erase", token: token, body: #"{"phone":"06 12 34 56 01"}"#)
        #expect(again.status == 200 && (again.object["erased"] as? [Any])?.isEmpty == true)
        let after = API.json(router, "GET", "/api/v1/admin/privacy/export?phone=0612345601", token: token)
        #expect((after.object["establishments"] as? [Any])?.isEmpty == true)
    }
}
