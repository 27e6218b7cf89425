/// SMS delivery status end to end over a real SQLite file: the dispatcher keeps the provider's
/// reference, signed Twilio status callbacks record « remis » / « non remis » on it (never
/// downgraded by a late report), the entry page says so in French, an unknown MessageSid is
/// acknowledged and changes nothing, a forged one is refused, and an erasure keeps the report.
/// Also the live flow through the Twilio emulator over real HTTP.
import Foundation
import ProviderEmulators
import Runtime
import Testing
@testable import Connectors

@Suite("SMS delivery status", .serialized)
struct SMSDeliveryStatusTests {
    typealias D = DashboardRoutesTests
    typealias H = DashboardHistoryRoutesTests
    static let token = "twilio-test-token"
    static let accountSID = "AC" + String(repeating: "0123456789abcdef", count: 2)

    /// Twilio settings for `testbistro` (so callbacks signed with `token` verify), keeping the
    /// fixture's recording sender, whose references are `test-<outbox id>`.
    static func useTwilio(_ fixture: ServiceFixture) {
        let settings = ConnectionSettings(sms: .twilio(accountSID: accountSID, authToken: token, from: "+33757000000",
                                                       messagingServiceSID: nil, statusCallback: true, baseURL: "http://127.0.0.1:1"),
                                          calendar: .local)
        fixture.service.useConnectors(BusinessConnectors(calendar: LocalCalendar(store: fixture.store), sms: fixture.sms),
                                      settings: settings, for: "testbistro")
    }

    /// A status callback as Twilio posts it, signed with `token` (or forged).
    static func callback(_ router: ServiceRouter, sid: String, status: String, errorCode: Int? = nil,
                         forged: Bool = false) -> HTTPResponse {
        var fields: [(name: String, value: String)] = [("MessageSid", sid), ("MessageStatus", status), ("SmsSid", sid),
                                                       ("SmsStatus", status), ("To", "+33612345601"),
                                                       ("From", "+33757000000"), ("AccountSid", accountSID)]
        if let errorCode { fields.append(("ErrorCode", String(errorCode))) }
        let path = "/webhooks/twilio/status"
        // The fixture has no public URL: the service checks the signature over the bare path.
        let signature = TwilioSignature.compute(url: path, parameters: fields, authToken: forged ? "not-the-token" : token)
        return router.handle(HTTPRequest(method: "POST", path: path,
                                         headers: [("content-type", "application/x-www-form-urlencoded"),
                                                   ("x-twilio-signature", signature)],
                                         body: Array(FormEncoding.encode(fields).utf8)))
    }

    /// Every outbox row's delivery columns, to show that nothing changed.
    static func deliveryColumns(_ fixture: ServiceFixture) throws -> [String] {
        let db = try SQLiteConnection(path: fixture.store.path, flags: SQLiteConnection.readFlags)
        defer { db.close() }
        return try db.query("SELECT id, provider_ref, delivery_status, delivery_error, delivered_at FROM outbox ORDER BY id") { row in
            "\(row.int64(0)) \(row.optionalText(1) ?? "-") \(row.optionalText(2) ?? "-") \(row.optionalText(3) ?? "-") \(row.optionalInt(4).map(String.init) ?? "-")"
        }
    }

    @Test("offer SMS sent → sent → delivered shows « remis »; a late sent does not downgrade; 30003 in French; unknown sid 200; forged 403")
    func statusCallbacksInTheEntryHistory() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        try H.join(fixture, phone: "06 12 34 56 01", name: "Alice")
        fixture.service.dispatchOutbox()
        // A table at 19:30 cancels: Alice gets the offer.
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-1-0")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        fixture.service.dispatchOutbox()
        let rows = try fixture.store.smsHistory(business: "testbistro", entryID: 1)
        #expect(rows.map(\.template) == ["initial", "offer"] && rows.allSatisfy { $0.status == .sent })
        let invitationSID = "test-\(rows[0].outboxID)", offerSID = "test-\(rows[1].outboxID)"
        #expect(try Self.deliveryColumns(fixture).contains("\(rows[1].outboxID) \(offerSID) - - -"), "the reference is stored when sent")
        Self.useTwilio(fixture)
        let router = ServiceRouter(service: fixture.service)
        let owner = try D.signedIn(fixture, email: "gerant@testbistro.fr", business: "testbistro")
        func page() -> String { H.text(D.get(router, "/dashboard/entries/testbistro/1", cookie: owner.cookie)) }
        #expect(page().contains("SMS « offre » envoyé — pris en charge par l’opérateur"), "no report yet: the text of before")

