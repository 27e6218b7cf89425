/// The offer result page after the time ran out says only what happened: « proposée à la
/// personne suivante » when the engine did offer the place to someone after, « elle n’est plus
/// réservée pour vous » when nobody else was offered it.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("offer pages")
struct OfferPagesTests {
    /// Trigger and form for `phone`, a party of 2 choosing only 20:00.
    func join(_ fixture: ServiceFixture, phone: String, name: String) throws {
        let response = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: phone, slot: "2030-03-14T20:00:00")))
        let secret = ServiceFixture.secret(of: try #require(ServiceFixture.json(response)["url"] as? String, "trigger: \(response.status)"))
        let posted = fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", name), ("nom", "Test"), ("telephone", phone), ("email", "\(name.lowercased())@example.fr"),
            ("couverts", "2"), ("creneaux", "2030-03-14T20:00"),
        ]), secret: secret)
        #expect(posted.status == 303)
    }

    /// The evening full, `names` joined in that order, then one table of 20:00 freed: the first is offered it.
    func offered(to names: [String]) throws -> ServiceFixture {
        let fixture = try ServiceFixture()
        try fixture.fillEvening(party: 2)
        for (index, name) in names.enumerated() { try join(fixture, phone: "06 12 34 56 0\(index + 1)", name: name) }
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-2-0")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        fixture.service.dispatchOutbox()
        return fixture
    }

    /// The page behind the Oui link of the offer SMS sent to `phone`, once its time ran out.
    func pageAfterTimeout(_ fixture: ServiceFixture, phone: String) throws -> String {
        let offer = try #require(fixture.sms.messages.last { $0.template == "offer" && $0.to == phone }, "no offer to \(phone)")
        let link = try #require(offer.body.split(whereSeparator: \.isWhitespace).first { $0.hasSuffix("/oui") })
        let secret = String(link.split(separator: "/").dropLast().last ?? "")
        fixture.clock.advance(6 * 60)  // the offer's 5 minutes pass
        fixture.service.fireDueTimers()
        let response = fixture.service.handleOfferPage(HTTPRequest(method: "GET", path: "/o/\(secret)/oui"), secret: secret, answer: "oui")
        return String(decoding: response.body, as: UTF8.self)
    }

    @Test("nobody else waits for the place: the page does not claim it went to the next person")
    func expiredWithNobodyNext() throws {
        let fixture = try offered(to: ["Alice"])
        let page = try pageAfterTimeout(fixture, phone: "+33612345601")
        #expect(page.contains("Le délai est dépassé"))
        #expect(page.contains("elle n’est plus réservée pour vous"))
        #expect(!page.contains("personne suivante"))
        fixture.service.dispatchOutbox()
        let expiredSMS = try #require(fixture.sms.messages.last { $0.template == "expired" })
        #expect(!expiredSMS.body.contains("personne suivante"), "\(expiredSMS.body)")
    }

    @Test("the place was then offered to the next person: the page says so")
    func expiredAndPassedOn() throws {
        let fixture = try offered(to: ["Alice", "Bruno"])
        let page = try pageAfterTimeout(fixture, phone: "+33612345601")
        #expect(page.contains("elle a été proposée à la personne suivante sur la liste d’attente"))
        fixture.service.dispatchOutbox()
        #expect(fixture.sms.messages.contains { $0.template == "offer" && $0.to == "+33612345602" })
    }
}
