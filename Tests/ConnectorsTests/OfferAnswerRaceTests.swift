/// Regression tests for what the race campaign (Tests/CLITests/RaceCampaignTests.swift) found
/// in the offer pages: a broadcast loser whose entry ended read « Inscription clôturée »
/// instead of « Place déjà attribuée », and the open check of a POST was made outside the lock
/// (`WaitlistService.apply(onlyIf:)` now re-checks it where the event is applied).
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("offer answers under races")
struct OfferAnswerRaceTests {
    /// The service fixture's rules with every fitting customer offered at once.
    static let broadcastRules = ServiceFixture.rules.replacingOccurrences(of: "timeout = 5m", with: "strategy = broadcast\n  timeout = 5m")

    /// Trigger and form for `phone`, choosing only 20:00.
    func join(_ fixture: ServiceFixture, phone: String, name: String) throws {
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: phone, slot: "2030-03-14T20:00:00")))
        let url = try #require(ServiceFixture.json(response)["url"] as? String, "trigger: \(response.status)")
        let secret = ServiceFixture.secret(of: url)
        let posted = fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", name), ("nom", "Test"), ("telephone", phone), ("email", "\(name.lowercased())@example.fr"),
            ("couverts", "2"), ("creneaux", "2030-03-14T20:00"),
        ]), secret: secret)
        #expect(posted.status == 303)
    }

    /// The Oui secret of the offer SMS sent to `phone` (`+33…`).
    func yesSecret(_ fixture: ServiceFixture, to phone: String) throws -> String {
        let offer = try #require(fixture.sms.messages.last { $0.template == "offer" && $0.to == phone }, "no offer to \(phone)")
        let link = try #require(offer.body.split(whereSeparator: \.isWhitespace).first { $0.hasSuffix("/oui") })
        return String(link.split(separator: "/").dropLast().last ?? "")
    }

    /// The result page of an offer link.
    func page(_ fixture: ServiceFixture, _ secret: String) -> String {
        String(decoding: fixture.service.handleOfferPage(HTTPRequest(method: "GET", path: "/o/\(secret)/oui"), secret: secret,
                                                         answer: "oui").body, as: UTF8.self)
    }

    /// Two customers offered the same freed table at once (broadcast), both only chose it.
    func raceForOneTable() throws -> ServiceFixture {
        let fixture = try ServiceFixture(rules: Self.broadcastRules)
        try fixture.fillEvening(party: 2)
        try join(fixture, phone: "06 12 34 56 01", name: "Alice")
        try join(fixture, phone: "06 12 34 56 02", name: "Bruno")
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-2-0")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        fixture.service.dispatchOutbox()
        return fixture
    }

    @Test("a broadcast loser whose only slot went to someone else reads « Place déjà attribuée », with no SMS on top")
    func loserReadsTaken() throws {
        let fixture = try raceForOneTable()
        let alice = try yesSecret(fixture, to: "+33612345601"), bruno = try yesSecret(fixture, to: "+33612345602")
        #expect(fixture.service.handleOfferPage(ServiceFixture.form("/o/\(alice)/oui", []), secret: alice, answer: "oui").status == 303)
        #expect(fixture.service.handleOfferPage(ServiceFixture.form("/o/\(bruno)/oui", []), secret: bruno, answer: "oui").status == 303)
        fixture.service.dispatchOutbox()
        #expect(page(fixture, alice).contains("C’est confirmé"))
        let lost = page(fixture, bruno)
        #expect(lost.contains("Place déjà attribuée"), "the loser's page: \(lost.prefix(600))")
        #expect(!lost.contains("Inscription clôturée"))
        #expect(fixture.sms.messages.filter { $0.to == "+33612345602" }.map(\.template) == ["initial", "offer"])
    }

    @Test("apply(onlyIf:) applies nothing and logs nothing when the check fails under the lock, and applies when it holds")
    func conditionalApply() throws {
        let fixture = try raceForOneTable()
        let secret = try yesSecret(fixture, to: "+33612345601")
        let row = try #require(try fixture.store.publicToken(digest: Digest.sha256Hex(secret)))
        let logged = try fixture.store.events(business: "testbistro", after: 0).count
        let refused = try fixture.service.apply(.reply(offerToken: row.engineToken, accept: true), to: "testbistro",
                                                onlyIf: { _, _ in false }, inspect: { _, _ in () })
        #expect(refused == nil)
        #expect(try fixture.store.events(business: "testbistro", after: 0).count == logged, "a refused apply logged an event")
        fixture.service.dispatchOutbox()
        #expect(!fixture.sms.messages.contains { $0.template == "confirmed" }, "a refused apply booked")
        #expect(page(fixture, secret).contains("Oui, je confirme ma venue"), "the offer is still open")
        let applied = try fixture.service.apply(.reply(offerToken: row.engineToken, accept: true), to: "testbistro",
                                                onlyIf: { engine, _ in engine.offer(byToken: row.engineToken)?.outcome == .open },
                                                inspect: { _, _ in () })
        #expect(applied != nil)
        fixture.service.dispatchOutbox()
        #expect(fixture.sms.messages.filter { $0.template == "confirmed" }.count == 1)
    }
}
