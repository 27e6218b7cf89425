/// The « Données personnelles » screen over real routes: signed out → login, export as a
/// JSON download, erasure behind CSRF and a confirmation box, bad input changes nothing, and
/// an establishment admin never reaches another establishment's customers.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Dashboard privacy routes")
struct DashboardPrivacyRoutesTests {
    typealias R = DashboardRoutesTests

    static func phoneOf(_ fixture: ServiceFixture, business: String = "testbistro", entry: Int = 1) -> String? {
        fixture.service.runtime(business)?.state.withLock { $0.engine.state.entry(entry)?.phone }
    }

    @Test("signed out → login; the page and nav link; export downloads JSON; erase needs CSRF and confirmation")
    func exportAndErase() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        try PrivacyTests.join(fixture, phone: "06 12 34 56 78")
        let router = ServiceRouter(service: fixture.service)
        #expect(R.get(router, "/dashboard/donnees", cookie: nil).header("location") == "/admin/login")
        let owner = try R.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let page = R.get(router, "/dashboard/donnees", cookie: owner.cookie)
        #expect(page.status == 200)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("<a href=\"/dashboard/donnees\">Données personnelles</a>"))
        #expect(html.contains("Exporter (JSON)") && html.contains("Effacer"))

        let export = R.post(router, "/dashboard/donnees/export", cookie: owner.cookie, [("csrf", owner.csrf), ("telephone", "+33 6 12 34 56 78")])
        #expect(export.status == 200)
        #expect(export.header("content-disposition")?.hasPrefix("attachment") == true)
        #expect(String(decoding: export.body, as: UTF8.self).contains("camille@example.fr"))

        #expect(R.post(router, "/dashboard/donnees/effacer", cookie: owner.cookie,
                       [("csrf", "wrong"), ("telephone", "0612345678"), ("confirmation", "oui")]).status == 403)
        let unconfirmed = R.post(router, "/dashboard/donnees/effacer", cookie: owner.cookie, [("csrf", owner.csrf), ("telephone", "0612345678")])
        #expect(unconfirmed.status == 400)
        let invalid = R.post(router, "/dashboard/donnees/effacer", cookie: owner.cookie,
                             [("csrf", owner.csrf), ("telephone", "douze"), ("confirmation", "oui")])
        #expect(invalid.status == 400)
        #expect(String(decoding: invalid.body, as: UTF8.self).contains("Numéro de téléphone invalide"))
        #expect(Self.phoneOf(fixture) == "+33612345678", "refused requests change nothing")

        let erased = R.post(router, "/dashboard/donnees/effacer", cookie: owner.cookie,
                            [("csrf", owner.csrf), ("telephone", "06 12 34 56 78"), ("confirmation", "oui")])
        #expect(erased.status == 200)
        #expect(String(decoding: erased.body, as: UTF8.self).contains("1 entrée effacée pour 06 12 34 56 78"))
        #expect(Self.phoneOf(fixture) == "")
        let again = R.post(router, "/dashboard/donnees/effacer", cookie: owner.cookie,
                           [("csrf", owner.csrf), ("telephone", "06 12 34 56 78"), ("confirmation", "oui")])
        #expect(String(decoding: again.body, as: UTF8.self).contains("Aucune donnée n’est conservée pour 06 12 34 56 78."))
    }

    @Test("an establishment admin erases and exports only their establishment; the platform admin every one")
    func tenantIsolation() throws {
        let fixture = try PrivacyTests.twoEstablishments()
        let router = ServiceRouter(service: fixture.service)
        let stranger = try R.signedIn(fixture, email: "gerant@otherbistro.fr", business: "otherbistro")
        let export = R.post(router, "/dashboard/donnees/export", cookie: stranger.cookie, [("csrf", stranger.csrf), ("telephone", "0612345678")])
        #expect(!String(decoding: export.body, as: UTF8.self).contains("testbistro"))
        let erased = R.post(router, "/dashboard/donnees/effacer", cookie: stranger.cookie,
                            [("csrf", stranger.csrf), ("telephone", "0612345678"), ("confirmation", "oui")])
        #expect(String(decoding: erased.body, as: UTF8.self).contains("1 entrée effacée"))
        #expect(Self.phoneOf(fixture, business: "testbistro") == "+33612345678")
        #expect(Self.phoneOf(fixture, business: "otherbistro") == "")
        let platform = try R.signedIn(fixture, email: "ops@speedai.fr", business: nil)
        let all = R.post(router, "/dashboard/donnees/effacer", cookie: platform.cookie,
                         [("csrf", platform.csrf), ("telephone", "0612345678"), ("confirmation", "oui")])
        #expect(String(decoding: all.body, as: UTF8.self).contains("1 entrée effacée"))
        #expect(Self.phoneOf(fixture, business: "testbistro") == "")
    }
}
