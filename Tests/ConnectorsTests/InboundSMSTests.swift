/// Inbound SMS and status callbacks from Twilio's webhook fields, and what a customer's
/// answer means, over the many ways people write "oui", "non" and "stop".
import Testing
@testable import Connectors

@Suite("Inbound SMS")
struct InboundSMSTests {
    @Test("customers' answers", arguments: [
        ("OUI", InboundReply.yes), ("oui", .yes), ("Oui !", .yes), ("1", .yes), ("o", .yes), ("✅ oui", .yes),
        ("  Oui merci  ", .yes), ("oui oui", .yes), ("OK", .yes), ("d'accord", .yes), ("Yes", .yes), ("OUI SVP 🙏", .yes),
        ("NON", .no), ("non.", .no), ("2", .no), ("n", .no), ("Non merci", .no), ("❌ Non", .no),
        ("STOP", .stop), ("ARRET", .stop), ("ARRÊT", .stop), ("arrêt", .stop), ("stop sms", .stop), ("STOP 36173", .stop),
        ("unsubscribe", .stop), ("Stop!", .stop), ("cancel", .stop), ("STOPALL", .stop),
        ("START", .start), ("UNSTOP", .start), ("start", .start),
        ("peut-être", .unknown), ("oui mais à 21h", .unknown), ("oui non", .unknown), ("", .unknown), ("👍", .unknown),
        ("3", .unknown), ("36173", .unknown), ("je ne peux pas cancel", .unknown), ("end", .stop), ("the end", .unknown),
        ("Bonjour, oui", .yes), ("Bonjour", .unknown), ("ouiii", .unknown),
    ])
    func interpret(body: String, expected: InboundReply) {
        #expect(InboundReply.interpret(body) == expected, "'\(body)'")
    }

    @Test("an inbound SMS from Twilio's webhook fields; a missing field gives nil")
    func inboundFields() {
        let fields: [(name: String, value: String)] = [("MessageSid", "SM1"), ("From", "+33612345678"),
                                                       ("To", "+33700000000"), ("Body", "Oui")]
        #expect(InboundSMS(fields: fields) == InboundSMS(messageSID: "SM1", from: "+33612345678", to: "+33700000000", body: "Oui"))
        let legacy: [(name: String, value: String)] = [("SmsSid", "SM2"), ("From", "+1"), ("To", "+2"), ("Body", "")]
        #expect(InboundSMS(fields: legacy)?.messageSID == "SM2")
        #expect(InboundSMS(fields: legacy)?.body == "")
        for missing in ["MessageSid", "From", "To", "Body"] {
            #expect(InboundSMS(fields: fields.filter { $0.name != missing }) == nil, "without \(missing)")
        }
        #expect(InboundSMS(formBody: Array("MessageSid=SM3&From=%2B33612345678&To=%2B337&Body=Non+merci".utf8))?.body == "Non merci")
        #expect(InboundSMS(formBody: Array("MessageSid=SM3&From=%ZZ".utf8)) == nil)
    }

    @Test("a status callback with and without an error code")
    func statusCallback() {
        let failed = TwilioStatusCallback(formBody: Array("MessageSid=SM9&MessageStatus=undelivered&ErrorCode=30003".utf8))
        #expect(failed == TwilioStatusCallback(messageSID: "SM9", status: "undelivered", errorCode: 30003))
        #expect(failed?.isFailure == true)
        let delivered = TwilioStatusCallback(fields: [("SmsSid", "SM8"), ("SmsStatus", "Delivered"), ("ErrorCode", "x")])
        #expect(delivered == TwilioStatusCallback(messageSID: "SM8", status: "delivered", errorCode: nil))
        #expect(delivered?.isFailure == false)
        #expect(TwilioStatusCallback(fields: [("MessageSid", "SM7")]) == nil)
        #expect(TwilioStatusCallback(fields: [("MessageStatus", "sent")]) == nil)
    }

    @Test("Twilio's RFC 2822 dates", arguments: [
        ("Thu, 24 Aug 2023 05:01:45 +0000", Int64(1_692_853_305)), ("24 Aug 2023 07:01:45 +0200", 1_692_853_305),
        ("Thu, 24 Aug 2023 05:01:45 GMT", 1_692_853_305),
    ])
    func dates(text: String, seconds: Int64) {
        #expect(TwilioDate.parseRFC2822(text)?.seconds == seconds)
    }

    @Test("dates round-trip, and malformed ones are refused")
    func dateRoundTrip() {
        #expect(TwilioDate.rfc2822(.init(seconds: 1_692_853_305)) == "Thu, 24 Aug 2023 05:01:45 +0000")
        #expect(TwilioDate.day(.init(seconds: 1_692_853_305)) == "2023-08-24")
        #expect(TwilioDate.parseDay("2023-08-24")?.seconds == 1_692_835_200)
        for bad in ["", "yesterday", "Thu, 31 Feb 2023 05:01:45 +0000", "Thu, 24 Aug 2023 05:01 +0000", "Thu, 24 Foo 2023 05:01:45 +0000",
                    "Thu, 24 Aug 2023 05:01:45 +99"] {
            #expect(TwilioDate.parseRFC2822(bad) == nil, "\(bad)")
        }
        #expect(TwilioDate.parseDay("2023-8-24") == nil)
        #expect(TwilioDate.parseDay("2023-02-30") == nil)
    }
}
