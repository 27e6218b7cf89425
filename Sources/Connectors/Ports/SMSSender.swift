/// The SMS port. The outbox dispatcher hands each queued SMS to one of these; the embedded
/// default writes them to a file (and the console), issue 5 adds Twilio over libcurl.
import Runtime

/// One SMS to send. `outboxID` is unique per SMS and stable across retries and restarts:
/// providers use it to drop duplicates.
public struct OutboundSMS: Sendable, Equatable {
    public var outboxID: Int64
    public var business: String
    public var to: String
    public var body: String
    /// The rule file template it was rendered from (`initial`, `offer`, ...).
    public var template: String
    public var entryID: Int?
    /// Earlier attempts at this SMS (a crash mid-send counts: the dispatcher records each
    /// attempt before it calls the provider). A provider without idempotency keys checks
    /// whether an earlier attempt got through before sending again.
    public var previousAttempts: Int
    /// When the SMS was queued: earlier attempts happened after it.
    public var queuedAt: Instant?
    /// A memberwise initialiser.
    public init(outboxID: Int64, business: String, to: String, body: String, template: String, entryID: Int?,
                previousAttempts: Int = 0, queuedAt: Instant? = nil) {
        self.outboxID = outboxID; self.business = business; self.to = to; self.body = body
        self.template = template; self.entryID = entryID; self.previousAttempts = previousAttempts; self.queuedAt = queuedAt
    }
}

/// Sends SMS. Called from the dispatcher's thread only.
public protocol SMSSender: Sendable {
    /// Sends one SMS (at `now`); must be idempotent on `message.outboxID`.
    func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult
    /// Sends several SMS, answering one result per message in order. A sender that can make
    /// several durable at once (the file sink: one fsync) implements it; others send one by one.
    func send(all messages: [OutboundSMS], at now: Instant) -> [DeliveryResult]
}

extension SMSSender {
    /// One `send` per message.
    public func send(all messages: [OutboundSMS], at now: Instant) -> [DeliveryResult] {
        messages.map { send($0, at: now) }
    }
}
