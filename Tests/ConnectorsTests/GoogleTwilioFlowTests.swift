/// The whole waitlist flow on Google Calendar and Twilio (both emulated over real HTTP):
/// a cancellation in Google reaches the service by push and the offer SMS leaves within a
/// second; the customer answers "Oui !" by SMS; the booking lands in Google once.
import Foundation
import ProviderEmulators
import Runtime
import Testing
@testable import Connectors

@Suite("Flow on Google Calendar + Twilio", .serialized)
struct GoogleTwilioFlowTests {
    static let accountSID = "AC" + String(repeating: "0123456789abcdef", count: 2)
    /// Polling every 10 minutes: within the test, only a push can bring the cancellation.
    static let rules = ServiceFixture.rules + "\ncalendar {\n  poll_every = 10m\n}\n"

    @Test("push → offer SMS within a second → SMS Oui → one booking in Google → confirmed SMS")
    func pushOfferAndSMSReply() throws {
        let google = GoogleCalendarEmulator()
        try google.start()
        defer { google.stop() }
        let twilio = TwilioEmulator(accountSID: Self.accountSID, authToken: "twilio-token")
        try twilio.start()
        defer { twilio.stop() }
        let settings = ConnectionSettings(
            sms: .twilio(accountSID: Self.accountSID, authToken: "twilio-token", from: "+33757000000",
                         messagingServiceSID: nil, statusCallback: false, baseURL: twilio.baseURL),
            calendar: .google(calendarID: google.calendarID, clientID: "emulator-client.apps.googleusercontent.com",
                              clientSecret: "emulator-secret", refreshToken: "1//emulator-refresh-token",
                              tokenURL: google.tokenURL, apiBaseURL: google.baseURL, push: true))
        // Fill the evening in Google before the service starts: two tables per slot.
        var ids: [String: String] = [:]
        let probe = LiveServiceTimes()
        for minute in stride(from: 19 * 60, to: 22 * 60, by: 30) {
            let start = probe.at(String(format: "%02d:%02d", minute / 60, minute % 60))
            for table in 0..<2 {
                ids["\(minute)-\(table)"] = google.externalInsert(.timed(summary: "Table \(table)", start: start,
                                                                         end: start + .seconds(1800)))
            }
        }
        let live = try LiveService(rules: Self.rules, settings: settings)
        defer { live.stop() }
        #expect(google.channels.count == 1, "the first read opens a push channel")
        let slot = live.at("19:30")
        try live.join(phone: "+33612345601", at: slot, name: "Camille")
        #expect(LiveService.waitFor(5) { sent(twilio).count == 1 } != nil, "the invitation goes through Twilio")
        // Another client cancels a 19:30 table in Google.
        google.externalCancel(eventID: ids["1170-0"]!)
        let latency = LiveService.waitFor(5) { sent(twilio).count == 2 }
        #expect(latency != nil, "the offer SMS follows the push")
        #expect((latency ?? 9) < 1.0, "push to offer SMS took \(latency ?? -1) s")
        let offer = sent(twilio)[1]
        #expect(offer.body.hasPrefix("Une place s’est libérée pour"))
        // A forged answer changes nothing.
        let forged = twilio.sendInbound(to: live.publicURL + "/webhooks/twilio/sms", from: "+33612345601",
                                        to: "+33757000000", body: "OUI", forged: true)
        #expect(forged?.status == 403)
        // The customer answers by SMS.
        let answer = twilio.sendInbound(to: live.publicURL + "/webhooks/twilio/sms", from: "+33612345601",
                                        to: "+33757000000", body: "Oui !")
        #expect(answer?.status == 200)
        #expect(LiveService.waitFor(5) { sent(twilio).count == 3 } != nil, "the confirmation SMS")
        #expect(sent(twilio)[2].body.hasPrefix("C’est confirmé"))
        let uid = try live.store.installation().calendarIdentity(business: "testbistro").bookingUID(entryID: 1)
        let ours = google.events.filter { $0.privateProperties["speedaiUID"] == uid && $0.status != "cancelled" }
        #expect(ours.count == 1)
        // Twilio retries webhooks: the same message again is ignored.
        #expect(twilio.replayLastWebhook()?.status == 200)
        Thread.sleep(forTimeInterval: 0.3)
        #expect(sent(twilio).count == 3)
    }
}

/// The SMS the service sent (the emulator also logs inbound ones).
func sent(_ twilio: TwilioEmulator) -> [EmulatedMessage] {
    twilio.messages.filter { $0.direction.hasPrefix("outbound") }
}
