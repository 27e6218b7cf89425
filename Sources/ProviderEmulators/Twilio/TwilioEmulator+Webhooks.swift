/// The emulator playing Twilio calling the service: an incoming SMS (the customer's answer)
/// and message status callbacks, POSTed form-encoded with the headers Twilio documents —
/// `X-Twilio-Signature` computed over the exact URL and fields with the auth token, and an
/// `I-Twilio-Idempotency-Token` that a re-sent webhook repeats. A `forged` call signs with
/// the wrong key, as an attacker without the token would.
import Connectors
import Foundation
import Runtime

extension TwilioEmulator {
    /// Twilio's default opt-out and opt-in keywords (Advanced Opt-Out), matched on the whole
    /// message: Twilio then refuses sends to the number (21610) until it opts back in.
    static let optOutKeywords: Set<String> = ["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"]
    static let optInKeywords: Set<String> = ["START", "YES", "UNSTOP"]

    /// Posts an incoming SMS from `from` to `to` to the webhook at `url`, records it, and
    /// applies Twilio's STOP/START handling. Returns the service's answer; nil when the
    /// service could not be reached.
    @discardableResult
    public func sendInbound(to url: String, from: String, to: String, body: String, forged: Bool = false) -> OutboundHTTPResponse? {
        let sid = TwilioSID.make("SM")
        let now = core.clock()
        core.state.withLock { state in
            state.messages.append(EmulatedMessage(sid: sid, accountSID: accountSID, to: to, from: from, messagingServiceSID: nil,
                                                  body: body, status: "received", direction: "inbound", dateCreated: now,
                                                  dateSent: now, statusCallback: nil, errorCode: nil))
            let keyword = body.trimmingCharacters(in: .whitespacesAndNewlines).uppercased()
            if Self.optOutKeywords.contains(keyword) { state.optedOut.insert(from) }
            if Self.optInKeywords.contains(keyword) { state.optedOut.remove(from) }
        }
        let fields: [(name: String, value: String)] = [
            ("ToCountry", "FR"), ("SmsMessageSid", sid), ("NumMedia", "0"), ("SmsSid", sid), ("SmsStatus", "received"),
            ("Body", body), ("FromCountry", "FR"), ("To", to), ("NumSegments", "1"), ("MessageSid", sid),
            ("AccountSid", accountSID), ("From", from), ("ApiVersion", "2010-04-01"),
        ]
        return postWebhook(to: url, fields: fields, forged: forged)
    }

    /// Posts a status callback for `messageSID` (now `status`, with `errorCode` for failures)
    /// to `url`, and updates the recorded message. Returns the service's answer; nil when
    /// the service could not be reached.
    @discardableResult
    public func sendStatus(to url: String, messageSID: String, status: String, errorCode: Int? = nil,
                           forged: Bool = false) -> OutboundHTTPResponse? {
        let now = core.clock()
        let message: EmulatedMessage? = core.state.withLock { state in
            guard let index = state.messages.firstIndex(where: { $0.sid == messageSID }) else { return nil }
            state.messages[index].status = status
            state.messages[index].errorCode = errorCode
            if state.messages[index].dateSent == nil && ["sent", "delivered", "undelivered"].contains(status) {
                state.messages[index].dateSent = now
            }
            return state.messages[index]
        }
        var fields: [(name: String, value: String)] = [
            ("SmsSid", messageSID), ("SmsStatus", status), ("MessageStatus", status), ("To", message?.to ?? ""),
            ("MessageSid", messageSID), ("AccountSid", accountSID), ("From", message?.from ?? ""), ("ApiVersion", "2010-04-01"),
        ]
        if let service = message?.messagingServiceSID { fields.append(("MessagingServiceSid", service)) }
        if let errorCode { fields.append(("ErrorCode", String(errorCode))) }
        return postWebhook(to: url, fields: fields, forged: forged)
    }

    /// Sends the last webhook again, byte for byte (same signature, same idempotency token),
    /// as Twilio does when it believes a delivery failed. Nil when none was sent or unreachable.
    @discardableResult
    public func replayLastWebhook() -> OutboundHTTPResponse? {
        guard let request = core.state.withLock({ $0.lastWebhook }) else { return nil }
        return try? webhookClient.send(request).get()
    }

    /// The signed form POST.
    private func postWebhook(to url: String, fields: [(name: String, value: String)], forged: Bool) -> OutboundHTTPResponse? {
        let key = forged ? authToken + "-forged" : authToken
        let signature = TwilioSignature.compute(url: url, parameters: fields, authToken: key)
        let request = OutboundHTTPRequest(
            method: "POST", url: url,
            headers: [.init("Content-Type", "application/x-www-form-urlencoded"), .init("X-Twilio-Signature", signature),
                      .init("I-Twilio-Idempotency-Token", UUID().uuidString.lowercased()), .init("User-Agent", "TwilioProxy/1.1"),
                      .init("Accept", "*/*")],
            body: Array(FormEncoding.encode(fields).utf8), timeout: 15)
        core.state.withLock { $0.lastWebhook = request }
        return try? webhookClient.send(request).get()
    }
}