        #expect(Self.callback(router, sid: offerSID, status: "sent").status == 200)
        #expect(page().contains("SMS « offre » envoyé — en cours d’acheminement"))
        fixture.clock.advance(120)
        let deliveredAt = fixture.clock.now()
        #expect(Self.callback(router, sid: offerSID, status: "delivered").status == 200)
        let zone = try #require(ZoneConverter(identifier: "Europe/Paris"))
        let remis = "SMS « offre » envoyé — remis le \(FrenchFormat.dateAndTime(zone.local(deliveredAt)))"
        #expect(remis.hasSuffix("remis le jeudi 14 mars à 12h03"))
        #expect(page().contains(remis))

        // Out of order: a late `sent`, then a contradicting `undelivered`, change nothing.
        let settled = try Self.deliveryColumns(fixture)
        fixture.clock.advance(60)
        #expect(Self.callback(router, sid: offerSID, status: "sent").status == 200)
        #expect(Self.callback(router, sid: offerSID, status: "undelivered", errorCode: 30003).status == 200)
        #expect(try Self.deliveryColumns(fixture) == settled)
        #expect(page().contains(remis))

        // The invitation never reached the phone.
        #expect(Self.callback(router, sid: invitationSID, status: "undelivered", errorCode: 30003).status == 200)
        #expect(page().contains("SMS « invitation » envoyé — non remis (erreur 30003 : téléphone éteint ou injoignable)"))
        let history = try fixture.store.smsHistory(business: "testbistro", entryID: 1)
        #expect(history.map(\.deliveryStatus) == ["undelivered", "delivered"])
        #expect(history.map(\.deliveryError) == ["30003", nil])
        #expect(history.map(\.deliveredAt) == [nil, deliveredAt])

