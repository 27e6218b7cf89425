/// The `webhook` target: Twilio's webhooks are the service's only unauthenticated POSTs from
/// the internet, trusted by signature. The first line of the input is the URL Twilio is said
/// to have called, the rest the form body. The body is signed with a fixed token and checked
/// through `TwilioWebhook.verifiedFields`, then read as a status callback and as an inbound
/// SMS. Invariants: no crash; a correctly signed request verifies and yields exactly the
/// decoded fields; a wrong or missing signature, or another token, never verifies.
import Connectors
import Foundation

/// Fuzzes Twilio signature checking and webhook parsing.
enum WebhookFuzzTarget {
    static let token = "fuzz-auth-token-0123456789abcdef"

    static func run(_ bytes: [UInt8]) {
        let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        let url = String(decoding: bytes[..<newline], as: UTF8.self)
        let body = newline < bytes.endIndex ? Array(bytes[(newline + 1)...]) : []
        let fields = FormDecoding.decode(body)
        if let fields {
            let signature = TwilioSignature.compute(url: url, parameters: fields, authToken: token)
            let signed = request(body, signature: signature)
            let verified = TwilioWebhook.verifiedFields(of: signed, url: url, authToken: token)
            FuzzCheck.require(FormFuzzTarget.sameFields(verified, fields), "a correctly signed webhook did not verify: \(url)")
            FuzzCheck.require(TwilioWebhook.verifiedFields(of: signed, url: url, authToken: token + "x") == nil, "another token verified")
            FuzzCheck.require(TwilioWebhook.verifiedFields(of: request(body, signature: nil), url: url, authToken: token) == nil,
                              "an unsigned webhook verified")
            let tampered = String(signature.reversed())
            if tampered != signature {
                FuzzCheck.require(TwilioWebhook.verifiedFields(of: request(body, signature: tampered), url: url, authToken: token) == nil,
                                  "a wrong signature verified")
            }
            _ = TwilioSignature.isValid(url, url: url, parameters: fields, authToken: token)
        }
        let status = TwilioStatusCallback(formBody: body)
        let inbound = InboundSMS(formBody: body)
        FuzzCheck.require(fields != nil || (status == nil && inbound == nil), "a body that is not a form was read as a webhook")
        if let status { _ = status.isFailure }
        if let inbound { _ = InboundReply.interpret(inbound.body) }
    }

    private static func request(_ body: [UInt8], signature: String?) -> HTTPRequest {
        var headers = [(name: "content-type", value: "application/x-www-form-urlencoded")]
        if let signature { headers.append((name: "x-twilio-signature", value: signature)) }
        return HTTPRequest(method: "POST", path: "/twilio/sms", headers: headers, body: body)
    }
}
