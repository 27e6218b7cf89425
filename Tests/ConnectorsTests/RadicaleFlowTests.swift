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
        let user = "flow\(UUID().uuidString.prefix(8).lowercased())"
        let raw = CurlHTTPClient()
        let auth = OutboundHTTPRequest.Header("Authorization", "Basic " + Data("\(user):secret".utf8).base64EncodedString())
        func request(_ method: String, _ url: String, _ body: String = "") throws -> OutboundHTTPResponse {
            try raw.send(OutboundHTTPRequest(method: method, url: url, headers: [auth, .init("Content-Type", "text/calendar")],
                                             body: Array(body.utf8))).get()
        }
        _ = try request("MKCOL", "\(server.baseURL)/\(user)/")
        let calendar = "\(server.baseURL)/\(user)/bistrot/"
        #expect(try request("MKCALENDAR", calendar).status == 201)
        // The evening is full: two tables per slot, booked by another client (the CRM).
        let times = LiveServiceTimes()
        for minute in stride(from: 19 * 60, to: 22 * 60, by: 30) {
            let start = times.at(String(format: "%02d:%02d", minute / 60, minute % 60))
            for table in 0..<2 {
                let uid = "crm-\(minute)-\(table)"
                let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//crm//EN\r\nBEGIN:VEVENT\r\nUID:\(uid)\r\nDTSTAMP:20250101T000000Z\r\n"
                    + "DTSTART:\(start.iCalendarUTC)\r\nDTEND:\((start + .seconds(1800)).iCalendarUTC)\r\nSUMMARY:Table\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
                #expect(try request("PUT", calendar + "\(uid).ics", ics).status == 201)
            }
        }
        let settings = ConnectionSettings(sms: .console, calendar: .caldav(url: calendar, username: user, password: "secret",
                                                                           bearerToken: nil, calendarName: nil))
        let live = try LiveService(rules: ServiceFixture.rules, settings: settings, pollInterval: .seconds(1))
        defer { live.stop() }
        let slot = live.at("19:30")
        try live.join(phone: "+33612345601", at: slot, name: "Camille")
        try live.join(phone: "+33612345602", at: slot, name: "Hugo")
        // Another client cancels a 19:30 table.
        #expect((200..<300).contains(try request("DELETE", calendar + "crm-1170-0.ics").status))
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
        let booked = try request("GET", calendar + "speedai-booking-1.ics")
        #expect(booked.status == 200)
        #expect(booked.text.contains("UID:speedai-booking-1"))
        #expect(live.recordingSMS.messages.filter { $0.template == "offer" }.count == 1, "one offer: the place fits one party")
    }
}
