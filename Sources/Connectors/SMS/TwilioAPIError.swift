/// Twilio's REST error body and what each error means for the outbox. Twilio documents its
/// errors as `{"code": 21211, "message": "...", "more_info": "https://www.twilio.com/docs/errors/21211",
/// "status": 400}`; the code, not the HTTP status, says whether the recipient is at fault:
///
/// - 21211 invalid `To` number, 21614 `To` is not a mobile number, 21612 `To` cannot be
///   reached by SMS: the number will never work → recipient refused (flag the entry);
/// - 21610 the recipient replied STOP ("Attempt to send to unsubscribed recipient") →
///   recipient refused, opted out (the engine closes the phone's entries);
/// - 20429 / HTTP 429 too many requests, 21611 the sender's queue is full, any 5xx → retry;
/// - anything else 4xx (bad credentials 20003, unknown sender 21606, ...) → permanent.

import Foundation

/// A decoded Twilio error response.
struct TwilioAPIError: Equatable {
    /// Twilio's error code (nil when the body did not carry one).
    var code: Int?
    /// Twilio's explanation.
    var message: String?
    /// The documentation link.
    var moreInfo: String?

    /// The error in `body`, or nil when the body is not Twilio's error JSON.
    init?(body: [UInt8]) {
        guard let object = ProviderJSON.object(body) else { return nil }
        code = ProviderJSON.int(object, "code")
        message = ProviderJSON.string(object, "message")
        moreInfo = ProviderJSON.string(object, "more_info")
        if code == nil && message == nil { return nil }
    }

    /// Codes that condemn the recipient's number, and whether they mean an opt-out.
    static let refusedRecipients: [Int: Bool] = [21211: false, 21614: false, 21612: false, 21610: true]
    /// Codes that say "not now" rather than "never".
    static let transient: Set<Int> = [20429, 21611]

    /// What an HTTP error answer (`status` ≥ 300) means for delivery. `recipient` is masked
    /// in the message, which may end up in logs.
    static func classify(status: Int, body: [UInt8], retryAfter: String?, recipient: String) -> DeliveryResult {
        let error = TwilioAPIError(body: body)
        let detail = error.map { $0.describe(hiding: recipient) }
            ?? "an unreadable body (\(ProviderJSON.snippet(body)))"
        if let code = error?.code, let optedOut = refusedRecipients[code] {
            let reason = optedOut ? "the recipient opted out (replied STOP)" : "the number cannot receive SMS"
            return .recipientRefused("Twilio refused \(Redaction.phone(recipient)): \(reason); HTTP \(status), \(detail)",
                                     optedOut: optedOut)
        }
        if status == 429 || status >= 500 || error?.code.map(transient.contains) == true {
            let wait = retryAfter.map { "; Retry-After \($0) s" } ?? ""
            return .retry("Twilio answered HTTP \(status) (temporary): \(detail)\(wait)")
        }
        return .permanent("Twilio refused the message with HTTP \(status): \(detail)")
    }

    /// `error 21211: The 'To' number +336****78 is not a valid phone number. (https://...)`.
    func describe(hiding recipient: String) -> String {
        var text = code.map { "error \($0)" } ?? "error"
        if var message {
            if !recipient.isEmpty { message = message.replacingOccurrences(of: recipient, with: Redaction.phone(recipient)) }
            text += ": \(message)"
        }
        if let moreInfo { text += " (\(moreInfo))" }
        return text
    }
}
