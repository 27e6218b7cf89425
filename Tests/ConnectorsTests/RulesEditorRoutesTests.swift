/// The « Règles » screen end to end through the router, on a real SQLite file and a real rule
/// folder: check shows diagnostics at their line, a text with errors is never saved (422, file
/// and engine untouched), a good one is written, applied at once and versioned with its
/// author, a stale form is a 409 with the diff, a version restores, another establishment's
/// admin gets 404, CSRF guards every POST, and the preview replays last week's activity.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Rules editor routes")
struct RulesEditorRoutesTests {
    typealias Routes = DashboardRoutesTests

    struct Editor {
        let fixture: ServiceFixture
        let router: ServiceRouter
        let owner: (cookie: String, csrf: String)
        var path: String { fixture.folder + "/rules/testbistro.rules" }

        init() throws {
            fixture = try ServiceFixture()
            router = ServiceRouter(service: fixture.service)
            owner = try Routes.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        }

        func onDisk() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
        var runningName: String { fixture.service.runtime("testbistro")!.state.withLock { $0.engine.rules.establishment.name } }
        var runningDigest: String { fixture.service.runtime("testbistro")!.state.withLock { $0.ruleDigest } }

        func post(_ action: String, source: String, base: String? = nil, csrf: String? = nil) -> HTTPResponse {
            Routes.post(router, "/dashboard/regles/\(action)", cookie: owner.cookie,
                        [("csrf", csrf ?? owner.csrf), ("etablissement", "testbistro"), ("base", base ?? runningDigest), ("source", source)])
        }
    }

    static func body(_ response: HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    /// The 1-based line of the first line of `text` containing `needle`.
    static func line(of needle: String, in text: String) -> Int {
        (text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(needle) } ?? -1) + 1
    }

