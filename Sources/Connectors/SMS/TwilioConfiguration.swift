/// What the service needs to send SMS through one Twilio account: the credentials, the sender
/// (a Twilio number or a Messaging Service), where Twilio should report delivery, and how
/// long to wait for Twilio. One per business that brings its own Twilio account.
import Foundation

/// Settings of a `TwilioSMSSender`.
public struct TwilioConfiguration: Sendable {
    /// The account id (`AC` + 32 hex digits), also the basic-auth user name.
    public var accountSID: String
    /// The account's auth token (basic-auth password; also the webhook signing key).
    public var authToken: String
    /// The sending number in E.164 (`+33...`) or an alphanumeric sender id; nil when
    /// `messagingServiceSID` picks the sender.
    public var from: String?
    /// A Messaging Service (`MG...`) that picks the sender from its pool; nil to use `from`.
    public var messagingServiceSID: String?
    /// Where Twilio posts delivery status changes (`StatusCallback`); nil for none.
    public var statusCallbackURL: String?
    /// The API's origin; tests point it at `TwilioEmulator.baseURL`.
    public var baseURL: String
    /// Seconds to wait for each API call before calling it ambiguous.
    public var timeout: Double

    /// A configuration; `from` or `messagingServiceSID` must be set.
    public init(accountSID: String, authToken: String, from: String? = nil, messagingServiceSID: String? = nil,
                statusCallbackURL: String? = nil, baseURL: String = "https://api.twilio.com", timeout: Double = 10) {
        self.accountSID = accountSID
        self.authToken = authToken
        self.from = from
        self.messagingServiceSID = messagingServiceSID
        self.statusCallbackURL = statusCallbackURL
        self.baseURL = baseURL
        self.timeout = timeout
    }

    /// The first setting that cannot work, in words for the operator; nil when all are usable.
    public func problem() -> String? {
        if accountSID.isEmpty || accountSID.contains(where: { !$0.isLetter && !$0.isNumber }) {
            return "Twilio accountSID '\(accountSID)' is not an account id (expected AC followed by 32 hex digits)"
        }
        if authToken.isEmpty { return "Twilio authToken is empty" }
        if (from ?? "").isEmpty && (messagingServiceSID ?? "").isEmpty {
            return "Twilio needs a sender: set 'from' (a Twilio number) or 'messagingServiceSID'"
        }
        if !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
            return "Twilio baseURL '\(baseURL)' is not an http(s) URL"
        }
        if !(timeout > 0 && timeout <= 300) { return "Twilio timeout \(timeout) s is out of range (0...300)" }
        return nil
    }

    /// `{base}/2010-04-01/Accounts/{AccountSid}/Messages.json`, the Message list resource.
    var messagesURL: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        return "\(base)/2010-04-01/Accounts/\(FormEncoding.escape(accountSID))/Messages.json"
    }

    /// HTTP basic credentials, as Twilio's API requires (account SID as user, token as password).
    var authorization: OutboundHTTPRequest.Header {
        .init("Authorization", "Basic " + Data("\(accountSID):\(authToken)".utf8).base64EncodedString())
    }
}
