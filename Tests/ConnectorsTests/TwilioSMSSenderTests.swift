/// `TwilioSMSSender` against the Twilio emulator over real HTTP: a sent SMS, each error code
/// the outbox must tell apart, rate limiting then success, server errors, garbage, and the
/// timeouts where only a look at Twilio's message log can say whether to send again.
import Foundation
import ProviderEmulators
import Runtime
import Synchronization
import Testing
@testable import Connectors

@Suite("Twilio SMS sender", .serialized)
struct TwilioSMSSenderTests {
    static let accountSID = "AC" + String(repeating: "0123456789abcdef", count: 2)
    static let authToken = "secret-token"
    static let from = "+33700000000"

    static func emulator() throws -> TwilioEmulator {
        let emulator = TwilioEmulator(accountSID: accountSID, authToken: authToken)
        try emulator.start()
        return emulator
    }

    static func sender(_ emulator: TwilioEmulator, timeout: Double = 10, token: String = authToken,
                       from: String? = from, service: String? = nil) -> TwilioSMSSender {
        TwilioSMSSender(configuration: TwilioConfiguration(accountSID: accountSID, authToken: token, from: from,
                                                           messagingServiceSID: service,
                                                           statusCallbackURL: "https://example.fr/twilio/status",
                                                           baseURL: emulator.baseURL, timeout: timeout),
                        client: CurlHTTPClient())
    }

    static func sms(_ id: Int64, to: String = "+33612345678", body: String = "Une table s'est libérée à 20h. Répondez OUI ou NON.") -> OutboundSMS {
        OutboundSMS(outboxID: id, business: "bistro", to: to, body: body, template: "offer", entryID: 1)
    }

    static var now: Instant { Instant(seconds: Int64(Date().timeIntervalSince1970)) }