    @Test("the page shows the file; « Vérifier » lists diagnostics at their line and keeps the edited text")
    func checkShowsDiagnosticsAtTheirLine() throws {
        let editor = try Editor()
        #expect(Routes.get(editor.router, "/dashboard/regles", cookie: nil).header("location") == "/admin/login")
        let page = Routes.get(editor.router, "/dashboard/regles", cookie: editor.owner.cookie)
        #expect(page.status == 200)
        #expect(Self.body(page).contains("name = &quot;Test Bistro&quot;") && Self.body(page).contains("id=\"L1\""))
        #expect(Self.body(page).contains("<a href=\"/dashboard/regles\">Règles</a>"))

        let broken = ServiceFixture.rules.replacingOccurrences(of: "  timeout = 5m", with: "  tmeout = 5m")
        let line = Self.line(of: "tmeout", in: broken)
        let checked = editor.post("verifier", source: broken)
        #expect(checked.status == 200)
        let html = Self.body(checked)
        #expect(html.contains("<a href=\"#L\(line)\">Ligne \(line), colonne 3</a>"), "\(html)")
        #expect(html.contains("erreur"))
        #expect(html.contains("vouliez-vous dire"))
        // The checker's English stays in the CLI: the admin reads French, with French spacing.
        #expect(html.contains("réglage inconnu «\u{00A0}tmeout\u{00A0}» dans le bloc «\u{00A0}offers\u{00A0}»"), "\(html)")
        #expect(!html.contains("unknown setting") && !html.contains("did you mean"))
        #expect(html.contains("^^^^^^"), "the excerpt keeps the renderer's caret")
        #expect(html.contains("  tmeout = 5m"), "the text area keeps the edited text")

        let fine = editor.post("verifier", source: ServiceFixture.rules.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(Self.body(fine).contains("Vérification réussie"))
    }

    @Test("a text with an error is never saved: 422 with the diagnostics, file and engine unchanged")
    func saveWithErrorIsRefused() throws {
        let editor = try Editor()
        let before = try editor.onDisk(), digest = editor.runningDigest
        let broken = ServiceFixture.rules.replacingOccurrences(of: "Test Bistro", with: "Bistro Neuf")
            .replacingOccurrences(of: "  timeout = 5m", with: "  tmeout = 5m")
        let refused = editor.post("enregistrer", source: broken)
        #expect(refused.status == 422)
        #expect(Self.body(refused).contains("rien n’a été enregistré"))
        #expect(try editor.onDisk() == before)
        #expect(editor.runningDigest == digest && editor.runningName == "Test Bistro")
        #expect(try editor.fixture.store.ruleVersions(business: "testbistro", limit: 10).count == 1)
    }

    /// Issue 13: an admin of `other` saved `id = "demo"`; its erasure then deleted demo's rows.
    @Test("a saved file must declare its own establishment's id: 422 in French, nothing written; the folder loader refuses it too")
    func foreignIDIsRefused() throws {
        let editor = try Editor()
        let before = try editor.onDisk(), digest = editor.runningDigest
        let foreign = ServiceFixture.rules.replacingOccurrences(of: "id = \"testbistro\"", with: "id = \"demo\"")
        let refused = editor.post("enregistrer", source: foreign)
        #expect(refused.status == 422)
        let html = Self.body(refused)
        #expect(html.contains("l’identifiant «\u{00A0}demo\u{00A0}»") && html.contains("Rien n’a été enregistré"), "\(html)")
        #expect(html.contains("Ligne \(Self.line(of: "id = \"demo\"", in: foreign)),"), "the error points at the id line")
        #expect(try editor.onDisk() == before)
        #expect(editor.runningDigest == digest)
        #expect(editor.post("verifier", source: foreign).status == 200)
        #expect(Self.body(editor.post("verifier", source: foreign)).contains("mais ce fichier est celui de"))
        // Leaving id out (the file name) or writing the own id saves.
        let own = ServiceFixture.rules.replacingOccurrences(of: "  id = \"testbistro\"\n", with: "")
        #expect(editor.post("enregistrer", source: own).status == 303)

        // The folder: a new file declaring another id is not loaded; a running one keeps its
        // last good version and its journal says why.
        let folder = editor.fixture.folder + "/rules"
        try foreign.write(toFile: folder + "/other.rules", atomically: true, encoding: .utf8)
        try foreign.write(toFile: folder + "/testbistro.rules", atomically: true, encoding: .utf8)
        editor.fixture.service.scanRules()
        #expect(editor.fixture.service.runtime("other") == nil)
        #expect(editor.fixture.service.runtime("testbistro")!.state.withLock { $0.engine.rules.establishment.id } == "testbistro")
        let journal = try editor.fixture.store.journal(business: "testbistro", limit: 5).map(\.reason).joined(separator: "\n")
        #expect(journal.contains("establishment.id is \"demo\""), "\(journal)")
    }

    @Test("a good save writes the file, switches the engine, logs a rules event and records a version with its author")
    func saveApplies() throws {
        let editor = try Editor()
        let edited = ServiceFixture.rules.replacingOccurrences(of: "Test Bistro", with: "Bistro Neuf")
        let saved = editor.post("enregistrer", source: edited.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(saved.status == 303)
        #expect(saved.header("location") == "/dashboard/regles?etablissement=testbistro&ok=enregistre")
        #expect(try editor.onDisk() == edited, "saved with LF line endings")
        #expect(editor.runningName == "Bistro Neuf")
        let events = try editor.fixture.store.events(business: "testbistro", after: 0)
        #expect(events.last?.kind == "rules")
        let versions = try editor.fixture.store.ruleVersions(business: "testbistro", limit: 10)
        #expect(versions.map(\.version) == [2, 1])
        #expect(versions.map(\.author) == ["gerant@testbistro.fr", "fichier"])
        #expect(versions[0].source == edited && versions[0].digest == editor.runningDigest)
        // The watcher sees nothing new to apply.
        editor.fixture.service.scanRules()
        #expect(try editor.fixture.store.ruleVersions(business: "testbistro", limit: 10).count == 2)
        let page = Self.body(Routes.get(editor.router, "/dashboard/regles?ok=enregistre", cookie: editor.owner.cookie))
        #expect(page.contains("Règles enregistrées et appliquées.") && page.contains("gerant@testbistro.fr"))
        // Saving the running text again changes nothing.
        #expect(editor.post("enregistrer", source: edited).header("location") == "/dashboard/regles?etablissement=testbistro&ok=inchange")
        #expect(try editor.fixture.store.ruleVersions(business: "testbistro", limit: 10).count == 2)
    }

    @Test("a file changed since the form was loaded: 409 with the diff, nothing overwritten")
    func staleDigestConflicts() throws {
        let editor = try Editor()
        let loadedDigest = editor.runningDigest
        let external = ServiceFixture.rules.replacingOccurrences(of: "capacity = 2", with: "capacity = 3")
        try external.write(toFile: editor.path, atomically: true, encoding: .utf8)
        editor.fixture.service.scanRules()
        let versions = try editor.fixture.store.ruleVersions(business: "testbistro", limit: 10)
        #expect(versions.first?.author == "fichier" && versions.count == 2, "the watcher's reload is a version too")
        let mine = ServiceFixture.rules.replacingOccurrences(of: "Test Bistro", with: "Bistro Neuf")
        let conflict = editor.post("enregistrer", source: mine, base: loadedDigest)
        #expect(conflict.status == 409)
        let html = Self.body(conflict)
        #expect(html.contains("<span class=\"diff-removed\">-  capacity = 3</span>"))
        #expect(html.contains("<span class=\"diff-added\">+  capacity = 2</span>"))
        #expect(try editor.onDisk() == external)
        #expect(editor.runningName == "Test Bistro")
    }

    @Test("versions list with diffs; « Restaurer » needs confirmation, saves the old text as a new version; a version that no longer checks is refused")
    func rollback() throws {
        let editor = try Editor()
        let original = try editor.onDisk()
        #expect(editor.post("enregistrer", source: original.replacingOccurrences(of: "Test Bistro", with: "Bistro Neuf")).status == 303)
        let diff = Routes.get(editor.router, "/dashboard/regles/versions/2", cookie: editor.owner.cookie)
        #expect(diff.status == 200)
        #expect(Self.body(diff).contains("<span class=\"diff-added\">+  name = &quot;Bistro Neuf&quot;</span>"))
        let first = Self.body(Routes.get(editor.router, "/dashboard/regles/versions/1", cookie: editor.owner.cookie))
        #expect(first.contains("Restaurer cette version"))
        #expect(Routes.get(editor.router, "/dashboard/regles/versions/9", cookie: editor.owner.cookie).status == 404)

        let restorePath = "/dashboard/regles/versions/1/restaurer"
        let base = editor.runningDigest
        #expect(Routes.post(editor.router, restorePath, cookie: editor.owner.cookie,
                            [("csrf", editor.owner.csrf), ("etablissement", "testbistro"), ("base", base)]).status == 400)
        #expect(editor.runningName == "Bistro Neuf")
        let restored = Routes.post(editor.router, restorePath, cookie: editor.owner.cookie,
                                   [("csrf", editor.owner.csrf), ("etablissement", "testbistro"), ("base", base), ("confirmation", "oui")])
        #expect(restored.status == 303)
        #expect(editor.runningName == "Test Bistro")
        #expect(try editor.onDisk() == original)
        let versions = try editor.fixture.store.ruleVersions(business: "testbistro", limit: 10)
        #expect(versions.map(\.version) == [3, 2, 1] && versions[0].author == "gerant@testbistro.fr" && versions[0].source == original)

        // A stored version that no longer passes check is refused with its diagnostics.
        var batch = StoreBatch()
        batch.ruleVersion = RuleVersionInsert(business: "testbistro", digest: "x", author: "fichier", savedAt: editor.fixture.clock.now(),
                                              source: original.replacingOccurrences(of: "  timeout = 5m", with: "  tmeout = 5m"))
        try editor.fixture.store.commit(batch)
        let refused = Routes.post(editor.router, "/dashboard/regles/versions/4/restaurer", cookie: editor.owner.cookie,
                                  [("csrf", editor.owner.csrf), ("etablissement", "testbistro"), ("base", editor.runningDigest), ("confirmation", "oui")])
        #expect(refused.status == 422)
        #expect(Self.body(refused).contains("ne passe plus la vérification"))
        #expect(try editor.onDisk() == original)
    }