        // Unknown MessageSid: acknowledged (Twilio would retry otherwise), nothing changed.
        let before = try Self.deliveryColumns(fixture)
        #expect(Self.callback(router, sid: "SM" + String(repeating: "0", count: 32), status: "delivered").status == 200)
        // Forged signature: refused, nothing changed.
        #expect(Self.callback(router, sid: invitationSID, status: "delivered", forged: true).status == 403)
        #expect(try Self.deliveryColumns(fixture) == before)
        // A callback without MessageStatus is malformed.
        #expect(Self.callback(router, sid: invitationSID, status: "").status == 400)
        #expect(try Self.deliveryColumns(fixture) == before)
    }

    @Test("an erasure keeps the provider reference and the delivery report (not personal data)")
    func erasureKeepsDeliveryReports() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        try H.join(fixture, phone: "06 12 34 56 01", name: "Alice")
        fixture.service.dispatchOutbox()
        let row = try #require(try fixture.store.smsHistory(business: "testbistro", entryID: 1).first)
        Self.useTwilio(fixture)
        let router = ServiceRouter(service: fixture.service)
        #expect(Self.callback(router, sid: "test-\(row.outboxID)", status: "delivered").status == 200)
        let before = try Self.deliveryColumns(fixture)
        #expect(try fixture.service.privacyErase(phone: "0612345601", businesses: ["testbistro"], by: "admin@bistro.fr")?.count == 1)
        #expect(try Self.deliveryColumns(fixture) == before)
        #expect(try fixture.store.smsHistory(business: "testbistro", entryID: 1).first?.deliveryStatus == "delivered")
    }

    @Test("the outbox gains the delivery columns and an index on provider_ref (schema v5)")
    func schemaVersion5() throws {
        let fixture = try ServiceFixture()
        let db = try SQLiteConnection(path: fixture.store.path, flags: SQLiteConnection.readFlags)
        defer { db.close() }
        let columns = try db.query("PRAGMA table_info(outbox)") { $0.text(1) }
        #expect(columns.contains(["provider_ref", "delivery_status", "delivery_error", "delivered_at"]))
        let indexes = try db.query("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox'") { $0.text(0) }
        #expect(indexes.contains("outbox_by_provider_ref"))
        #expect(SQLiteStore.schemaVersion >= 5)
    }

    @Test("statuses are ranked: a report replaces only an earlier stage; final ones stay (read may follow delivered)",
          arguments: [
              ("sent", nil, true), ("queued", "sent", false), ("sent", "queued", true), ("delivered", "sent", true),
              ("sent", "delivered", false), ("undelivered", "delivered", false), ("delivered", "failed", false),
              ("read", "delivered", true), ("read", "undelivered", false), ("sending", "accepted", true),
              ("sent", "sent", false), ("bogus", nil, false), ("delivered", "bogus", true),
          ] as [(String, String?, Bool)])
    func ranking(new: String, old: String?, replaces: Bool) {
        #expect(SMSDeliveryStatus.replaces(new, over: old) == replaces)
    }

    @Test("delivery outcomes in French", arguments: [
        ("undelivered", "30003", "non remis (erreur 30003 : téléphone éteint ou injoignable)"),
        ("failed", "30005", "non remis (erreur 30005 : numéro inconnu ou inexistant)"),
        ("undelivered", "30007", "non remis (erreur 30007 : message filtré par l’opérateur)"),
        ("failed", "21610", "non remis (erreur 21610 : le client a répondu STOP)"),
        ("undelivered", "30410", "non remis (erreur 30410)"),
        ("failed", nil, "non remis"),
        ("queued", nil, "en cours d’acheminement"), ("accepted", nil, "en cours d’acheminement"),
        ("delivered", nil, "remis"), ("canceled", nil, "non remis (envoi annulé)"),
    ] as [(String, String?, String)])
    func frenchOutcome(status: String, error: String?, text: String) {
        #expect(SMSDeliveryText.outcome(status: status, error: error, deliveredAt: nil, zone: nil) == text)
    }

    @Test("an unknown status keeps the text of before; a dead SMS ignores reports")
    func unknownStatus() {
        var row = SMSHistoryRow(outboxID: 1, entryID: 1, template: "offer", status: .sent, attempts: 1, lastError: nil,
                                createdAt: Instant(seconds: 0), sentAt: Instant(seconds: 1), deliveryStatus: "teleported")
        #expect(DashboardHistoryPages.smsText(row) == "SMS « offre » envoyé — pris en charge par l’opérateur")
        row.deliveryStatus = "delivered"
        #expect(DashboardHistoryPages.smsText(row) == "SMS « offre » envoyé — remis")
        row.status = .dead
        row.lastError = "HTTP 400"
        #expect(DashboardHistoryPages.smsText(row) == "SMS « offre » : échec définitif après 1 tentative (HTTP 400)")
    }

    @Test("live: an SMS sent through the Twilio emulator, then its signed delivered callback over real HTTP → « remis »")
    func liveTwilioFlow() throws {
        let twilio = TwilioEmulator(accountSID: Self.accountSID, authToken: "twilio-token")
        try twilio.start()
        defer { twilio.stop() }
        let settings = ConnectionSettings(sms: .twilio(accountSID: Self.accountSID, authToken: "twilio-token", from: "+33757000000",
                                                       messagingServiceSID: nil, statusCallback: true, baseURL: twilio.baseURL),
                                          calendar: .local)
        let live = try LiveService(rules: ServiceFixture.rules, settings: settings)
        defer { live.stop() }
        var batch = StoreBatch()
        let slot = live.at("19:30")
        batch.calendarChanges = (0..<2).map {
            .upsert(LocalCalendarEvent(business: "testbistro", uid: "t-\($0)", start: slot, end: slot + .seconds(1800)))
        }
        try live.store.commit(batch)
        live.service.pollCalendars(force: true)
        let id = try live.join(phone: "+33612345601", at: slot, name: "Camille")
        #expect(LiveService.waitFor(5) { sent(twilio).count == 1 } != nil, "the invitation goes through Twilio")
        let message = try #require(sent(twilio).first)
        #expect(message.statusCallback == live.publicURL + "/webhooks/twilio/status")
        func history() throws -> SMSHistoryRow? { try live.store.smsHistory(business: "testbistro", entryID: id).first }
        #expect(try LiveService.waitFor(5) { try history()?.status == .sent } != nil)
        let url = live.publicURL + "/webhooks/twilio/status"
        #expect(twilio.sendStatus(to: url, messageSID: message.sid, status: "sent")?.status == 200)
        #expect(twilio.sendStatus(to: url, messageSID: message.sid, status: "delivered")?.status == 200)
        #expect(twilio.sendStatus(to: url, messageSID: message.sid, status: "sent")?.status == 200)
        #expect(twilio.sendStatus(to: url, messageSID: message.sid, status: "failed", errorCode: 30008, forged: true)?.status == 403)
        let row = try #require(try history())
        #expect(row.deliveryStatus == "delivered" && row.deliveredAt != nil && row.deliveryError == nil)
        #expect(DashboardHistoryPages.smsText(row).hasPrefix("SMS « invitation » envoyé — remis"))
    }
}
