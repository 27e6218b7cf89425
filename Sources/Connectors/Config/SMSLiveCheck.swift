/// `check-config --live` for SMS: one read-only call that proves the credentials (Twilio: the
/// account's message list, one row; Brevo: the account). No SMS is sent, so a check costs
/// nothing and texts nobody.
import Foundation

/// The live check of one SMS provider.
public enum SMSLiveCheck {
    /// Calls the provider of `settings` once through `client`; one line for the command.
    public static func run(_ settings: ConnectionSettings.SMS, client: any HTTPClient) -> LiveCheckLine {
        let request: OutboundHTTPRequest
        let provider: String
        switch settings {
        case .console:
            return LiveCheckLine(ok: true, text: "sms console: nothing to contact")
        case let .twilio(account, token, from, service, _, baseURL):
            let configuration = TwilioConfiguration(accountSID: account, authToken: token, from: from, messagingServiceSID: service,
                                                    baseURL: baseURL)
            provider = "twilio"
            request = OutboundHTTPRequest(method: "GET", url: configuration.messagesURL + "?PageSize=1",
                                          headers: [configuration.authorization, .init("Accept", "application/json")],
                                          timeout: configuration.timeout)
        case let .brevo(key, _, baseURL):
            var base = baseURL
            while base.hasSuffix("/") { base.removeLast() }
            provider = "brevo"
            request = OutboundHTTPRequest(method: "GET", url: base + "/v3/account",
                                          headers: [.init("api-key", key), .init("Accept", "application/json")])
        }
        switch client.send(request) {
        case .failure(let error):
            return LiveCheckLine(ok: false, text: "sms \(provider) unreachable: \(error)")
        case .success(let response):
            switch response.status {
            case 200..<300:
                return LiveCheckLine(ok: true, text: "sms \(provider) ok: signed in (nothing sent)")
            case 401, 403:
                let what = provider == "twilio" ? "the account SID and auth token" : "the API key"
                return LiveCheckLine(ok: false, text: "sms \(provider) refused: \(response.status), check \(what)")
            case 404:
                return LiveCheckLine(ok: false, text: "sms \(provider) refused: 404, no such account (check the account SID or base_url)")
            default:
                return LiveCheckLine(ok: false, text: "sms \(provider) answered \(response.status)")
            }
        }
    }
}

/// One line of `check-config --live` (after `business: `) and whether it is good news.
public struct LiveCheckLine: Sendable, Equatable {
    /// False when the provider refused or did not answer.
    public var ok: Bool
    /// What works or what is wrong.
    public var text: String

    /// A line from its parts.
    public init(ok: Bool, text: String) {
        self.ok = ok
        self.text = text
    }
}
