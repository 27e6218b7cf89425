/// The Twilio emulator follows Twilio's documented API: basic auth, validation errors in
/// Twilio's JSON, the Message resource, the list's filters and paging, and signed webhooks
/// to the service (inbound SMS, status callbacks) that the service can verify.
import Foundation
import ProviderEmulators
import Runtime
import Synchronization
import Testing
@testable import Connectors

@Suite("Twilio emulator", .serialized)
struct TwilioEmulatorTests {
    static let accountSID = TwilioSMSSenderTests.accountSID
    static let token = TwilioSMSSenderTests.authToken

    static func call(_ emulator: TwilioEmulator, _ method: String, _ path: String, form: [(name: String, value: String)] = [],
                     token: String = token) throws -> (status: Int, json: [String: Any]) {
        let auth = "Basic " + Data("\(accountSID):\(token)".utf8).base64EncodedString()
        let request = OutboundHTTPRequest(method: method, url: emulator.baseURL + path,
                                          headers: [.init("Authorization", auth), .init("Content-Type", "application/x-www-form-urlencoded")],
                                          body: Array(FormEncoding.encode(form).utf8))
        let response = try CurlHTTPClient().send(request).get()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        return (response.status, json)
    }

    static let messagesPath = "/2010-04-01/Accounts/\(accountSID)/Messages.json"

    @Test("wrong credentials: 401 with error 20003")
    func authentication() throws {
        let emulator = try TwilioSMSSenderTests.emulator()
        defer { emulator.stop() }
        let (status, json) = try Self.call(emulator, "GET", Self.messagesPath, token: "nope")
        #expect(status == 401)
        #expect(json["code"] as? Int == 20003)
        #expect(json["more_info"] as? String == "https://www.twilio.com/docs/errors/20003")
        let (otherStatus, other) = try Self.call(emulator, "GET", "/2010-04-01/Accounts/ACother/Messages.json")
        #expect(otherStatus == 404)
        #expect(other["code"] as? Int == 20404)
    }

    @Test("validation errors in Twilio's order and shape", arguments: [
        ([("From", "+33700000000"), ("Body", "x")], 21604),
        ([("To", "0612345678"), ("From", "+33700000000"), ("Body", "x")], 21211),
        ([("To", "+33612345678"), ("Body", "x")], 21603),
        ([("To", "+33612345678"), ("From", "+33700000000")], 21602),
        ([("To", "+33612345678"), ("From", "+33700000000"), ("Body", String(repeating: "a", count: 1601))], 21617),
    ] as [([(String, String)], Int)])
    func validation(form: [(String, String)], code: Int) throws {
        let emulator = try TwilioSMSSenderTests.emulator()
        defer { emulator.stop() }
        let (status, json) = try Self.call(emulator, "POST", Self.messagesPath, form: form.map { (name: $0.0, value: $0.1) })
        #expect(status == 400)
        #expect(json["code"] as? Int == code)
        #expect(json["status"] as? Int == 400)
        #expect((json["message"] as? String)?.isEmpty == false)
        #expect(emulator.messages.isEmpty)
    }

    @Test("201 returns the Message resource; fetch by SID; unknown SID is 404")
    func resource() throws {
        let emulator = try TwilioSMSSenderTests.emulator()
        defer { emulator.stop() }
        let (status, json) = try Self.call(emulator, "POST", Self.messagesPath,
                                           form: [("To", "+33612345678"), ("From", "+33700000000"), ("Body", "Votre table est prête ?")])
        #expect(status == 201)
        let sid = try #require(json["sid"] as? String)
        #expect(sid.count == 34 && sid.hasPrefix("SM"))
        #expect(json["status"] as? String == "queued")
        #expect(json["direction"] as? String == "outbound-api")
        #expect(json["num_segments"] as? String == "1")
        #expect(json["date_sent"] is NSNull)
        #expect((json["date_created"] as? String).flatMap(TwilioDate.parseRFC2822) != nil)
        #expect(json["uri"] as? String == "/2010-04-01/Accounts/\(Self.accountSID)/Messages/\(sid).json")
        let (fetchStatus, fetched) = try Self.call(emulator, "GET", "/2010-04-01/Accounts/\(Self.accountSID)/Messages/\(sid).json")
        #expect(fetchStatus == 200)
        #expect(fetched["body"] as? String == "Votre table est prête ?")
        let (missingStatus, missing) = try Self.call(emulator, "GET", "/2010-04-01/Accounts/\(Self.accountSID)/Messages/SMnope.json")
        #expect(missingStatus == 404)
        #expect(missing["code"] as? Int == 20404)
    }