    @Test("201: delivered with Twilio's SID; the emulator holds the exact fields")
    func delivered() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        let result = Self.sender(emulator).send(Self.sms(1), at: Self.now)
        let messages = emulator.messages
        try #require(messages.count == 1)
        #expect(result == .delivered(reference: messages[0].sid))
        #expect(messages[0].sid.hasPrefix("SM") && messages[0].sid.count == 34)
        #expect(messages[0].to == "+33612345678")
        #expect(messages[0].from == Self.from)
        #expect(messages[0].body == Self.sms(1).body)
        #expect(messages[0].status == "queued")
        #expect(messages[0].statusCallback == "https://example.fr/twilio/status")
    }

    @Test("the same outbox id sent again is not sent twice")
    func idempotentInProcess() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        let sender = Self.sender(emulator)
        let first = sender.send(Self.sms(7), at: Self.now)
        let second = sender.send(Self.sms(7), at: Self.now)
        #expect(first == second)
        #expect(emulator.messages.count == 1)
    }

    @Test("a Messaging Service instead of a number")
    func messagingService() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        let result = Self.sender(emulator, from: nil, service: "MG" + String(repeating: "a", count: 32)).send(Self.sms(2), at: Self.now)
        guard case .delivered = result else { Issue.record("expected delivered, got \(result)"); return }
        #expect(emulator.messages.first?.from == nil)
        #expect(emulator.messages.first?.status == "accepted")
    }

    enum Refusal: String, CaseIterable, Sendable { case invalidNumber, landline, optedOut, badToken }

    @Test("error codes: 21211 and 21614 refuse the number, 21610 is an opt-out, 20003 is permanent",
          arguments: Refusal.allCases)
    func errorCodes(_ refusal: Refusal) throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        let landline = "+33140000000"
        let stopped = "+33611111111"
        emulator.markLandline(landline)
        emulator.optOut(stopped)
        let result: DeliveryResult
        switch refusal {
        case .invalidNumber: result = Self.sender(emulator).send(Self.sms(3, to: "0612345678"), at: Self.now)
        case .landline: result = Self.sender(emulator).send(Self.sms(3, to: landline), at: Self.now)
        case .optedOut: result = Self.sender(emulator).send(Self.sms(3, to: stopped), at: Self.now)
        case .badToken: result = Self.sender(emulator, token: "wrong").send(Self.sms(3), at: Self.now)
        }
        switch (refusal, result) {
        case (.invalidNumber, .recipientRefused(let reason, optedOut: false)):
            #expect(reason.contains("21211"))
        case (.landline, .recipientRefused(let reason, optedOut: false)):
            #expect(reason.contains("21614"))
            #expect(!reason.contains(landline), "the number is masked: \(reason)")
        case (.optedOut, .recipientRefused(let reason, optedOut: true)):
            #expect(reason.contains("21610"))
        case (.badToken, .permanent(let reason)):
            #expect(reason.contains("20003") && reason.contains("401"))
        default:
            Issue.record("\(refusal): unexpected \(result)")
        }
        #expect(emulator.messages.isEmpty)
    }

    @Test("429 is retried (with Retry-After), then the next attempt is delivered once")
    func rateLimitedThenDelivered() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        emulator.enqueueFailures([.status(429, retryAfter: 2)])
        let sender = Self.sender(emulator)
        let first = sender.send(Self.sms(4), at: Self.now)
        guard case .retry(let reason) = first else { Issue.record("expected retry, got \(first)"); return }
        #expect(reason.contains("429") && reason.contains("20429") && reason.contains("Retry-After 2"))
        #expect(emulator.messages.isEmpty)
        guard case .delivered = sender.send(Self.sms(4), at: Self.now) else { Issue.record("expected delivered"); return }
        #expect(emulator.messages.count == 1)
    }

    @Test("500 is a retry")
    func serverError() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        emulator.enqueueFailures([.status(500)])
        let result = Self.sender(emulator).send(Self.sms(5), at: Self.now)
        guard case .retry(let reason) = result else { Issue.record("expected retry, got \(result)"); return }
        #expect(reason.contains("HTTP 500"))
    }

    @Test("an HTML page instead of JSON is a retry that quotes it, once the log shows nothing was sent")
    func garbage() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        emulator.enqueueFailures([.garbage])
        let result = Self.sender(emulator).send(Self.sms(6), at: Self.now)
        guard case .retry(let reason) = result else { Issue.record("expected retry, got \(result)"); return }
        #expect(reason.contains("502 Bad Gateway"))
        #expect(reason.contains("no message to +336****78 found"))
        #expect(emulator.messages.isEmpty)
    }

    @Test("a timeout after Twilio created the message: the log lookup finds it, delivered, no second SMS")
    func slowButSent() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        emulator.enqueueFailures([.slow(seconds: 1.5)])
        let sender = Self.sender(emulator, timeout: 0.4)
        let result = sender.send(Self.sms(8), at: Self.now)
        let messages = emulator.messages
        try #require(messages.count == 1)
        #expect(result == .delivered(reference: messages[0].sid))
        // The outbox may call again (a restart of the attempt): still one SMS.
        #expect(sender.send(Self.sms(8), at: Self.now) == result)
        #expect(emulator.messages.count == 1)
    }

    @Test("a timeout where Twilio did not act: nothing in the log, retry, and the retry sends it once")
    func slowAndNotSent() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        emulator.enqueueFailures([.slowNotRecorded(seconds: 1.5)])
        let sender = Self.sender(emulator, timeout: 0.4)
        let result = sender.send(Self.sms(9), at: Self.now)
        guard case .retry(let reason) = result else { Issue.record("expected retry, got \(result)"); return }
        #expect(reason.contains("timed out"))
        #expect(emulator.messages.isEmpty)
        guard case .delivered = sender.send(Self.sms(9), at: Self.now) else { Issue.record("expected delivered"); return }
        #expect(emulator.messages.count == 1)
    }

    @Test("the lookup ignores older messages and other bodies with the same number")
    func lookupMatchesOnlyThisMessage() throws {
        let emulator = try Self.emulator()
        defer { emulator.stop() }
        let sender = Self.sender(emulator)
        _ = sender.send(Self.sms(10, body: "Autre message"), at: Self.now)
        let later = Instant(seconds: Self.now.seconds + 3600)
        _ = sender.send(Self.sms(11), at: Self.now)
        // Same text, but the attempt is an hour after it was created: a different SMS.
        #expect(try sender.findSent(Self.sms(12), at: later).get() == nil)
        #expect(try sender.findSent(Self.sms(12), at: Self.now).get() == emulator.messages.last?.sid)
        #expect(try sender.findSent(Self.sms(12, body: "Inconnu"), at: Self.now).get() == nil)
    }

    @Test("no Twilio at all: a retry that says nothing was sent")
    func unreachable() {
        let sender = TwilioSMSSender(configuration: TwilioConfiguration(accountSID: Self.accountSID, authToken: "t", from: Self.from,
                                                                        baseURL: "http://127.0.0.1:1"), client: CurlHTTPClient())
        let result = sender.send(Self.sms(13), at: Self.now)
        guard case .retry(let reason) = result else { Issue.record("expected retry, got \(result)"); return }
        #expect(reason.contains("nothing was sent"))
    }

    @Test("a configuration that cannot work is a permanent failure naming the setting")
    func badConfiguration() {
        let cases: [(TwilioConfiguration, String)] = [
            (TwilioConfiguration(accountSID: "", authToken: "t", from: "+1"), "accountSID"),
            (TwilioConfiguration(accountSID: "AC1", authToken: "", from: "+1"), "authToken"),
            (TwilioConfiguration(accountSID: "AC1", authToken: "t"), "sender"),
            (TwilioConfiguration(accountSID: "AC1", authToken: "t", from: "+1", baseURL: "api.twilio.com"), "baseURL"),
            (TwilioConfiguration(accountSID: "AC1", authToken: "t", from: "+1", timeout: 0), "timeout"),
        ]
        for (configuration, word) in cases {
            let result = TwilioSMSSender(configuration: configuration, client: CurlHTTPClient()).send(Self.sms(14), at: Self.now)
            guard case .permanent(let reason) = result else { Issue.record("expected permanent, got \(result)"); continue }
            #expect(reason.contains(word), "\(reason)")
        }
    }

    @Test("unreadable or failing lookups after a timeout are retries that say why", arguments: [
        OutboundHTTPResponse(status: 200, body: Array("<html>".utf8)),
        OutboundHTTPResponse(status: 200, body: Array("{\"messages\": 3}".utf8)),
        OutboundHTTPResponse(status: 500, body: Array("{\"code\": 20500, \"message\": \"Internal\"}".utf8)),
    ])
    func lookupFailures(listAnswer: OutboundHTTPResponse) {
        let client = ScriptedHTTPClient([.failure(.timeout("0.4 s")), .success(listAnswer)])
        let sender = TwilioSMSSender(configuration: TwilioConfiguration(accountSID: Self.accountSID, authToken: "t", from: Self.from),
                                     client: client)
        let result = sender.send(Self.sms(15), at: Self.now)
        guard case .retry(let reason) = result else { Issue.record("expected retry, got \(result)"); return }
        #expect(reason.contains("could not check Twilio's log"), "\(reason)")
        let requests = client.requests
        #expect(requests.count == 2)
        #expect(requests.last?.method == "GET")
        #expect(requests.last?.url.hasSuffix("/Messages.json?To=%2B33612345678&PageSize=50") == true)
    }

    @Test("error bodies of any shape never crash and still decide", arguments: [
        (400, "<html><body>Bad Request</body></html>", "permanent"),
        (400, "[1, 2, 3]", "permanent"),
        (400, "{\"code\": \"21211\", \"message\": 7}", "refused"),
        (400, "{\"code\": true}", "permanent"),
        (404, "", "permanent"),
        (429, "not json", "retry"),
        (503, "{\"code\": null}", "retry"),
        (400, "{\"code\": 21611, \"message\": \"queue full\"}", "retry"),
    ])
    func oddErrorBodies(status: Int, body: String, expected: String) {
        let client = ScriptedHTTPClient([.success(OutboundHTTPResponse(status: status, body: Array(body.utf8)))])
        let sender = TwilioSMSSender(configuration: TwilioConfiguration(accountSID: "AC1", authToken: "t", from: Self.from), client: client)
        let result = sender.send(Self.sms(17), at: Self.now)
        switch (expected, result) {
        case ("permanent", .permanent(let reason)), ("retry", .retry(let reason)), ("refused", .recipientRefused(let reason, optedOut: false)):
            #expect(reason.contains("HTTP \(status)"), "\(reason)")
        default:
            Issue.record("HTTP \(status) \(body): expected \(expected), got \(result)")
        }
        #expect(client.requests.count == 1)
    }

    @Test("the request on the wire: form fields, basic auth, the Messages URL")
    func requestShape() throws {
        let client = ScriptedHTTPClient([.success(OutboundHTTPResponse(status: 201, body: Array("{\"sid\": \"SMx\"}".utf8)))])
        let sender = TwilioSMSSender(configuration: TwilioConfiguration(accountSID: "AC1", authToken: "tok", from: "+33700000000",
                                                                        statusCallbackURL: "https://e.fr/s?a=1", baseURL: "https://api.example/"),
                                     client: client)
        #expect(sender.send(Self.sms(16, body: "Oui & non"), at: Self.now) == .delivered(reference: "SMx"))
        let request = try #require(client.requests.first)
        #expect(request.url == "https://api.example/2010-04-01/Accounts/AC1/Messages.json")
        #expect(request.headers.contains(.init("Authorization", "Basic " + Data("AC1:tok".utf8).base64EncodedString())))
        let fields = try #require(FormDecoding.decode(request.body))
        #expect(fields.map(\.name) == ["To", "From", "Body", "StatusCallback"])
        #expect(fields.map(\.value) == ["+33612345678", "+33700000000", "Oui & non", "https://e.fr/s?a=1"])
    }
}

/// An `HTTPClient` that answers from a script and records the requests.
final class ScriptedHTTPClient: HTTPClient {
    private let state: Mutex<(answers: [Result<OutboundHTTPResponse, HTTPClientError>], requests: [OutboundHTTPRequest])>

    init(_ answers: [Result<OutboundHTTPResponse, HTTPClientError>]) {
        state = Mutex((answers, []))
    }

    var requests: [OutboundHTTPRequest] { state.withLock { $0.requests } }

    func send(_ request: OutboundHTTPRequest) -> Result<OutboundHTTPResponse, HTTPClientError> {
        state.withLock { state in
            state.requests.append(request)
            return state.answers.isEmpty ? .failure(.transport("script exhausted")) : state.answers.removeFirst()
        }
    }
}
