/// An SMS a customer sent to the business's Twilio number, as Twilio's incoming-message
/// webhook posts it (form fields `MessageSid`, `From`, `To`, `Body`, ...; older accounts
/// also send the legacy `SmsSid`). The service reads the customer's answer to an offer from it.

/// One inbound SMS.
public struct InboundSMS: Sendable, Equatable {
    /// Twilio's id for the message (`SM...`); Twilio may post the same message twice, so this
    /// is the key to drop duplicates on.
    public var messageSID: String
    /// The customer's number (E.164).
    public var from: String
    /// The business's Twilio number it was sent to (E.164).
    public var to: String
    /// What the customer wrote (possibly empty: a picture with no text).
    public var body: String

    /// A memberwise initialiser.
    public init(messageSID: String, from: String, to: String, body: String) {
        self.messageSID = messageSID; self.from = from; self.to = to; self.body = body
    }

    /// The message in a webhook's decoded form fields, or nil when `MessageSid` (or the
    /// legacy `SmsSid`), `From`, `To` or `Body` is missing.
    public init?(fields: [(name: String, value: String)]) {
        func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        guard let sid = value("MessageSid") ?? value("SmsSid"), !sid.isEmpty,
              let from = value("From"), !from.isEmpty, let to = value("To"), !to.isEmpty,
              let body = value("Body") else { return nil }
        self.init(messageSID: sid, from: from, to: to, body: body)
    }

    /// The message in a raw form-encoded webhook body, or nil when the body is not a form or
    /// lacks a field.
    public init?(formBody: [UInt8]) {
        guard let fields = FormDecoding.decode(formBody) else { return nil }
        self.init(fields: fields)
    }
}