    @Test("the list: most recent first, To filter, paging, and DateSent skips messages still queued")
    func list() throws {
        let emulator = try TwilioSMSSenderTests.emulator()
        defer { emulator.stop() }
        for (index, to) in ["+33611111111", "+33622222222", "+33611111111", "+33611111111"].enumerated() {
            _ = try Self.call(emulator, "POST", Self.messagesPath, form: [("To", to), ("From", "+33700000000"), ("Body", "m\(index)")])
        }
        let (_, page0) = try Self.call(emulator, "GET", Self.messagesPath + "?To=%2B33611111111&PageSize=2")
        let bodies0 = (page0["messages"] as? [[String: Any]])?.compactMap { $0["body"] as? String }
        #expect(bodies0 == ["m3", "m2"])
        #expect(page0["page_size"] as? Int == 2)
        let next = try #require(page0["next_page_uri"] as? String)
        let (_, page1) = try Self.call(emulator, "GET", next)
        #expect((page1["messages"] as? [[String: Any]])?.compactMap { $0["body"] as? String } == ["m0"])
        #expect(page1["next_page_uri"] is NSNull)
        #expect(page1["page"] as? Int == 1)
        let today = TwilioDate.day(Instant(seconds: Int64(Date().timeIntervalSince1970)))
        let query = Self.messagesPath + "?To=%2B33611111111&" + FormEncoding.encode([("DateSent>", today)])
        let (_, queued) = try Self.call(emulator, "GET", query)
        #expect((queued["messages"] as? [Any])?.count == 0)
        emulator.sendQueued()
        let (_, sent) = try Self.call(emulator, "GET", query)
        #expect((sent["messages"] as? [Any])?.count == 3)
        let (badStatus, bad) = try Self.call(emulator, "GET", Self.messagesPath + "?DateSent=yesterday")
        #expect(badStatus == 400)
        #expect(bad["code"] as? Int == 20001)
    }

    @Test("segments: GSM-7 fits 160, French accents outside it switch to 70/67")
    func segments() throws {
        let emulator = try TwilioSMSSenderTests.emulator()
        defer { emulator.stop() }
        let cases: [(String, String)] = [(String(repeating: "a", count: 160), "1"), (String(repeating: "a", count: 161), "2"),
                                         (String(repeating: "ê", count: 70), "1"), (String(repeating: "ê", count: 71), "2"),
                                         ("Réservé à 20h, café ?", "1")]
        for (body, expected) in cases {
            let (_, json) = try Self.call(emulator, "POST", Self.messagesPath, form: [("To", "+33612345678"), ("From", "+33700000000"), ("Body", body)])
            #expect(json["num_segments"] as? String == expected, "\(body.count) × \(body.first!)")
        }
    }

