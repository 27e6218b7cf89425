/// The history work's dashboard routes over a real SQLite file: « Monter » / « Descendre »
/// through the engine (queue place, 400 on a bad direction, 404 for another establishment,
/// 409 on a closed entry or rules that ignore manual priority, CSRF), the entry page's French
/// history merged with its SMS, and the "Journal" screen with its dead-lettered SMS.
import Foundation
import Runtime
import RuleLang
import Synchronization
import Testing
@testable import Connectors

@Suite("Dashboard history routes")
struct DashboardHistoryRoutesTests {
    typealias D = DashboardRoutesTests

    /// The fixture's rules with the shipped manual boost, matching on the slot alone so the
    /// queue position (computed against the slot's free room) exists while the evening is full.
    static let manualRules = ServiceFixture.rules.replacingOccurrences(
        of: "match = slot.start in entry.slots && entry.party_size <= slot.free", with: "match = slot.start in entry.slots") + """
        priority {
          order = entry.joined_at
          boost manual {
            when = entry.priority != 0
            by = duration('10m') * entry.priority
          }
        }

        """

    /// Invites `phone` for 19:30 and, a minute later, fills its form for 19:30 (entry ids follow calls).
    static func join(_ fixture: ServiceFixture, phone: String, name: String) throws {
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: phone)))
        let secret = ServiceFixture.secret(of: try #require(ServiceFixture.json(response)["url"] as? String))
        fixture.clock.advance(60)
        let posted = fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", name), ("nom", "Test"), ("telephone", phone), ("email", "\(name.lowercased())@example.fr"),
            ("couverts", "1"), ("creneaux", "2030-03-14T19:30"),
        ]), secret: secret)
        #expect(posted.status == 303)
    }

    static func text(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    static func manualPriority(_ fixture: ServiceFixture, _ id: Int) -> Int? {
        fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(id)?.manualPriority }
    }

    @Test("Monter moves the entry ahead through the engine; bad input, other establishments and closed entries change nothing")
    func moveUpAndDown() throws {
        let fixture = try ServiceFixture(rules: Self.manualRules)
        try fixture.fillEvening()
        try Self.join(fixture, phone: "06 12 34 56 01", name: "Alice")
        try Self.join(fixture, phone: "06 12 34 56 02", name: "Bruno")
        let router = ServiceRouter(service: fixture.service)
        let path = "/dashboard/entries/testbistro/2/priority"
        #expect(D.get(router, "/dashboard/entries/testbistro/2", cookie: nil).header("location") == "/admin/login")
        #expect(D.post(router, path, cookie: "speedai_admin=nope", [("sens", "monter")]).header("location") == "/admin/login")

        let owner = try D.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let page = Self.text(D.get(router, "/dashboard/entries/testbistro/2", cookie: owner.cookie))
        #expect(page.contains("▲ Monter") && page.contains("▼ Descendre") && page.contains("priorité 2"))

        let moved = D.post(router, path, cookie: owner.cookie, [("csrf", owner.csrf), ("sens", "monter")])
        #expect(moved.status == 303)
        #expect(moved.header("location") == "/dashboard/entries/testbistro/2?ok=priorite")
        #expect(Self.manualPriority(fixture, 2) == 1)
        let after = Self.text(D.get(router, "/dashboard/entries/testbistro/2?ok=priorite", cookie: owner.cookie))
        #expect(after.contains(FrenchTypography.apply("Priorité mise à jour : 1re place dans la file.")))
        #expect(after.contains(FrenchTypography.apply("Priorité augmentée par gerant@testbistro.fr : 0 → +1")))
        #expect(try fixture.store.events(business: "testbistro", after: 0).contains { $0.kind == "priority" })

        // Bad direction, forged CSRF, another establishment: 400 / 403 / 404 and nothing changed.
        #expect(D.post(router, path, cookie: owner.cookie, [("csrf", owner.csrf), ("sens", "sauter")]).status == 400)
        #expect(D.post(router, path, cookie: owner.cookie, [("csrf", "forged"), ("sens", "monter")]).status == 403)
        let stranger = try D.signedIn(fixture, email: "gerant@autre.fr", business: "autre")
        #expect(D.post(router, path, cookie: stranger.cookie, [("csrf", stranger.csrf), ("sens", "monter")]).status == 404)
        #expect(D.get(router, "/dashboard/entries/testbistro/2", cookie: stranger.cookie).status == 404)
        #expect(Self.manualPriority(fixture, 2) == 1)

        // Down twice puts it below zero; a closed entry answers 409.
        for _ in 0..<2 {
            #expect(D.post(router, path, cookie: owner.cookie, [("csrf", owner.csrf), ("sens", "descendre")]).status == 303)
        }
        #expect(Self.manualPriority(fixture, 2) == -1)
        #expect(D.post(router, "/dashboard/entries/testbistro/2/delete", cookie: owner.cookie,
                       [("csrf", owner.csrf), ("confirmation", "oui")]).status == 303)
        let closed = D.post(router, path, cookie: owner.cookie, [("csrf", owner.csrf), ("sens", "monter")])
        #expect(closed.status == 409)
        #expect(Self.manualPriority(fixture, 2) == -1)
        #expect(!Self.text(D.get(router, "/dashboard/entries/testbistro/2", cookie: owner.cookie)).contains("▲ Monter"))
    }

    @Test("rules without a boost reading entry.priority: a calm explanation instead of the buttons, and a 409")
    func rulesWithoutManualPriority() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        try Self.join(fixture, phone: "06 12 34 56 01", name: "Alice")
        let router = ServiceRouter(service: fixture.service)
        let owner = try D.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let page = Self.text(D.get(router, "/dashboard/entries/testbistro/1", cookie: owner.cookie))
        #expect(page.contains("Les règles de cet établissement n’utilisent pas la priorité manuelle."))
        #expect(!page.contains("▲ Monter"))
        #expect(D.post(router, "/dashboard/entries/testbistro/1/priority", cookie: owner.cookie,
                       [("csrf", owner.csrf), ("sens", "monter")]).status == 409)
        #expect(Self.manualPriority(fixture, 1) == 0)
    }

    @Test("the entry page speaks French and shows each SMS with its delivery, in time order")
    func frenchHistoryWithSMS() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        try Self.join(fixture, phone: "06 12 34 56 01", name: "Alice")
        #expect(fixture.service.dispatchOutbox() == 1)
        let router = ServiceRouter(service: fixture.service)
        let owner = try D.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let page = Self.text(D.get(router, "/dashboard/entries/testbistro/1", cookie: owner.cookie))
        let invited = try #require(page.range(of: FrenchTypography.apply("Créneau du jeudi 14 mars à 19h30 complet : lien de liste d’attente envoyé par SMS")))
        let sms = try #require(page.range(of: FrenchTypography.apply("SMS « invitation » envoyé — pris en charge par l’opérateur")))
        let joined = try #require(page.range(of: "Inscription sur la liste d’attente pour jeudi 14 mars à 19h30 (1 personne)"))
        #expect(invited.lowerBound < sms.lowerBound && sms.lowerBound < joined.lowerBound)
        #expect(!page.contains("is full: waitlist link sent"))
        let rows = try fixture.store.smsHistory(business: "testbistro", entryID: 1)
        #expect(rows.map(\.template) == ["initial"] && rows.map(\.status) == [.sent])
        #expect(try fixture.store.smsHistory(business: "autre", entryID: 1).isEmpty)
    }

    @Test("the journal: engine lines and dead-lettered SMS in French, newest first, per establishment, paginated")
    func journalScreen() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        fixture.sms.failures.withLock { $0 = [.permanent("HTTP 400: invalid number")] }
        _ = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        #expect(fixture.service.dispatchOutbox() == 1)
        fixture.clock.advance(60)
        _ = try fixture.service.apply(.stop(phone: "+33699999999"), to: "testbistro", inspect: { _, _ in () })
        let router = ServiceRouter(service: fixture.service)
        #expect(D.get(router, "/dashboard/journal", cookie: nil).header("location") == "/admin/login")

        let owner = try D.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let response = D.get(router, "/dashboard/journal", cookie: owner.cookie)
        #expect(response.status == 200)
        let page = Self.text(response)
        #expect(page.contains("href=\"/dashboard/journal\">Journal</a>"))
        let stop = try #require(page.range(of: "STOP reçu de +33699999999 sans entrée ouverte"))
        let dead = try #require(page.range(of: FrenchTypography.apply("SMS « invitation » : échec définitif après 1 tentative (HTTP 400: invalid number) (entrée n° 1)")))
        #expect(stop.lowerBound < dead.lowerBound, "newest first")
        #expect(try fixture.store.deadSMS(business: "testbistro", limit: 10).count == 1)

        #expect(D.get(router, "/dashboard/journal?page=abc", cookie: owner.cookie).status == 400)
        #expect(D.get(router, "/dashboard/journal?page=9", cookie: owner.cookie).status == 404)
        let stranger = try D.signedIn(fixture, email: "gerant@autre.fr", business: "autre")
        #expect(D.get(router, "/dashboard/journal?etablissement=testbistro", cookie: stranger.cookie).status == 404)
        let platform = try D.signedIn(fixture, email: "ops@speedai.fr", business: nil)
        let all = Self.text(D.get(router, "/dashboard/journal?etablissement=testbistro", cookie: platform.cookie))
        #expect(all.contains("STOP reçu de +33699999999") && all.contains("<select name=\"etablissement\">"))
    }

    @Test("a rule file refused on reload is in the journal; the running rules stay")
    func refusedRuleFileInTheJournal() throws {
        let fixture = try ServiceFixture()
        let path = fixture.folder + "/rules/testbistro.rules"
        let good = try String(contentsOfFile: path, encoding: .utf8)
        try good.replacingOccurrences(of: "timeout = ", with: "timout = ").write(toFile: path, atomically: true, encoding: .utf8)
        fixture.service.scanRules()
        let owner = try D.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let page = Self.text(D.get(ServiceRouter(service: fixture.service), "/dashboard/journal", cookie: owner.cookie))
        #expect(page.contains("Nouvelles règles refusées, les précédentes restent en vigueur\u{202F}: testbistro.rules, ligne "), "\(page)")
        #expect(page.contains("réglage inconnu «\u{00A0}timout\u{00A0}» dans le bloc «\u{00A0}offers\u{00A0}»"), "\(page)")
        #expect(!page.contains("unknown setting"))
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.ruleDigest } == Digest.sha256Hex(good))
    }

    /// Issue 13: failures and lock-outs were neither in the log nor in the journal.
    @Test("sign-in failures and slowdowns are security events: a masked JSON log line, and the journal of the account's establishment")
    func signInFailuresInTheJournalAndTheLog() throws {
        let lines = Mutex<[String]>([])
        let fixture = try ServiceFixture(telemetry: ServiceTelemetry(logger: JSONLineLogger { line in lines.withLock { $0.append(line) } }))
        let router = ServiceRouter(service: fixture.service)
        let owner = try D.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let stranger = try D.signedIn(fixture, email: "gerant@autre.fr", business: "autre")
        let platform = try D.signedIn(fixture, email: "ops@speedai.fr", business: nil)
        for _ in 1...4 {
            #expect(router.handle(ServiceFixture.form("/admin/login", [("email", "gerant@testbistro.fr"), ("password", "faux")])).status == 401)
        }
        let slowed = router.handle(ServiceFixture.form("/admin/login", [("email", "gerant@testbistro.fr"), ("password", "correct horse battery")]))
        #expect(slowed.status == 429 && slowed.header("retry-after") == "1")
        var unknown = ServiceFixture.form("/admin/login", [("email", "pirate@ailleurs.fr"), ("password", "faux")])
        unknown.remoteAddress = "198.51.100.7"
        #expect(router.handle(unknown).status == 401)

        let page = Self.text(D.get(router, "/dashboard/journal", cookie: owner.cookie))
        #expect(page.ranges(of: "Connexion refusée pour g…@testbistro.fr depuis 127.0.0.…").count == 4, "\(page)")
        #expect(page.contains("Connexion ralentie pour g…@testbistro.fr"))
        #expect(page.contains("Sécurité") && !page.contains("pirate") && !page.contains("gerant@testbistro.fr depuis"))
        let other = Self.text(D.get(router, "/dashboard/journal?etablissement=autre", cookie: stranger.cookie))
        #expect(!other.contains("Connexion refusée"))
        let all = Self.text(D.get(router, "/dashboard/journal?etablissement=testbistro", cookie: platform.cookie))
        #expect(all.contains("Plateforme\u{202F}: Connexion refusée pour p…@ailleurs.fr (aucun compte) depuis 198.51.100.…"))

        let security = lines.withLock { $0 }.filter { $0.contains("\"msg\":\"security: ") }
        #expect(security.count == 6)
        #expect(security.allSatisfy { !$0.contains("gerant@testbistro.fr") && !$0.contains("127.0.0.1") && !$0.contains("pirate@") })
        #expect(security.contains { $0.contains("\"event\":\"sign_in_slowed_down\"") && $0.contains("\"delay_seconds\":1") })
    }
}
