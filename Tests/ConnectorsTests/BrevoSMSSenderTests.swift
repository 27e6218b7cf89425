/// `BrevoSMSSender` against a small local server speaking Brevo's transactional SMS API: the
/// JSON it sends, and how each answer (201, 400 about the number, 401, 402, 429, 5xx,
/// garbage, silence) maps onto the outbox's outcomes.
import Foundation
import Runtime
import Synchronization
import Testing
@testable import Connectors

@Suite("Brevo SMS sender", .serialized)
struct BrevoSMSSenderTests {
    /// A local Brevo: checks the key, records the JSON, answers from `answer`.
    static func server(log: RequestLog, answer: @escaping @Sendable ([String: Any]) -> HTTPResponse) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.threads = 2
        let server = HTTPServer(configuration: configuration, handler: HTTPHandlerFunction { request in
            log.append(request)
            guard request.header("api-key") == "xkeysib-test" else {
                return HTTPResponse(status: 401, body: Array("{\"code\":\"unauthorized\",\"message\":\"Key not found\"}".utf8))
            }
            let json = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            return answer(json)
        })
        try server.start()
        return server
    }

    static func sender(_ server: HTTPServer, key: String = "xkeysib-test", timeout: Double = 10) -> BrevoSMSSender {
        BrevoSMSSender(configuration: BrevoConfiguration(apiKey: key, sender: "Bistro", baseURL: "http://127.0.0.1:\(server.port)",
                                                         timeout: timeout), client: CurlHTTPClient())
    }

    static func sms(_ id: Int64, to: String = "+33612345678") -> OutboundSMS {
        OutboundSMS(outboxID: id, business: "bistro", to: to, body: "Une table s'est libérée. Répondez OUI ou NON.", template: "offer", entryID: 1)
    }

    static let now = Instant(seconds: 1_700_000_000)

    static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(text.utf8))
    }

    @Test("201: delivered with Brevo's messageId; the request is Brevo's documented JSON")
    func delivered() throws {
        let log = RequestLog()
        let server = try Self.server(log: log) { _ in Self.json(201, "{\"messageId\": 1511882900176220}") }
        defer { server.stop() }
        let sender = Self.sender(server)
        #expect(sender.send(Self.sms(1), at: Self.now) == .delivered(reference: "1511882900176220"))
        let request = try #require(log.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v3/transactionalSMS/send")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [String: String])
        #expect(json == ["sender": "Bistro", "recipient": "33612345678", "content": Self.sms(1).body,
                         "type": "transactional", "tag": "offer"])
        // Sent again with the same outbox id: answered from memory.
        #expect(sender.send(Self.sms(1), at: Self.now) == .delivered(reference: "1511882900176220"))
        #expect(log.requests.count == 1)
    }

    enum Outcome: Sendable, Equatable { case refused, permanent, retry }

    @Test("error answers", arguments: [
        (400, "{\"code\":\"invalid_parameter\",\"message\":\"Invalid recipient number\"}", Outcome.refused),
        (400, "{\"code\":\"invalid_parameter\",\"message\":\"sender is too long\"}", .permanent),
        (402, "{\"code\":\"not_enough_credits\",\"message\":\"Not enough credits\"}", .permanent),
        (403, "{\"code\":\"permission_denied\",\"message\":\"SMS not enabled\"}", .permanent),
        (429, "{\"code\":\"too_many_requests\",\"message\":\"slow down\"}", .retry),
        (500, "<html>Internal error</html>", .retry),
        (503, "", .retry),
        (404, "<html>Not found</html>", .permanent),
    ])
    func errors(status: Int, body: String, expected: Outcome) throws {
        let server = try Self.server(log: RequestLog()) { _ in Self.json(status, body) }
        defer { server.stop() }
        let result = Self.sender(server).send(Self.sms(2), at: Self.now)
        switch (expected, result) {
        case (.refused, .recipientRefused(let reason, optedOut: false)):
            #expect(reason.contains("+336****78"))
        case (.permanent, .permanent(let reason)), (.retry, .retry(let reason)):
            #expect(reason.contains("HTTP \(status)"), "\(reason)")
        default:
            Issue.record("HTTP \(status): expected \(expected), got \(result)")
        }
    }

    @Test("a wrong key is permanent; a number that is not international never leaves")
    func keyAndNumber() throws {
        let log = RequestLog()
        let server = try Self.server(log: log) { _ in Self.json(201, "{\"messageId\": 1}") }
        defer { server.stop() }
        guard case .permanent(let reason) = Self.sender(server, key: "wrong").send(Self.sms(3), at: Self.now) else {
            Issue.record("expected permanent"); return
        }
        #expect(reason.contains("401") && reason.contains("unauthorized"))
        guard case .recipientRefused(_, optedOut: false) = Self.sender(server).send(Self.sms(4, to: "0612345678"), at: Self.now) else {
            Issue.record("expected refused"); return
        }
        #expect(log.requests.count == 1)
    }

    @Test("silence is a retry; an unreachable Brevo says nothing was sent; bad settings are permanent")
    func transport() throws {
        let server = try Self.server(log: RequestLog()) { _ in
            Thread.sleep(forTimeInterval: 1.2)
            return Self.json(201, "{\"messageId\": 1}")
        }
        defer { server.stop() }
        guard case .retry(let slow) = Self.sender(server, timeout: 0.3).send(Self.sms(5), at: Self.now) else {
            Issue.record("expected retry"); return
        }
        #expect(slow.contains("timed out"))
        let unreachable = BrevoSMSSender(configuration: BrevoConfiguration(apiKey: "k", sender: "Bistro", baseURL: "http://127.0.0.1:1"),
                                         client: CurlHTTPClient())
        guard case .retry(let refused) = unreachable.send(Self.sms(6), at: Self.now) else { Issue.record("expected retry"); return }
        #expect(refused.contains("nothing was sent"))
        let badSender = BrevoSMSSender(configuration: BrevoConfiguration(apiKey: "k", sender: "Bistro du Coin"), client: CurlHTTPClient())
        guard case .permanent(let setting) = badSender.send(Self.sms(7), at: Self.now) else { Issue.record("expected permanent"); return }
        #expect(setting.contains("sender"))
    }

    @Test("a 2xx without a readable id is still delivered (Brevo took it)")
    func acceptedWithoutID() throws {
        let server = try Self.server(log: RequestLog()) { _ in HTTPResponse(status: 201, body: Array("ok".utf8)) }
        defer { server.stop() }
        #expect(Self.sender(server).send(Self.sms(8), at: Self.now) == .delivered(reference: nil))
    }
}