    @Test("another establishment's admin gets 404 everywhere; a forged CSRF token is a 403 that changes nothing")
    func isolationAndCSRF() throws {
        let editor = try Editor()
        let stranger = try Routes.signedIn(editor.fixture, email: "gerant@autre.fr", business: "autre")
        let before = try editor.onDisk()
        #expect(Routes.get(editor.router, "/dashboard/regles?etablissement=testbistro", cookie: stranger.cookie).status == 404)
        #expect(Routes.get(editor.router, "/dashboard/regles/versions/1?etablissement=testbistro", cookie: stranger.cookie).status == 404)
        #expect(Routes.get(editor.router, "/dashboard/regles?etablissement=autre", cookie: editor.owner.cookie).status == 404)
        let edited = before.replacingOccurrences(of: "Test Bistro", with: "Pirate")
        for action in ["verifier", "apercu", "enregistrer"] {
            #expect(Routes.post(editor.router, "/dashboard/regles/\(action)", cookie: stranger.cookie,
                                [("csrf", stranger.csrf), ("etablissement", "testbistro"), ("base", editor.runningDigest),
                                 ("source", edited)]).status == 404)
        }
        #expect(Routes.post(editor.router, "/dashboard/regles/versions/1/restaurer", cookie: stranger.cookie,
                            [("csrf", stranger.csrf), ("etablissement", "testbistro"), ("base", editor.runningDigest),
                             ("confirmation", "oui")]).status == 404)
        #expect(editor.post("enregistrer", source: edited, csrf: "forged").status == 403)
        #expect(Routes.post(editor.router, "/dashboard/regles/enregistrer", cookie: editor.owner.cookie,
                            [("csrf", editor.owner.csrf), ("etablissement", "testbistro")]).status == 400)
        #expect(try editor.onDisk() == before && editor.runningName == "Test Bistro")

        let platform = try Routes.signedIn(editor.fixture, email: "ops@speedai.fr", business: nil)
        #expect(Routes.get(editor.router, "/dashboard/regles?etablissement=testbistro", cookie: platform.cookie).status == 200)
        #expect(Routes.get(editor.router, "/dashboard/regles?etablissement=inconnu", cookie: platform.cookie).status == 404)
    }

    @Test("« Aperçu » replays last week's recorded activity under both rule files and marks the differences")
    func previewReplaysLastWeek() throws {
        let editor = try Editor()
        let fixture = editor.fixture
        let empty = editor.post("apercu", source: ServiceFixture.rules)
        #expect(empty.status == 200)
        try fixture.fillEvening()
        let url = try #require(ServiceFixture.json(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody())))["url"] as? String)
        let secret = ServiceFixture.secret(of: url)
        fixture.clock.advance(60)
        #expect(fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", "Camille"), ("nom", "Perrin"), ("telephone", "06 12 34 56 78"), ("email", "camille@example.fr"),
            ("couverts", "1"), ("creneaux", "2030-03-14T19:30"), ("creneaux", "2030-03-14T20:00"),
        ]), secret: secret).status == 303)
        fixture.clock.advance(60)
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-2-0")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        fixture.clock.advance(60)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.offers.count } == 1)

        // The edited rules never match a party of one: no offer would have gone out.
        let edited = ServiceFixture.rules.replacingOccurrences(of: "entry.party_size <= slot.free", with: "entry.party_size >= 5")
        let preview = editor.post("apercu", source: edited)
        #expect(preview.status == 200)
        let html = Self.body(preview)
        #expect(html.contains("<tr class=\"changed\"><th scope=\"row\">Offres envoyées</th><td>1</td><td>0</td><td>−1</td></tr>"), "\(html)")
        #expect(html.contains("<tr><th scope=\"row\">Entrées créées</th><td>1</td><td>1</td><td>=</td></tr>"))
        #expect(html.contains("ms sur"))
        #expect(editor.runningName == "Test Bistro", "a preview changes nothing")

        let broken = editor.post("apercu", source: edited.replacingOccurrences(of: "  timeout = 5m", with: "  tmeout = 5m"))
        #expect(broken.status == 422)
    }
}