    @Test("inbound SMS and status callbacks arrive signed; forged ones do not verify; a replay repeats the token")
    func webhooks() throws {
        let emulator = try TwilioSMSSenderTests.emulator()
        defer { emulator.stop() }
        let log = RequestLog()
        var configuration = HTTPServerConfiguration()
        configuration.threads = 2
        let service = HTTPServer(configuration: configuration, handler: HTTPHandlerFunction { request in
            log.append(request)
            return TwilioWebhook.emptyReply()
        })
        try service.start()
        defer { service.stop() }
        let url = "http://127.0.0.1:\(service.port)/twilio/sms"

        let answer = try #require(emulator.sendInbound(to: url, from: "+33612345678", to: "+33700000000", body: "Oui !"))
        #expect(answer.status == 200)
        #expect(answer.text.contains("<Response>"))
        let first = try #require(log.requests.last)
        let fields = try #require(TwilioWebhook.verifiedFields(of: first, url: url, authToken: Self.token))
        let inbound = try #require(InboundSMS(fields: fields))
        #expect(inbound.from == "+33612345678" && inbound.body == "Oui !")
        #expect(InboundReply.interpret(inbound.body) == .yes)
        #expect(emulator.messages.last?.sid == inbound.messageSID)
        #expect(emulator.messages.last?.direction == "inbound")
        let token = try #require(TwilioWebhook.idempotencyToken(of: first))

        _ = emulator.replayLastWebhook()
        #expect(log.requests.count == 2)
        #expect(TwilioWebhook.idempotencyToken(of: log.requests[1]) == token)
        #expect(log.requests[1].body == first.body)

        _ = emulator.sendInbound(to: url, from: "+33612345678", to: "+33700000000", body: "Oui", forged: true)
        let forged = try #require(log.requests.last)
        #expect(TwilioWebhook.verifiedFields(of: forged, url: url, authToken: Self.token) == nil)
        #expect(TwilioWebhook.idempotencyToken(of: forged) != token)

        // A status callback for a message the sender created.
        let sender = TwilioSMSSenderTests.sender(emulator)
        guard case .delivered(let sid?) = sender.send(TwilioSMSSenderTests.sms(30), at: .init(seconds: Int64(Date().timeIntervalSince1970))) else {
            Issue.record("not delivered"); return
        }
        let statusURL = "http://127.0.0.1:\(service.port)/twilio/status"
        _ = emulator.sendStatus(to: statusURL, messageSID: sid, status: "undelivered", errorCode: 30003)
        let statusRequest = try #require(log.requests.last)
        let statusFields = try #require(TwilioWebhook.verifiedFields(of: statusRequest, url: statusURL, authToken: Self.token))
        #expect(TwilioStatusCallback(fields: statusFields) == TwilioStatusCallback(messageSID: sid, status: "undelivered", errorCode: 30003))
        #expect(emulator.messages.first { $0.sid == sid }?.status == "undelivered")
        // Signed for one URL, refused for another.
        #expect(TwilioWebhook.verifiedFields(of: statusRequest, url: url, authToken: Self.token) == nil)
    }

    @Test("a customer's STOP makes Twilio refuse later sends with 21610, START lifts it")
    func stopThenStart() throws {
        let emulator = try TwilioSMSSenderTests.emulator()
        defer { emulator.stop() }
        // Nobody listens on port 1: the webhook fails, Twilio still records the opt-out.
        #expect(emulator.sendInbound(to: "http://127.0.0.1:1/sms", from: "+33612345678", to: "+33700000000", body: " stop ") == nil)
        #expect(emulator.isOptedOut("+33612345678"))
        let sender = TwilioSMSSenderTests.sender(emulator)
        let now = Instant(seconds: Int64(Date().timeIntervalSince1970))
        guard case .recipientRefused(_, optedOut: true) = sender.send(TwilioSMSSenderTests.sms(31), at: now) else {
            Issue.record("expected an opt-out refusal"); return
        }
        emulator.sendInbound(to: "http://127.0.0.1:1/sms", from: "+33612345678", to: "+33700000000", body: "START")
        guard case .delivered = sender.send(TwilioSMSSenderTests.sms(32), at: now) else { Issue.record("expected delivered"); return }
    }
}

/// Requests a test server received.
final class RequestLog: Sendable {
    private let entries = Mutex<[HTTPRequest]>([])
    func append(_ request: HTTPRequest) { entries.withLock { $0.append(request) } }
    var requests: [HTTPRequest] { entries.withLock { $0 } }
}
