/// SMS through Twilio's Programmable Messaging REST API over libcurl: one
/// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` per SMS with form fields `To`,
/// `From` and/or `MessagingServiceSid`, `Body` and `StatusCallback`, authenticated with HTTP
/// basic auth (account SID, auth token). Twilio answers 201 with the new Message resource
/// (`sid` "SM…", `status` "queued"), or an error JSON that `TwilioAPIError` sorts into
/// retry / permanent / recipient refused.
///
/// Twilio has no idempotency key for message creation: sending the same POST twice texts the
/// customer twice. So when a call ends without an answer (a timeout, a dropped connection
/// after the request left), the sender does not simply retry: it first lists the messages
/// recently sent to that number and, if one with the same body exists, reports it delivered
/// (see `TwilioSMSSender+Lookup.swift`). Answers already given in this process are also
/// remembered by outbox id, so a repeated `send` of a delivered SMS never reaches Twilio.
import Runtime
import Synchronization

/// Sends SMS through one Twilio account.
public final class TwilioSMSSender: SMSSender {
    /// The account and sender settings.
    public let configuration: TwilioConfiguration
    let client: any HTTPClient
    /// Outbox ids already delivered in this process, with Twilio's message SID.
    private let delivered = Mutex(DeliveredMemory())

    /// A sender using `client` (a `CurlHTTPClient` in production and in tests).
    public init(configuration: TwilioConfiguration, client: any HTTPClient) {
        self.configuration = configuration
        self.client = client
    }

    public func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult {
        if let problem = configuration.problem() { return .permanent(problem) }
        if let sid = delivered.withLock({ $0.sid(for: message.outboxID) }) { return .delivered(reference: sid) }
        // An earlier attempt (maybe cut short by a restart) may have got through: look first.
        if message.previousAttempts > 0, case .success(let sid?) = findSent(message, at: now, since: message.queuedAt) {
            delivered.withLock { $0.remember(message.outboxID, sid: sid) }
            return .delivered(reference: sid)
        }
        let result = outcome(of: message, at: now)
        if case .delivered(let reference?) = result {
            delivered.withLock { $0.remember(message.outboxID, sid: reference) }
        }
        return result
    }

    /// One attempt: the POST, then what its answer (or its silence) means.
    private func outcome(of message: OutboundSMS, at now: Instant) -> DeliveryResult {
        switch client.send(createRequest(for: message)) {
        case .failure(.connection(let detail)):
            return .retry("cannot reach Twilio (\(detail)); nothing was sent")
        case .failure(let error):
            // Timed out or cut off after the request left: Twilio may have created the message.
            return checkAmbiguous(message, at: now, because: "Twilio did not answer (\(error))")
        case .success(let response) where (200..<300).contains(response.status):
            if let object = ProviderJSON.object(response.body), let sid = ProviderJSON.string(object, "sid"), !sid.isEmpty {
                return .delivered(reference: sid)
            }
            // A success without a readable resource: the message probably exists; look before retrying.
            return checkAmbiguous(message, at: now, because: "Twilio answered HTTP \(response.status) with "
                                  + "\(ProviderJSON.snippet(response.body)) instead of a message resource")
        case .success(let response):
            return TwilioAPIError.classify(status: response.status, body: response.body,
                                           retryAfter: response.header("retry-after"), recipient: message.to)
        }
    }

    /// The create-message POST for `message`.
    func createRequest(for message: OutboundSMS) -> OutboundHTTPRequest {
        var fields: [(name: String, value: String)] = [("To", message.to)]
        if let from = configuration.from, !from.isEmpty { fields.append(("From", from)) }
        if let service = configuration.messagingServiceSID, !service.isEmpty { fields.append(("MessagingServiceSid", service)) }
        fields.append(("Body", message.body))
        if let callback = configuration.statusCallbackURL, !callback.isEmpty { fields.append(("StatusCallback", callback)) }
        return OutboundHTTPRequest(
            method: "POST", url: configuration.messagesURL,
            headers: [configuration.authorization, .init("Content-Type", "application/x-www-form-urlencoded"),
                      .init("Accept", "application/json")],
            body: Array(FormEncoding.encode(fields).utf8), timeout: configuration.timeout)
    }
}

/// A bounded memory of delivered outbox ids (oldest forgotten first).
struct DeliveredMemory {
    static let capacity = 10_000
    private var sids: [Int64: String] = [:]
    private var order: [Int64] = []
    private var head = 0

    func sid(for outboxID: Int64) -> String? { sids[outboxID] }

    mutating func remember(_ outboxID: Int64, sid: String) {
        guard sids.updateValue(sid, forKey: outboxID) == nil else { return }
        order.append(outboxID)
        if order.count - head > Self.capacity {
            sids[order[head]] = nil
            head += 1
            // Compact now and then so the array does not grow without bound.
            if head > Self.capacity {
                order.removeFirst(head)
                head = 0
            }
        }
    }
}
