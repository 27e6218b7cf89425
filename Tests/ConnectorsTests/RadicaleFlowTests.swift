/// The whole waitlist flow on a CalDAV calendar (a real Radicale server): another client
/// cancels a booking, the offer goes out within one polling interval, Oui writes the booking
/// into the CalDAV collection, and the confirmation SMS follows. With a `booking_length` of
/// 1h30 the booking written lasts 1h30 and takes a place in every slot it overlaps.
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
        #expect(!live.logged("slot freed").isEmpty, "serve.log says which slot freed")
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

    /// Dinner in 30-minute slots, two tables, bookings of 1h30 (issue 13, item 5).
    static let longTableRules = """
        establishment {
          id = "testbistro"
          name = "Test Bistro"
          timezone = "Europe/Paris"
          public_url = "https://wait.example"
        }
        slots {
          length = 30m
          capacity = 2
          booking_length = 1h30m
          service dinner {
            hours = 19:00-22:00
          }
        }
        matching {
          match = slot.start in entry.slots && entry.party_size <= slot.free
        }
        offers {
          timeout = 5m
          stop_before = 15m
          quiet_hours = none
        }

        """

    @Test("booking_length = 1h30m: a waitlist booking at 19:30 lasts 1h30 in CalDAV and takes a place at 20:00 and 20:30, not at 21:00")
    func longBookingOccupiesItsWholeLength() throws {
        let server = try #require(RadicaleServer.shared, "Radicale did not start")
        let calendar = try RadicaleCalendar(server: server)
        // The restaurant's own tables last 1h30 too: both tables are taken 19:30-21:00, one 21:00-22:30.
        for (uid, clock) in [("crm-a", "19:30"), ("crm-b", "19:30"), ("crm-c", "21:00")] {
            try calendar.book(uid, at: LiveServiceTimes().at(clock), minutes: 90)
        }
        let live = try LiveService(rules: Self.longTableRules, settings: calendar.settings, pollInterval: .seconds(1))
        defer { live.stop() }
        let raw = CurlHTTPClient()
        let clocks = ["19:00", "19:30", "20:00", "20:30", "21:00"]
        /// Free places per slot as `/api/v1/availability` reports them over HTTP.
        func freePlaces() throws -> [String: Int] {
            var free: [String: Int] = [:]
            for clock in clocks {
                let around = live.service.localTime(live.at(clock), business: "testbistro").prefix(19)
                let answer = try raw.send(OutboundHTTPRequest(
                    method: "GET", url: "\(live.publicURL)/api/v1/availability?business_id=testbistro&around=\(around)",
                    headers: [.init("Authorization", "Bearer test-key")])).get()
                let object = (try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]) ?? [:]
                free[clock] = (object["requested"] as? [String: Any])?["free"] as? Int
            }
            return free
        }
        #expect(try freePlaces() == ["19:00": 2, "19:30": 0, "20:00": 0, "20:30": 0, "21:00": 1])
        try live.join(phone: "+33612345611", at: live.at("19:30"), name: "Camille")
        // Another client cancels a 19:30 table: one place from 19:30 to 21:00, so 19:30 is offered.
        try calendar.cancel("crm-b")
        #expect(LiveService.waitFor(10) { live.recordingSMS.messages.contains { $0.template == "offer" } } != nil,
                "the offer SMS follows the cancellation")
        let before = try freePlaces()
        #expect(before == ["19:00": 2, "19:30": 1, "20:00": 1, "20:30": 1, "21:00": 1])
        #expect(live.answerOffer(secret: try live.offerSecret(to: "+33612345611")).status == 303)
        #expect(LiveService.waitFor(10) { live.recordingSMS.messages.contains { $0.template == "confirmed" } } != nil)
        // The event written to CalDAV lasts 1h30.
        let slot = live.at("19:30")
        let uid = try live.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: 1)
        let booked = try #require(try calendar.event(uid), "the POST returned once the calendar held the booking")
        #expect(booked.contains("DTSTART:\(slot.iCalendarUTC)"))
        #expect(booked.contains("DTEND:\((slot + .seconds(5400)).iCalendarUTC)"), "\(booked)")
        // One place less at 19:30, 20:00 and 20:30; 19:00 and 21:00 unaffected.
        let expected = ["19:00": 2, "19:30": 0, "20:00": 0, "20:30": 0, "21:00": 1]
        #expect(try freePlaces() == expected)
        // Read back from CalDAV (no longer the engine's pending booking), it counts the same.
        let runtime = try #require(live.service.runtime("testbistro"))
        #expect(LiveService.waitFor(10) {
            runtime.state.withLock { state in
                state.engine.state.pendingBookings.isEmpty && state.engine.state.busy.contains { $0.id == "speedai-booking-1" }
            }
        } != nil, "the poll reads the booking back")
        #expect(try freePlaces() == expected)
    }
}
