/// The dashboard behind its sign-in: redirects when signed out, the list and an entry for
/// the establishment's admin, 404 for another establishment's entry (tenant isolation), CSRF
/// and confirmation on actions, and actions that go through the engine once.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Dashboard routes")
struct DashboardRoutesTests {
    static func signedIn(_ fixture: ServiceFixture, email: String, business: String?) throws -> (cookie: String, csrf: String) {
        var batch = StoreBatch()
        batch.admins = [AdminRow(email: email, business: business, passwordHash: PasswordHasher(iterations: 1000).hash("correct horse battery"),
                                 createdAt: fixture.clock.now())]
        try fixture.store.commit(batch)
        let router = ServiceRouter(service: fixture.service)
        let login = router.handle(ServiceFixture.form("/admin/login", [("email", email), ("password", "correct horse battery")]))
        #expect(login.status == 303)
        let cookie = try #require(login.header("set-cookie")).split(separator: ";").first.map(String.init) ?? ""
        let session = try #require(fixture.service.admins.session(cookieHeader: cookie))
        return (cookie, session.csrf)
    }

    static func get(_ router: ServiceRouter, _ path: String, cookie: String?) -> HTTPResponse {
        let parts = path.split(separator: "?", maxSplits: 1)
        let query = parts.count > 1 ? (QueryString.parse(String(parts[1])) ?? []) : []
        return router.handle(HTTPRequest(method: "GET", path: String(parts[0]), query: query,
                                         headers: cookie.map { [("cookie", $0)] } ?? []))
    }

    static func post(_ router: ServiceRouter, _ path: String, cookie: String, _ fields: [(String, String)]) -> HTTPResponse {
        var request = ServiceFixture.form(path, fields)
        request.headers.append(("cookie", cookie))
        return router.handle(request)
    }

    @Test("signed out → login; signed in → the list; another establishment's entry → 404; actions need CSRF and confirmation")
    func dashboardFlow() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        _ = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        let router = ServiceRouter(service: fixture.service)
        #expect(Self.get(router, "/dashboard", cookie: nil).header("location") == "/admin/login")
        let wrong = router.handle(ServiceFixture.form("/admin/login", [("email", "x@y.fr"), ("password", "nope")]))
        #expect(wrong.status == 401)
        #expect(String(decoding: wrong.body, as: UTF8.self).contains("Adresse e-mail ou mot de passe incorrect."))

        let owner = try Self.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let list = Self.get(router, "/dashboard?statut=invited", cookie: owner.cookie)
        #expect(list.status == 200)
        #expect(String(decoding: list.body, as: UTF8.self).contains("1 entrée · page 1 sur 1"))
        #expect(Self.get(router, "/dashboard?page=0", cookie: owner.cookie).status == 400)
        #expect(Self.get(router, "/dashboard/entries/testbistro/1", cookie: owner.cookie).status == 200)

        let stranger = try Self.signedIn(fixture, email: "gerant@autre.fr", business: "autre")
        #expect(Self.get(router, "/dashboard/entries/testbistro/1", cookie: stranger.cookie).status == 404)
        #expect(Self.post(router, "/dashboard/entries/testbistro/1/delete", cookie: stranger.cookie,
                          [("csrf", stranger.csrf), ("confirmation", "oui")]).status == 404)
        #expect(String(decoding: Self.get(router, "/dashboard", cookie: stranger.cookie).body, as: UTF8.self).contains("0 entrée"))

        #expect(Self.post(router, "/dashboard/entries/testbistro/1/delete", cookie: owner.cookie, [("csrf", "forged"), ("confirmation", "oui")]).status == 403)
        #expect(Self.post(router, "/dashboard/entries/testbistro/1/delete", cookie: owner.cookie, [("csrf", owner.csrf)]).status == 400)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(1)?.status } == .invited)
        #expect(Self.post(router, "/dashboard/entries/testbistro/1/delete", cookie: owner.cookie, [("csrf", owner.csrf), ("confirmation", "oui")]).status == 303)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(1)?.status } == .removed)
        #expect(Self.post(router, "/dashboard/entries/testbistro/1/delete", cookie: owner.cookie, [("csrf", owner.csrf), ("confirmation", "oui")]).status == 409)

        let stats = Self.get(router, "/dashboard/stats?du=2030-03-01&au=2030-03-31", cookie: owner.cookie)
        #expect(stats.status == 200)
        let statsPage = String(decoding: stats.body, as: UTF8.self)
        #expect(statsPage.contains("Taux de conversion") && statsPage.contains("<svg") && statsPage.contains("Invités"))
        #expect(Self.get(router, "/dashboard/stats?du=2030-03-31&au=2030-03-01", cookie: owner.cookie).status == 400)
        #expect(Self.get(router, "/dashboard/stats?etablissement=testbistro", cookie: stranger.cookie).status == 404)

        let platform = try Self.signedIn(fixture, email: "ops@speedai.fr", business: nil)
        #expect(Self.get(router, "/dashboard/entries/testbistro/1", cookie: platform.cookie).status == 200)
        #expect(Self.post(router, "/dashboard/logout", cookie: platform.cookie, [("csrf", platform.csrf)]).status == 303)
        #expect(Self.get(router, "/dashboard", cookie: platform.cookie).header("location") == "/admin/login")
    }
}
