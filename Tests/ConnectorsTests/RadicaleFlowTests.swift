/// The whole waitlist flow on a CalDAV calendar (a real Radicale server): another client
/// cancels a booking, the offer goes out within one polling interval, Oui writes the booking
/// into the CalDAV collection, and the confirmation SMS follows.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Flow on CalDAV (Radicale)", .serialized,
       .enabled(if: RadicaleServer.available, "radicale is not installed (python3 -m radicale): CalDAV flow skipped"))
struct RadicaleFlowTests {
    @Test("a cancellation by another client is offered within one polling interval; Oui books in the collection")
    func cancellationOfferedAndBooked() throws {
        let server = try #require(RadicaleServer.shared, "Radicale did not start")
        let calendar = try RadicaleCalendar(server: server)
        // The evening is full: two tables per slot, booked by another client (the CRM).
        try calendar.fill(from: "19:00", to: "22:00", tables: 2)
        let live = try LiveService(rules: ServiceFixture.rules, settings: calendar.settings, pollInterval: .seconds(1))
        defer { live.stop() }
        let slot = live.at("19:30")
        try live.join(phone: "+33612345601", at: slot, name: "Camille")
        try live.join(phone: "+33612345602", at: slot, name: "Hugo")
        // Another client cancels a 19:30 table.
        try calendar.cancel("crm-1170-0")
        let elapsed = LiveService.waitFor(6) { live.recordingSMS.messages.contains { $0.template == "offer" } }
        #expect(elapsed != nil, "the offer SMS follows the cancellation")
        #expect((elapsed ?? 99) < 2.5, "offered \(elapsed ?? -1) s after the cancellation (polling every 1 s)")
        let offer = try #require(live.recordingSMS.messages.first { $0.template == "offer" })
        #expect(offer.to == "+33612345601", "the first in line gets it")
        let yes = try #require(offer.body.split(separator: "\n").first { $0.contains("/oui") }?.split(separator: " ").last)
        let secret = String(yes.split(separator: "/").dropLast().last ?? "")
        #expect(live.service.handleOfferPage(ServiceFixture.form("/o/\(secret)/oui", []), secret: secret, answer: "oui").status == 303)
        #expect(LiveService.waitFor(6) { live.recordingSMS.messages.contains { $0.template == "confirmed" } } != nil)
        let uid = try live.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: 1)
        let booked = try #require(try calendar.event(uid), "the booking is in the CalDAV collection")
        #expect(booked.contains("UID:\(uid)"))
        #expect(live.recordingSMS.messages.filter { $0.template == "offer" }.count == 1, "one offer: the place fits one party")
    }
}
