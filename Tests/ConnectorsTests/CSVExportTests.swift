/// The CSV export: the writer's quoting, byte-order mark and formula neutralising, and the two
/// routes (`/dashboard/export.csv`, `/api/v1/admin/entries.csv`) reading every matching row
/// across store pages, with the list's filters and only the admin's establishment.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("CSV export")
struct CSVExportTests {
    @Test("cells: ';' separator, RFC 4180 quoting, CRLF records")
    func quoting() {
        var writer = CSVWriter()
        writer.append(["a", "b;c", "say \"hi\"", "two\r\nlines", " padded", "é"])
        #expect(Array(writer.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(decoding: writer.bytes.dropFirst(3), as: UTF8.self)
            == "a;\"b;c\";\"say \"\"hi\"\"\";\"two\r\nlines\";\" padded\";é\r\n")
    }

    @Test("formula cells are neutralised with a leading apostrophe", arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+33612345678", "'+33612345678"), ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("ok=1", "ok=1"),
    ])
    func injection(value: String, expected: String) {
        #expect(CSVWriter.cell(value) == expected)
    }

    /// A fixture whose store holds `count` projected entries of testbistro (plus one of another
    /// establishment), numbered from 1, every third one waiting.
    static func filled(_ count: Int) throws -> (ServiceFixture, ServiceRouter) {
        let fixture = try ServiceFixture()
        var batch = StoreBatch()
        let requested = fixture.at("19:30")
        for id in 1...count {
            batch.entries.append(EntryRow(business: "testbistro", id: id, status: id % 3 == 0 ? "waiting" : "expired",
                                          phone: "+33612345678", firstName: id == 1 ? "=cmd|' /C calc'!A0" : "Zoé",
                                          lastName: id == 2 ? "Dupont; \"le grand\"" : "Lefèvre", email: "zoe@example.fr",
                                          requested: requested, service: "dinner", slots: [requested, requested + .seconds(1800)],
                                          partySize: 2, source: "voice_agent", createdAt: Instant(seconds: 1_899_716_400 - Int64(id)),
                                          updatedAt: Instant(seconds: 1_899_716_400), json: "{}"))
        }
        batch.entries.append(EntryRow(business: "autre", id: 1, status: "waiting", phone: "+33700000000", firstName: "Secret",
                                      lastName: "Autre", email: "x@autre.fr", requested: requested, service: "", slots: [],
                                      partySize: 1, source: "voice_agent", createdAt: Instant(seconds: 1_899_716_000),
                                      updatedAt: Instant(seconds: 1_899_716_000), json: "{}"))
        try fixture.store.commit(batch)
        return (fixture, ServiceRouter(service: fixture.service))
    }

    static func records(_ response: HTTPResponse) -> [String] {
        String(decoding: response.body.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    @Test("2 500 rows come out whole across three store pages, French headers, attachment name")
    func allPages() throws {
        let (fixture, router) = try Self.filled(2_500)
        let owner = try DashboardRoutesTests.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let response = DashboardRoutesTests.get(router, "/dashboard/export.csv", cookie: owner.cookie)
        #expect(response.status == 200)
        #expect(response.header("content-type")?.hasPrefix("text/csv; charset=utf-8") == true)
        #expect(response.header("content-disposition") == "attachment; filename=\"liste-attente-testbistro-2030-03-14.csv\"")
        #expect(Array(response.body.prefix(3)) == CSVWriter.byteOrderMark)
        let records = Self.records(response)
        #expect(records.count == 2_501)
        #expect(records[0] == "Établissement;N°;Nom;Prénom;Téléphone;E-mail;Créneau demandé;Créneaux alternatifs;Statut;Inscription;Priorité")
        #expect(records[1] == "testbistro;1;Lefèvre;'=cmd|' /C calc'!A0;06 12 34 56 78;zoe@example.fr;14/03/2030 19:30;14/03/2030 20:00;expiré;14/03/2030 11:59;")
        #expect(records[2].hasPrefix("testbistro;2;\"Dupont; \"\"le grand\"\"\";Zoé;"))
        #expect(Set(records.dropFirst().map { $0.split(separator: ";")[1] }).count == 2_500)
        #expect(!records.contains { $0.contains("Secret") })
    }

    @Test("the list's filters apply; bad filters are refused with the list's message")
    func filters() throws {
        let (fixture, router) = try Self.filled(30)
        let owner = try DashboardRoutesTests.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        let waiting = DashboardRoutesTests.get(router, "/dashboard/export.csv?statut=waiting&date=2030-03-14&creneau=19:30&page=1",
                                               cookie: owner.cookie)
        #expect(Self.records(waiting).count == 11)
        #expect(Self.records(DashboardRoutesTests.get(router, "/dashboard/export.csv?date=2030-03-15", cookie: owner.cookie)).count == 1)
        let bad = DashboardRoutesTests.get(router, "/dashboard/export.csv?statut=nope", cookie: owner.cookie)
        #expect(bad.status == 400 && String(decoding: bad.body, as: UTF8.self).contains("Statut inconnu"))
        #expect(DashboardRoutesTests.get(router, "/dashboard/export.csv", cookie: nil).header("location") == "/admin/login")
        let list = DashboardRoutesTests.get(router, "/dashboard?statut=waiting", cookie: owner.cookie)
        #expect(String(decoding: list.body, as: UTF8.self).contains("href=\"/dashboard/export.csv?statut=waiting&amp;page=1\""))
    }

    @Test("the API export: same rows, JSON errors, a platform admin sees every establishment served")
    func apiExport() throws {
        let (fixture, router) = try Self.filled(12)
        _ = try DashboardRoutesTests.signedIn(fixture, email: "ops@speedai.fr", business: nil)
        let login = AdminAPITests.json(router, "POST", "/api/v1/admin/sessions", body: #"{"email":"ops@speedai.fr","password":"correct horse battery"}"#)
        let token = try #require(login.object["token"] as? String)
        let all = AdminAPITests.json(router, "GET", "/api/v1/admin/entries.csv?status=waiting", token: token).response
        #expect(all.status == 200 && Self.records(all).count == 5)
        #expect(all.header("content-disposition")?.contains("liste-attente-testbistro-") == true)
        let bad = AdminAPITests.json(router, "GET", "/api/v1/admin/entries.csv?page=2", token: token)
        #expect(bad.status == 400 && AdminAPITests.errorCode(bad.object) == "unknown_parameter")
        #expect(AdminAPITests.json(router, "GET", "/api/v1/admin/entries.csv").status == 401)
    }
}
