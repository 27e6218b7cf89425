/// The rules editor over real HTTP on 127.0.0.1, with the background loops running (the
/// folder watcher scans every second): sign in, load the editor, save, and the engine runs
/// the new rules with exactly one new version, whoever of the save and the watcher looks first.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Rules editor over HTTP")
struct RulesEditorLiveTests {
    static func field(_ name: String, in html: String) -> String? {
        guard let range = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    static func form(_ fields: [(String, String)]) -> [UInt8] {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return Array(fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&").utf8)
    }

    @Test("sign in, open « Règles », save: 303, the engine switches, one version by the admin")
    func saveOverHTTP() throws {
        let live = try LiveService(rules: ServiceFixture.rules, settings: .embedded)
        defer { live.stop() }
        var batch = StoreBatch()
        batch.admins = [AdminRow(email: "gerant@testbistro.fr", business: "testbistro",
                                 passwordHash: PasswordHasher(iterations: 1000).hash("correct horse battery"), createdAt: Instant(seconds: 0))]
        try live.store.commit(batch)
        let port = Int(live.publicURL.split(separator: ":").last!)!
        let formHeaders = [("Content-Type", "application/x-www-form-urlencoded"), ("Origin", live.publicURL)]
        let login = try #require(TestHTTPClient.request(port: port, method: "POST", target: "/admin/login", headers: formHeaders,
                                                        body: Self.form([("email", "gerant@testbistro.fr"), ("password", "correct horse battery")])))
        #expect(login.status == 303)
        let cookie = try #require(login.header("set-cookie")?.split(separator: ";").first.map(String.init))
        let page = try #require(TestHTTPClient.request(port: port, target: "/dashboard/regles", headers: [("Cookie", cookie)]))
        #expect(page.status == 200)
        let html = String(decoding: page.body, as: UTF8.self)
        let csrf = try #require(Self.field("csrf", in: html)), base = try #require(Self.field("base", in: html))
        let edited = ServiceFixture.rules.replacingOccurrences(of: "Test Bistro", with: "Bistro du Port")
        let saved = try #require(TestHTTPClient.request(port: port, method: "POST", target: "/dashboard/regles/enregistrer",
                                                        headers: formHeaders + [("Cookie", cookie)],
                                                        body: Self.form([("csrf", csrf), ("etablissement", "testbistro"), ("base", base),
                                                                         ("source", edited)])))
        #expect(saved.status == 303)
        #expect(live.service.runtime("testbistro")!.state.withLock { $0.engine.rules.establishment.name } == "Bistro du Port")
        live.service.scanRules()
        let versions = try live.store.ruleVersions(business: "testbistro", limit: 10)
        #expect(versions.map(\.author) == ["gerant@testbistro.fr", "fichier"])
    }
}
