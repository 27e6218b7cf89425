/// Reading Twilio's webhooks (incoming SMS, message status callbacks) safely: the body is
/// form-encoded, and the request is trusted only when `X-Twilio-Signature` matches the URL
/// Twilio called. Behind a reverse proxy that URL is the public one (`https://host/path`),
/// not what the service sees, so the caller passes it in.

/// Webhook helpers for the service's Twilio routes.
public enum TwilioWebhook {
    /// The decoded form fields of `request` when its signature is valid for `url` under
    /// `authToken`; nil when the signature is missing or wrong, or the body is not a form.
    public static func verifiedFields(of request: HTTPRequest, url: String, authToken: String) -> [(name: String, value: String)]? {
        guard let fields = FormDecoding.decode(request.body),
              TwilioSignature.isValid(request.header("x-twilio-signature"), url: url, parameters: fields, authToken: authToken)
        else { return nil }
        return fields
    }

    /// Twilio's retry key: the same `I-Twilio-Idempotency-Token` arrives again when Twilio
    /// re-sends a webhook it thinks failed; nil when absent.
    public static func idempotencyToken(of request: HTTPRequest) -> String? {
        request.header("i-twilio-idempotency-token")
    }

    /// The answer to an incoming-SMS webhook that sends no reply: empty TwiML.
    public static func emptyReply() -> HTTPResponse {
        HTTPResponse(status: 200, headers: [("Content-Type", "text/xml; charset=utf-8")],
                     body: Array("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>".utf8))
    }
}
