/// Issue 13, items 1 and 2, against a real CalDAV server (Radicale): a customer is told
/// « C’est confirmé » only when the booking is in the restaurant's calendar, and the bookings
/// of two installations (a reinstall, or two establishments) on one calendar never pass for
/// each other.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Truthful bookings on CalDAV (Radicale)", .serialized,
       .enabled(if: RadicaleServer.available, "radicale is not installed (python3 -m radicale): CalDAV flow skipped"))
struct RadicaleBookingTruthTests {
    /// No automatic polling during the test: reads happen when the test forces one, or when
    /// the service asks for one itself (after a refused booking).
    static let noPolling: Duration = .seconds(3_600)

    @Test("Oui racing a booking made in the calendar app: « Place déjà attribuée », never « confirmé », and back in line")
    func ouiRacingACalendarBooking() throws {
        let server = try #require(RadicaleServer.shared, "Radicale did not start")
        let calendar = try RadicaleCalendar(server: server)
        try calendar.fill(from: "19:00", to: "22:00", tables: 2)
        let live = try LiveService(rules: ServiceFixture.rules, settings: calendar.settings, pollInterval: Self.noPolling)
        defer { live.stop() }
        let camille = try live.join(phone: "+33612345611", at: live.at("19:30"), alsoChoosing: [live.at("21:00")], name: "Camille")
        try live.join(phone: "+33612345612", at: live.at("19:30"), name: "Hugo")

        // A table is cancelled in the calendar app; the service reads it and offers it to Camille.
        try calendar.cancel("crm-1170-0")
        live.service.pollCalendars(force: true)
        let secret = try live.offerSecret(to: "+33612345611")
        // Meanwhile the front desk gives the table away by phone, in its calendar app.
        try calendar.book("phone-1930", at: live.at("19:30"))

        #expect(live.answerOffer(secret: secret).status == 303)
        let page = live.offerPage(secret: secret)
        #expect(page.contains("Place déjà attribuée"), "\(page)")
        #expect(!page.contains("C’est confirmé"))
        #expect(LiveService.waitFor(6) { live.recordingSMS.messages.contains { $0.template == "offer_taken" && $0.to == "+33612345611" } } != nil,
                "the customer hears by SMS that the place went")
        #expect(!live.recordingSMS.messages.contains { $0.template == "confirmed" }, "no confirmation SMS")
        #expect(live.status(of: camille) == .waiting, "back in line for 21:00")
        let uid = try live.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: camille)
        #expect(try calendar.event(uid) == nil, "nothing double booked")
        // The service read the calendar again: 19:30 is full, Hugo is not offered a place that does not exist.
        LiveService.waitFor(1.5) { false }
        #expect(!live.recordingSMS.messages.contains { $0.template == "offer" && $0.to == "+33612345612" })
        let history = try live.store.entryHistory(business: "testbistro", entryID: camille)
        #expect(history.contains { $0.reason.contains("the calendar refused the booking") })
    }

    @Test("Oui with room: the page says « C’est confirmé » only once the booking is in the calendar")
    func confirmedMeansInTheCalendar() throws {
        let server = try #require(RadicaleServer.shared, "Radicale did not start")
        let calendar = try RadicaleCalendar(server: server)
        try calendar.fill(from: "19:00", to: "22:00", tables: 2)
        let live = try LiveService(rules: ServiceFixture.rules, settings: calendar.settings, pollInterval: Self.noPolling)
        defer { live.stop() }
        let entry = try live.join(phone: "+33612345621", at: live.at("20:00"), name: "Ines")
        try calendar.cancel("crm-1200-1")
        live.service.pollCalendars(force: true)
        let secret = try live.offerSecret(to: "+33612345621")
        #expect(live.answerOffer(secret: secret).status == 303)
        // Read the calendar first, the page after: the page may not claim more than the calendar holds.
        let uid = try live.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: entry)
        let event = try #require(try calendar.event(uid), "the POST returned after the calendar took the booking")
        #expect(event.contains("DTSTART:\(live.at("20:00").iCalendarUTC)"))
        #expect(event.contains("X-SPEEDAI-OUTBOX:"), "the event carries our marker")
        #expect(live.offerPage(secret: secret).contains("C’est confirmé"))
        #expect(LiveService.waitFor(6) { live.recordingSMS.messages.contains { $0.template == "confirmed" } } != nil)
    }

    @Test("a second data folder on the same calendar: its bookings never pass for the first one's")
    func secondInstallationOnTheSameCalendar() throws {
        let server = try #require(RadicaleServer.shared, "Radicale did not start")
        let calendar = try RadicaleCalendar(server: server)
        try calendar.fill(from: "19:00", to: "22:00", tables: 2)
        // An older install left its booking of entry 1 under the engine's own id.
        try calendar.book("speedai-booking-1", at: LiveServiceTimes().at("19:30"))

        let first = try LiveService(rules: ServiceFixture.rules, settings: calendar.settings, pollInterval: Self.noPolling)
        let firstEntry = try first.join(phone: "+33612345631", at: first.at("20:30"), name: "Paul")
        try calendar.cancel("crm-1230-0")
        first.service.pollCalendars(force: true)
        #expect(first.answerOffer(secret: try first.offerSecret(to: "+33612345631")).status == 303)
        #expect(first.offerPage(secret: try first.offerSecret(to: "+33612345631")).contains("C’est confirmé"))
        let firstUID = try first.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: firstEntry)
        let firstInstallation = try first.installationID
        first.stop()

        // A reinstall: a fresh data folder, the same calendar, the same entry number.
        let second = try LiveService(rules: ServiceFixture.rules, settings: calendar.settings, pollInterval: Self.noPolling)
        defer { second.stop() }
        let secondIdentity = try second.store.installation().calendarIdentity(business: "testbistro")
        #expect(secondIdentity.installation != firstInstallation)
        let secondEntry = try second.join(phone: "+33612345632", at: second.at("21:00"), name: "Nour")
        #expect(secondEntry == firstEntry, "both installs number their entries from 1")
        try calendar.cancel("crm-1260-1")
        second.service.pollCalendars(force: true)
        let secret = try second.offerSecret(to: "+33612345632")
        #expect(second.answerOffer(secret: secret).status == 303)
        #expect(second.offerPage(secret: secret).contains("C’est confirmé"))
        let secondUID = secondIdentity.bookingUID(entryID: secondEntry)
        #expect(secondUID != firstUID)
        let written = try #require(try calendar.event(secondUID), "the second install wrote its own event")
        #expect(written.contains("DTSTART:\(second.at("21:00").iCalendarUTC)"))
        let kept = try #require(try calendar.event(firstUID), "the first install's booking is untouched")
        #expect(kept.contains("DTSTART:\(second.at("20:30").iCalendarUTC)"))
        #expect(try calendar.event("speedai-booking-1") != nil)
        // The second install counts the others' bookings as busy, never as its own.
        second.service.pollCalendars(force: true)
        let busy = try #require(second.service.runtime("testbistro")?.state.withLock { $0.engine.state.busy })
        #expect(busy.contains { $0.id == CalendarIdentity.foreignPrefix + "speedai-booking-1" })
        #expect(busy.contains { $0.id == CalendarIdentity.foreignPrefix + firstUID })
        #expect(busy.contains { $0.id == EngineEffect.bookingID(for: secondEntry) })
    }
}
