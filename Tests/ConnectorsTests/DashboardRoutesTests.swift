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
        // Weeks in words (1 March 2030 is a Friday: its week starts on Monday 25 February), not ISO dates.
        #expect(statsPage.contains("semaine du 25 février") && statsPage.contains(">25 févr.</text>"), "\(statsPage)")
        #expect(!statsPage.contains("2030-02-25<") && !statsPage.contains("2030-03-04<"))
        #expect(Self.get(router, "/dashboard/stats?du=2030-03-31&au=2030-03-01", cookie: owner.cookie).status == 400)
        #expect(Self.get(router, "/dashboard/stats?etablissement=testbistro", cookie: stranger.cookie).status == 404)

        let platform = try Self.signedIn(fixture, email: "ops@speedai.fr", business: nil)
        #expect(Self.get(router, "/dashboard/entries/testbistro/1", cookie: platform.cookie).status == 200)
        #expect(Self.post(router, "/dashboard/logout", cookie: platform.cookie, [("csrf", platform.csrf)]).status == 303)
        #expect(Self.get(router, "/dashboard", cookie: platform.cookie).header("location") == "/admin/login")
    }

    @Test("a forced offer the engine refuses (party of 4, 2 places free) says why and sends nothing; the menu pre-selects no slot that cannot fit")
    func refusedForcedOffer() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        let secret = ServiceFixture.secret(of: try #require(ServiceFixture.json(response)["url"] as? String))
        fixture.clock.advance(60)
        #expect(fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", "Alice"), ("nom", "Test"), ("telephone", "06 12 34 56 78"), ("email", "alice@example.fr"),
            ("couverts", "4"), ("creneaux", "2030-03-14T19:30"),
        ]), secret: secret).status == 303)
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-2-0"), .delete(business: "testbistro", uid: "b-2-1")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)  // 20:00 now has its 2 places free
        fixture.service.dispatchOutbox()
        let router = ServiceRouter(service: fixture.service)
        let owner = try Self.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")

        let page = String(decoding: Self.get(router, "/dashboard/entries/testbistro/1", cookie: owner.cookie).body, as: UTF8.self)
        #expect(page.contains("jeudi 14 mars à 20h · 2 places libres — pas assez pour 4</option>"), "\(page)")
        #expect(page.contains("<option value=\"\" selected disabled>Aucun créneau n’a assez de place pour 4 personnes</option>"))
        #expect(page.components(separatedBy: " selected").count == 2, "only the placeholder is pre-selected")

        let sentBefore = fixture.sms.messages.count
        let refused = Self.post(router, "/dashboard/entries/testbistro/1/notify", cookie: owner.cookie,
                                [("csrf", owner.csrf), ("creneau", "2030-03-14T20:00"), ("confirmation", "oui")])
        #expect(refused.status == 409)
        let body = String(decoding: refused.body, as: UTF8.self)
        #expect(body.contains("Offre non envoyée") && body.contains("plus assez de place le jeudi 14 mars à 20h"), "\(body)")
        #expect(!body.contains("Notification envoyée"))
        #expect(fixture.service.dispatchOutbox() == 0 && fixture.sms.messages.count == sentBefore)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(1)?.status } == .waiting)
    }

    @Test("a page past the last one is a 404 that never reads « page 9 sur 1 », even for an empty list")
    func pagePastTheLast() throws {
        let fixture = try ServiceFixture()
        let router = ServiceRouter(service: fixture.service)
        let owner = try Self.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let response = Self.get(router, "/dashboard?statut=&page=9", cookie: owner.cookie)
        #expect(response.status == 404)
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(!body.contains("page 9 sur") && body.contains("il n’y a qu’une page"))
        let journal = Self.get(router, "/dashboard/journal?page=9", cookie: owner.cookie)
        #expect(journal.status == 404)
        #expect(!String(decoding: journal.body, as: UTF8.self).contains("page 9 sur"))
    }
}
