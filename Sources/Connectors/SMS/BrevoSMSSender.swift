/// SMS through Brevo's transactional SMS API, a second provider behind the same `SMSSender`
/// port (a business may already pay for Brevo). One `POST {base}/v3/transactionalSMS/send`
/// with header `api-key` and JSON `{"sender", "recipient", "content", "type": "transactional",
/// "tag"}`; `recipient` is the number in international form without `+` (`33612345678`).
/// Brevo answers 201 `{"messageId": 1511882900176220}` (the deprecated `/transactionalSMS/sms`
/// takes the same request and adds `reference`, `smsCount`, credits; set `endpointPath` to use
/// it), or an error `{"code": "invalid_parameter", "message": "..."}`:
/// 400 about the number → recipient refused; other 400, 401 (bad key), 402 (no credits),
/// 403 → permanent; 429 and 5xx → retry.
///
/// Brevo has neither an idempotency key nor a way to find a sent SMS by its text, so an
/// ambiguous timeout can only be retried: the one case where a customer may get an SMS twice.
import Foundation
import Runtime
import Synchronization

/// Settings of a `BrevoSMSSender`.
public struct BrevoConfiguration: Sendable {
    /// The account's API key (header `api-key`).
    public var apiKey: String
    /// The sender name (up to 11 alphanumeric characters) or number (up to 15 digits).
    public var sender: String
    /// The API's origin; tests point it at a local server.
    public var baseURL: String
    /// The send endpoint's path.
    public var endpointPath: String
    /// The `tag` sent with each SMS; nil uses the SMS's template name (`offer`, `initial`...).
    public var tag: String?
    /// Seconds to wait for each call.
    public var timeout: Double

    /// A configuration.
    public init(apiKey: String, sender: String, baseURL: String = "https://api.brevo.com",
                endpointPath: String = "/v3/transactionalSMS/send", tag: String? = nil, timeout: Double = 10) {
        self.apiKey = apiKey; self.sender = sender; self.baseURL = baseURL
        self.endpointPath = endpointPath; self.tag = tag; self.timeout = timeout
    }

    /// The first setting that cannot work, in words for the operator; nil when all are usable.
    public func problem() -> String? {
        if apiKey.isEmpty { return "Brevo apiKey is empty" }
        let isNumber = sender.allSatisfy(\.isNumber)
        if sender.isEmpty || (isNumber ? sender.count > 15 : sender.count > 11) {
            return "Brevo sender '\(sender)' must be up to 11 letters and digits, or a number of up to 15 digits"
        }
        if !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) { return "Brevo baseURL '\(baseURL)' is not an http(s) URL" }
        if !(timeout > 0 && timeout <= 300) { return "Brevo timeout \(timeout) s is out of range (0...300)" }
        return nil
    }
}

/// Sends SMS through Brevo.
public final class BrevoSMSSender: SMSSender {
    /// The account settings.
    public let configuration: BrevoConfiguration
    private let client: any HTTPClient
    /// Outbox ids already delivered in this process, with Brevo's message id.
    private let delivered = Mutex(DeliveredMemory())

    /// A sender using `client`.
    public init(configuration: BrevoConfiguration, client: any HTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    public func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult {
        if let problem = configuration.problem() { return .permanent(problem) }
        if let id = delivered.withLock({ $0.sid(for: message.outboxID) }) { return .delivered(reference: id) }
        guard let recipient = Self.recipient(message.to) else {
            return .recipientRefused("\(Redaction.phone(message.to)) is not an international number (+ and 8 to 15 digits)", optedOut: false)
        }
        let payload: [String: Any] = ["sender": configuration.sender, "recipient": recipient, "content": message.body,
                                      "type": "transactional", "tag": configuration.tag ?? message.template]
        guard let body = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]) else {
            return .permanent("cannot encode the Brevo request as JSON")
        }
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        let request = OutboundHTTPRequest(
            method: "POST", url: base + configuration.endpointPath,
            headers: [.init("api-key", configuration.apiKey), .init("Content-Type", "application/json"),
                      .init("Accept", "application/json")],
            body: Array(body), timeout: configuration.timeout)
        let result: DeliveryResult
        switch client.send(request) {
        case .failure(.connection(let detail)): result = .retry("cannot reach Brevo (\(detail)); nothing was sent")
        case .failure(let error): result = .retry("Brevo did not answer (\(error)); Brevo cannot be asked whether it sent the SMS, so it will be sent again")
        case .success(let response): result = Self.classify(response, recipient: message.to)
        }
        if case .delivered(let reference?) = result { delivered.withLock { $0.remember(message.outboxID, sid: reference) } }
        return result
    }

    /// `+33612345678` → `33612345678`; nil when `number` is not `+` and 8 to 15 digits.
    static func recipient(_ number: String) -> String? {
        guard number.hasPrefix("+") else { return nil }
        let digits = number.dropFirst()
        guard (8...15).contains(digits.count), digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(digits)
    }

    /// What Brevo's answer means for delivery.
    static func classify(_ response: OutboundHTTPResponse, recipient: String) -> DeliveryResult {
        let object = ProviderJSON.object(response.body)
        if (200..<300).contains(response.status) {
            if let object, let id = ProviderJSON.int(object, "messageId").map(String.init) ?? ProviderJSON.string(object, "messageId") {
                return .delivered(reference: id)
            }
            // Accepted, but no id to show for it: Brevo did take the SMS, so do not send it again.
            return .delivered(reference: nil)
        }
        var detail = object.map { object in
            [ProviderJSON.string(object, "code"), ProviderJSON.string(object, "message")].compactMap { $0 }.joined(separator: ": ")
        } ?? ""
        if detail.isEmpty { detail = "an unreadable body (\(ProviderJSON.snippet(response.body)))" }
        detail = detail.replacingOccurrences(of: String(recipient.dropFirst()), with: Redaction.phone(recipient))
        switch response.status {
        case 429, 500...599:
            let wait = response.header("retry-after").map { "; Retry-After \($0) s" } ?? ""
            return .retry("Brevo answered HTTP \(response.status) (temporary): \(detail)\(wait)")
        case 400 where mentionsRecipient(detail):
            return .recipientRefused("Brevo refused \(Redaction.phone(recipient)): \(detail)", optedOut: false)
        default:
            return .permanent("Brevo refused the SMS with HTTP \(response.status): \(detail)")
        }
    }

    /// Whether a 400's explanation is about the recipient's number rather than the request.
    static func mentionsRecipient(_ detail: String) -> Bool {
        let lower = detail.lowercased()
        return ["recipient", "phone", "number", "mobile"].contains { lower.contains($0) }
    }
}
