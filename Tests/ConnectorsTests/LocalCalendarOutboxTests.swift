/// Regression test from the crash campaign (issue 7): a booking written to the local calendar
/// and its outbox row's `sent` mark must be one commit. Two commits leave, after a `kill -9`
/// between them, a booking whose row is still due: the restart writes it again, over a
/// cancellation the restaurant made with `calendar cancel` while the server was down.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Local calendar writes and the outbox")
struct LocalCalendarOutboxTests {
    @Test("a booking is never in the local calendar while its outbox row is unsent")
    func bookingAndSentMarkCommitTogether() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let offerSecret = try Self.offeredAfterCancellation(fixture, choosing: ["2030-03-14T20:00"])

        // The process "dies" right before any calendar row is marked sent (the Oui writes its
        // booking at once, so the sabotage is in place before the Oui).
        let saboteur = try SQLiteConnection(path: fixture.folder + "/speedai.db", flags: SQLiteConnection.readWriteFlags)
        try saboteur.execute("""
            CREATE TRIGGER crash_before_sent_mark BEFORE UPDATE ON outbox
            WHEN NEW.status = 'sent' AND NEW.kind = 'calendar'
            BEGIN SELECT RAISE(ABORT, 'simulated crash before the sent mark'); END
            """)
        #expect(fixture.service.handleOfferPage(ServiceFixture.form("/o/\(offerSecret)/oui", []), secret: offerSecret, answer: "oui").status == 303)
        fixture.service.dispatchOutbox()
        let uid = try fixture.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: 1)
        let booked = try fixture.store.localCalendarEvents(business: "testbistro", from: fixture.at("00:00"))
            .contains { $0.uid == uid }
        let unsent = try fixture.store.outbox(business: "testbistro", entryID: 1).filter { $0.kind == OutboxKind.calendar && $0.status != .sent }
        #expect(!(booked && !unsent.isEmpty),
                "the booking is in the calendar while its outbox row is unsent: a restart would write it again over a cancellation")

        // Restarted: the booking goes through once, with its mark.
        try saboteur.execute("DROP TRIGGER crash_before_sent_mark")
        saboteur.close()
        fixture.clock.advance(3600)
        fixture.service.dispatchOutbox()
        fixture.service.dispatchOutbox()
        #expect(try fixture.store.localCalendarEvents(business: "testbistro", from: fixture.at("00:00")).contains { $0.uid == uid })
        #expect(try fixture.store.outbox(business: "testbistro", entryID: 1).allSatisfy { $0.status == .sent })
        #expect(fixture.sms.messages.map(\.template) == ["initial", "offer", "confirmed"])
    }

    @Test("a booking the local calendar no longer has room for is refused: « Place déjà attribuée », offer_taken, back in line")
    func bookingWithoutRoomIsRefused() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let offerSecret = try Self.offeredAfterCancellation(fixture, choosing: ["2030-03-14T20:00", "2030-03-14T21:00"])
        // The restaurant gives the table away with `speedai-rules calendar book` before the next read.
        var phone = StoreBatch()
        phone.calendarChanges = [.upsert(LocalCalendarEvent(business: "testbistro", uid: "phone", start: fixture.at("20:00"),
                                                            end: fixture.at("20:30")))]
        try fixture.store.commit(phone)

        #expect(fixture.service.handleOfferPage(ServiceFixture.form("/o/\(offerSecret)/oui", []), secret: offerSecret, answer: "oui").status == 303)
        let page = fixture.service.handleOfferPage(HTTPRequest(method: "GET", path: "/o/\(offerSecret)/oui"), secret: offerSecret, answer: "oui")
        let text = String(decoding: page.body, as: UTF8.self)
        #expect(text.contains("Place déjà attribuée") && !text.contains("C’est confirmé"))
        fixture.service.dispatchOutbox()
        #expect(fixture.sms.messages.map(\.template) == ["initial", "offer", "offer_taken"])
        #expect(fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.entry(1)?.status } == .waiting)
        let uid = try fixture.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: 1)
        let events = try fixture.store.localCalendarEvents(business: "testbistro", from: fixture.at("00:00"))
        #expect(!events.contains { $0.uid == uid })
        #expect(events.filter { $0.start == fixture.at("20:00") }.count == 2, "never more than the slot's two places")
        let booking = try #require(try fixture.store.outbox(business: "testbistro", entryID: 1).last { $0.kind == OutboxKind.calendar })
        #expect(booking.status == .dead)
        #expect(booking.lastError?.hasPrefix("slot taken: slot no longer free") == true)
    }

    /// Camille joins for `slots` of a full evening, a 20:00 table is cancelled, and the offer
    /// goes out: the secret of its Oui link.
    static func offeredAfterCancellation(_ fixture: ServiceFixture, choosing slots: [String]) throws -> String {
        let url = try #require(ServiceFixture.json(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody())))["url"] as? String)
        let secret = ServiceFixture.secret(of: url)
        let posted = fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", "Camille"), ("nom", "Perrin"), ("telephone", "06 12 34 56 78"), ("email", "camille@example.fr"),
            ("couverts", "1"),
        ] + slots.map { ("creneaux", $0) }), secret: secret)
        #expect(posted.status == 303)
        var cancel = StoreBatch()
        cancel.calendarChanges = [.delete(business: "testbistro", uid: "b-2-0")]
        try fixture.store.commit(cancel)
        fixture.service.pollCalendars(force: true)
        fixture.service.dispatchOutbox()
        let offer = try #require(fixture.sms.messages.last { $0.template == "offer" })
        let oui = try #require(offer.body.split(separator: "\n").first { $0.contains("/oui") }.flatMap { $0.split(separator: " ").last })
        return String(oui.split(separator: "/").dropLast().last ?? "")
    }
}
