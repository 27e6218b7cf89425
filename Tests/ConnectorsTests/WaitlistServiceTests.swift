/// The service without HTTP transport: handlers called with request values, a real SQLite
/// file, the local calendar, a recording SMS sender and a manual clock.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Waitlist service")
struct WaitlistServiceTests {
    @Test("a trigger queues the spec's SMS with a working link whose secret the database never holds")
    func triggerSendsInitialSMS() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        #expect(response.status == 201)
        let body = ServiceFixture.json(response)
        let url = try #require(body["url"] as? String)
        #expect(body["entry_id"] as? Int == 1)
        #expect(url.hasPrefix("https://wait.example/waitlist/"))
        let secret = ServiceFixture.secret(of: url)
        #expect(secret.count == 43)
        #expect(fixture.service.dispatchOutbox() == 1)
        let sms = try #require(fixture.sms.messages.first)
        #expect(sms.to == "+33612345678")
        #expect(sms.template == "initial")
        #expect(sms.body == "Votre créneau souhaité n’est pas disponible.\nVous pouvez rejoindre la liste d’attente en quelques secondes ici :\n\(url)")
        #expect(try fixture.store.publicToken(digest: Digest.sha256Hex(secret)) != nil)
        fixture.store.close()
        for suffix in ["", "-wal"] {
            let bytes = FileManager.default.contents(atPath: fixture.folder + "/speedai.db" + suffix) ?? Data()
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "the link secret is stored in speedai.db\(suffix)")
        }
    }

    @Test("form, cancellation, offer, Oui: booked in the calendar and confirmed by SMS")
    func fullFlow() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let url = try #require(ServiceFixture.json(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody())))["url"] as? String)
        let secret = ServiceFixture.secret(of: url)
        let page = fixture.service.handleWaitlistPage(HTTPRequest(method: "GET", path: "/waitlist/\(secret)"), secret: secret)
        #expect(page.status == 200)
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("Liste d’attente – Confirmation"))
        #expect(html.contains("Vous avez demandé un rendez-vous le jeudi 14 mars à 19h30."))
        let posted = fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", "Camille"), ("nom", "Perrin"), ("telephone", "06 12 34 56 78"), ("email", "camille@example.fr"),
            ("couverts", "1"), ("creneaux", "2030-03-14T19:30"), ("creneaux", "2030-03-14T20:00"),
        ]), secret: secret)
        #expect(posted.status == 303, "\(String(decoding: posted.body, as: UTF8.self).split(separator: "\n").filter { $0.contains("error") || $0.contains("erreur") }.joined(separator: "\n"))")
        #expect(posted.header("location") == "/waitlist/\(secret)/merci")
        // A table at 20:00 cancels.
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-2-0")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        fixture.service.dispatchOutbox()
        let offer = try #require(fixture.sms.messages.last)
        #expect(offer.template == "offer")
        #expect(offer.body.hasPrefix("Une place s’est libérée pour jeudi 14 mars à 20h."))
        let oui = try #require(offer.body.split(separator: "\n").first { $0.contains("/oui") }.flatMap { $0.split(separator: " ").last })
        let offerSecret = String(oui.split(separator: "/").dropLast().last ?? "")
        let confirmPage = fixture.service.handleOfferPage(HTTPRequest(method: "GET", path: "/o/\(offerSecret)/oui"),
                                                          secret: offerSecret, answer: "oui")
        #expect(confirmPage.status == 200)
        #expect(try fixture.store.localCalendarEvents(business: "testbistro", from: fixture.at("00:00"))
            .contains { $0.uid.hasPrefix("speedai-booking") } == false, "a GET must not book")
        let accepted = fixture.service.handleOfferPage(ServiceFixture.form("/o/\(offerSecret)/oui", []), secret: offerSecret, answer: "oui")
        #expect(accepted.status == 303)
        let again = fixture.service.handleOfferPage(ServiceFixture.form("/o/\(offerSecret)/non", []), secret: offerSecret, answer: "non")
        #expect(again.status == 303, "Non after Oui is answered from the recorded outcome")
        fixture.service.dispatchOutbox()
        let uid = try fixture.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: 1)
        let booking = try #require(try fixture.store.localCalendarEvents(business: "testbistro", from: fixture.at("00:00"))
            .first { $0.uid == uid })
        #expect(booking.start == fixture.at("20:00"))
        #expect(fixture.sms.messages.map(\.template) == ["initial", "offer", "confirmed"])
    }

    @Test("a new service over the same database resumes the same engine state")
    func recoveryReplaysTheLog() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        for phone in ["0612345601", "0612345602", "0612345603"] {
            _ = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: phone)))
        }
        fixture.clock.advance(600)
        fixture.service.fireDueTimers()
        let before = fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state }
        let reopened = try ServiceFixture(folder: fixture.folder, clock: fixture.clock)
        let after = reopened.service.runtime("testbistro")!.state.withLock { $0.engine.state }
        #expect(after == before)
    }

    @Test("failed SMS are retried with the rule file's back-off, then dead-lettered")
    func retriesThenDeadLetter() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        fixture.sms.failures.withLock { $0 = [.retry("503 from provider"), .retry("timeout"), .retry("timeout")] }
        _ = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        fixture.service.dispatchOutbox()
        let pending = try fixture.store.dueOutbox(now: Instant(seconds: .max), limit: 9)
        #expect(try fixture.store.nextOutboxDue() == fixture.clock.now() + .seconds(10), "\(pending)")
        fixture.clock.advance(10)
        fixture.service.dispatchOutbox()
        fixture.clock.advance(20)
        fixture.service.dispatchOutbox()
        #expect(try fixture.store.outboxCounts()[.dead] == 1)
        #expect(fixture.sms.messages.isEmpty)
    }

    @Test("Idempotency-Key: same body replays the answer (with a fresh link to the same entry), another body is a 409")
    func idempotency() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let first = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(), idempotencyKey: "call-42"))
        let replay = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(), idempotencyKey: "call-42"))
        #expect(first.status == 201)
        #expect(replay.status == 201)
        var (firstObject, replayObject) = (ServiceFixture.json(first), ServiceFixture.json(replay))
        let (firstURL, replayURL) = (firstObject.removeValue(forKey: "url") as? String, replayObject.removeValue(forKey: "url") as? String)
        #expect(APIJSON.text(replayObject) == APIJSON.text(firstObject))
        #expect(replay.header("idempotent-replayed") == "true")
        for url in [firstURL, replayURL] {
            let secret = ServiceFixture.secret(of: url ?? "")
            #expect(fixture.service.handleWaitlistPage(HTTPRequest(method: "GET", path: "/waitlist/\(secret)"), secret: secret).status == 200)
        }
        let other = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: "0611111111"), idempotencyKey: "call-42"))
        #expect(other.status == 409)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entries.count } == 1)
    }

    /// Issue 13: `idempotency.response_body` kept the full link, so a copy of the database
    /// opened the customer's page.
    @Test("no working link is stored: the idempotent answer keeps none, and once the SMS is sent the database holds no secret")
    func noLinkSecretAtRest() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let first = ServiceFixture.json(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(), idempotencyKey: "call-7")))
        let secret = ServiceFixture.secret(of: try #require(first["url"] as? String))
        fixture.service.dispatchOutbox()
        #expect(try PrivacyTests.leaks(fixture.store.path, [secret]).isEmpty)
        let replay = ServiceFixture.json(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(), idempotencyKey: "call-7")))
        let fresh = ServiceFixture.secret(of: try #require(replay["url"] as? String))
        #expect(fresh != secret && fresh.count == secret.count)
        #expect(try PrivacyTests.leaks(fixture.store.path, [secret, fresh]).isEmpty)
    }

    /// Issue 13: a local time in the spring-forward gap was moved an hour later, silently.
    @Test("a requested slot in the DST gap is a 400 that names the gap; an ambiguous autumn time takes its first occurrence")
    func dstGapIsRefused() throws {
        let fixture = try ServiceFixture()
        let refused = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(slot: "2030-03-31T02:30:00")))
        #expect(refused.status == 400)
        let error = try #require(ServiceFixture.json(refused)["error"] as? [String: Any])
        #expect(error["code"] as? String == "invalid_slot" && error["field"] as? String == "requested_slot")
        #expect(error["message"] as? String == "2030-03-31T02:30:00 does not exist in Europe/Paris (clocks go from 02:00 to 03:00)")
        let availability = fixture.service.handleAvailability(HTTPRequest(
            method: "GET", path: "/api/v1/availability", query: [("business_id", "testbistro"), ("around", "2030-03-31T02:00")],
            headers: [("authorization", "Bearer test-key")]))
        #expect(availability.status == 400)
        #expect(String(decoding: availability.body, as: UTF8.self).contains("does not exist in Europe/Paris"))
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entries.isEmpty })
        #expect(LocalTimeText.gapMessage("2030-10-27T02:30:00", zone: ZoneConverter(identifier: "Europe/Paris")!) == nil)
        #expect(fixture.service.parseLocalTime("2030-10-27T02:30:00", business: "testbistro")?.description == "2030-10-27T00:30:00Z")
    }

    @Test("bad trigger requests are refused with the right status and change nothing", arguments: [
        (#"{"requested_slot": "2030-03-14T19:30:00", "business_id": "testbistro", "phone": "06 12", "source": "voice_agent"}"#, 400, "invalid_phone"),
        (#"{"requested_slot": "tomorrow", "business_id": "testbistro", "phone": "0612345678"}"#, 400, "invalid_slot"),
        (#"{"requested_slot": "2030-03-13T19:30:00", "business_id": "testbistro", "phone": "0612345678"}"#, 400, "slot_in_past"),
        (#"{"requested_slot": "2030-03-14T19:30:00", "business_id": "nobody", "phone": "0612345678"}"#, 404, "unknown_business"),
        (#"{"requested_slot": "2030-03-14T19:30:00", "business_id": "testbistro", "phone": 612345678}"#, 400, "invalid_type"),
        (#"{"requested_slot": "2030-03-14T19:30:00", "business_id": "testbistro"}"#, 400, "missing_field"),
        (#"{"requested_slot": "2030-03-14T19:30:00", "business_id": "testbistro", "phone": "0612345678", "source": "fax"}"#, 400, "unknown_source"),
        (#"{"requested_slot": "2030-03-15T03:00:00", "business_id": "testbistro", "phone": "0612345678"}"#, 400, "slot_not_bookable"),
        (#"{"requested_slot": "2030-03-14T19:30:00", "business_id": "testbistro", "phone": "0612345678", "phnoe": "x"}"#, 400, "unknown_field"),
        (#"{"requested_slot": "2030-03-14T19:30:00", "#, 400, "invalid_json"),
        (#"[1, 2]"#, 400, "invalid_json"),
    ])
    func badTriggers(body: String, status: Int, code: String) throws {
        let fixture = try ServiceFixture()
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(body))
        #expect(response.status == status)
        let error = ServiceFixture.json(response)["error"] as? [String: Any]
        #expect(error?["code"] as? String == code)
        #expect((error?["message"] as? String)?.isEmpty == false)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entries.count } == 0)
        #expect(try fixture.store.outboxCounts().values.reduce(0, +) == 0)
    }

    @Test("no key or a wrong key is a 401; a form body is a 415")
    func authAndContentType() throws {
        let fixture = try ServiceFixture()
        #expect(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(), key: nil)).status == 401)
        #expect(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(), key: "test-kez")).status == 401)
        var request = ServiceFixture.trigger(ServiceFixture.triggerBody())
        request.headers[0] = ("content-type", "text/plain")
        #expect(fixture.service.handleTrigger(request).status == 415)
    }

    @Test("link secrets are masked once an SMS is sent")
    func maskingAfterSend() {
        #expect(LinkRedaction.mask("ici : https://x.fr/waitlist/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde")
                == "ici : https://x.fr/waitlist/AbCd…")
        #expect(LinkRedaction.mask("✅ Oui : https://x.fr/o/AbCdEfGh/oui") == "✅ Oui : https://x.fr/o/AbCd…/oui")
    }

    @Test("slot times parse in the establishment's zone or with an offset", arguments: [
        ("2030-03-14T19:30:00", Int64(1_899_743_400)), ("2030-03-14T19:30", 1_899_743_400),
        ("2030-03-14T18:30:00Z", 1_899_743_400), ("2030-03-14T19:30:00+01:00", 1_899_743_400),
    ])
    func localTimes(text: String, seconds: Int64) {
        let zone = ZoneConverter(identifier: "Europe/Paris")!
        #expect(LocalTimeText.parse(text, zone: zone) == Instant(seconds: seconds))
    }

    @Test("impossible times are refused", arguments: ["2030-02-30T19:30:00", "2030-03-14T25:00", "2030-03-14 19h30", "", "2030-03-14T19:30:00+1"])
    func badTimes(text: String) {
        #expect(LocalTimeText.parse(text, zone: ZoneConverter(identifier: "Europe/Paris")!) == nil)
    }
}

@Suite("Rule file hot reload")
struct RuleReloadTests {
    @Test("a broken edit is reported and the last good rules keep running; a good edit reloads")
    func brokenEditKeepsLastGood() throws {
        let fixture = try ServiceFixture()
        let path = fixture.folder + "/rules/testbistro.rules"
        let digest = { fixture.service.runtime("testbistro")!.state.withLock { $0.ruleDigest } }
        let original = digest()
        try ServiceFixture.rules.replacingOccurrences(of: "timeout = 5m", with: "timeout = 5 minutes")
            .write(toFile: path, atomically: true, encoding: .utf8)
        fixture.service.scanRules()
        #expect(digest() == original)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.rules.offers.timeout } == .fixed(.seconds(300)))
        try ServiceFixture.rules.replacingOccurrences(of: "timeout = 5m", with: "timeout = 7m")
            .write(toFile: path, atomically: true, encoding: .utf8)
        fixture.service.scanRules()
        #expect(digest() != original)
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.rules.offers.timeout } == .fixed(.seconds(420)))
        // The reload is in the log: a restart runs the new rules.
        let reopened = try ServiceFixture(folder: fixture.folder, clock: fixture.clock)
        #expect(reopened.service.runtime("testbistro")!.state.withLock { $0.ruleDigest } == digest())
    }
}
