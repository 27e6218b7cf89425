/// Twilio's message status callback: the POST Twilio makes to the `StatusCallback` URL each
/// time an outbound message changes state (`queued`, `sent`, `delivered`, `undelivered`,
/// `failed`, ...), with `ErrorCode` set when delivery failed (30003 unreachable handset,
/// 30005 unknown destination, 30007 carrier filtering, ...).

/// One status change of an outbound message.
public struct TwilioStatusCallback: Sendable, Equatable {
    /// The message's id (`SM...`), the reference `TwilioSMSSender` returned when it was sent.
    public var messageSID: String
    /// The new status, lower-case as Twilio writes it (`delivered`, `undelivered`, ...).
    public var status: String
    /// Twilio's error code for a failed delivery; nil when absent or not a number.
    public var errorCode: Int?

    /// A memberwise initialiser.
    public init(messageSID: String, status: String, errorCode: Int?) {
        self.messageSID = messageSID; self.status = status; self.errorCode = errorCode
    }

    /// The callback in decoded form fields (`MessageSid` or the legacy `SmsSid`,
    /// `MessageStatus` or the legacy `SmsStatus`, optional `ErrorCode`), or nil when the id
    /// or the status is missing.
    public init?(fields: [(name: String, value: String)]) {
        func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
        guard let sid = value("MessageSid") ?? value("SmsSid"), !sid.isEmpty,
              let status = value("MessageStatus") ?? value("SmsStatus"), !status.isEmpty else { return nil }
        self.init(messageSID: sid, status: status.lowercased(), errorCode: value("ErrorCode").flatMap { Int($0) })
    }

    /// The callback in a raw form-encoded body, or nil when it is not a form or lacks a field.
    public init?(formBody: [UInt8]) {
        guard let fields = FormDecoding.decode(formBody) else { return nil }
        self.init(fields: fields)
    }

    /// Whether this is a final failure (`failed` or `undelivered`): the SMS never reached the phone.
    public var isFailure: Bool { status == "failed" || status == "undelivered" }
}
