/// Twilio's webhook signature against the example Twilio publishes, plus the cases a forger
/// would try: a different token, a changed field, a missing header, another URL.
import Foundation
import Testing
@testable import Connectors

@Suite("Twilio webhook signature")
struct TwilioSignatureTests {
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let parameters: [(name: String, value: String)] = [
        ("CallSid", "CA1234567890ABCDE"), ("Caller", "+14158675309"), ("Digits", "1234"),
        ("From", "+14158675309"), ("To", "+18005551212"),
    ]

    @Test("the published example: token 12345 gives RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    func publishedExample() {
        #expect(TwilioSignature.compute(url: Self.url, parameters: Self.parameters, authToken: "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
        #expect(TwilioSignature.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: Self.url, parameters: Self.parameters, authToken: "12345"))
    }

    @Test("parameter order on the wire does not matter: they are sorted by name")
    func orderIndependent() {
        let shuffled = Array(Self.parameters.reversed())
        #expect(TwilioSignature.compute(url: Self.url, parameters: shuffled, authToken: "12345") == "RSOYDt4T1cUTdK1PDd93/VVr8B8=")
    }

    @Test("a wrong token, a changed value, another URL, or no header is refused")
    func forgeries() {
        let good = "RSOYDt4T1cUTdK1PDd93/VVr8B8="
        #expect(!TwilioSignature.isValid(good, url: Self.url, parameters: Self.parameters, authToken: "54321"))
        var changed = Self.parameters
        changed[2].value = "9999"
        #expect(!TwilioSignature.isValid(good, url: Self.url, parameters: changed, authToken: "12345"))
        #expect(!TwilioSignature.isValid(good, url: "https://mycompany.com/myapp.php?foo=1&bar=3", parameters: Self.parameters, authToken: "12345"))
        #expect(!TwilioSignature.isValid(nil, url: Self.url, parameters: Self.parameters, authToken: "12345"))
        #expect(!TwilioSignature.isValid("", url: Self.url, parameters: Self.parameters, authToken: "12345"))
        #expect(!TwilioSignature.isValid(good, url: Self.url, parameters: Self.parameters, authToken: ""))
    }

    @Test("the scheme's default port may be present on one side only")
    func defaultPortVariants() {
        let withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2"
        let signed = TwilioSignature.compute(url: withPort, parameters: Self.parameters, authToken: "12345")
        #expect(TwilioSignature.isValid(signed, url: Self.url, parameters: Self.parameters, authToken: "12345"))
        #expect(TwilioSignature.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: withPort, parameters: Self.parameters, authToken: "12345"))
        // A non-default port is part of the URL Twilio signed.
        let otherPort = "https://mycompany.com:8443/myapp.php?foo=1&bar=2"
        #expect(!TwilioSignature.isValid("RSOYDt4T1cUTdK1PDd93/VVr8B8=", url: otherPort, parameters: Self.parameters, authToken: "12345"))
        #expect(TwilioSignature.urlVariants("http://[::1]:80/x") == ["http://[::1]:80/x", "http://[::1]/x"])
        #expect(TwilioSignature.urlVariants("http://[::1]/x") == ["http://[::1]/x", "http://[::1]:80/x"])
        #expect(TwilioSignature.urlVariants("ftp://host/x") == ["ftp://host/x"])
    }

    @Test("HMAC-SHA1 matches RFC 2202 test case 2")
    func hmacSHA1() {
        let digest = Digest.hmacSHA1(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(Digest.hex(digest) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
        #expect(Digest.hmacSHA1(key: [], message: []).count == 20)
    }

    @Test("a webhook request is trusted only with a valid signature over its form body")
    func verifiedFields() {
        let body = Array(FormEncoding.encode([("From", "+33612345678"), ("Body", "Oui !"), ("MessageSid", "SM1")]).utf8)
        let url = "https://example.fr/twilio/sms"
        let fields = FormDecoding.decode(body)!
        let signature = TwilioSignature.compute(url: url, parameters: fields, authToken: "tok")
        let request = HTTPRequest(method: "POST", path: "/twilio/sms", headers: [("x-twilio-signature", signature)], body: body)
        #expect(TwilioWebhook.verifiedFields(of: request, url: url, authToken: "tok")?.count == 3)
        #expect(TwilioWebhook.verifiedFields(of: request, url: url, authToken: "other") == nil)
        let garbage = HTTPRequest(method: "POST", path: "/twilio/sms", headers: [("x-twilio-signature", signature)], body: [0x25, 0xFF])
        #expect(TwilioWebhook.verifiedFields(of: garbage, url: url, authToken: "tok") == nil)
        #expect(TwilioWebhook.emptyReply().status == 200)
    }

    @Test("form encoding round-trips through the form decoder", arguments: ["+33612345678", "Bonjour à 19h30 ? Oui/Non & 100%", "", "✅ émoji"])
    func formRoundTrip(value: String) {
        let encoded = FormEncoding.encode([("Body", value), ("To", "+33 6")])
        let decoded = FormDecoding.decode(Array(encoded.utf8))
        #expect(decoded?.map(\.value) == [value, "+33 6"])
    }
}
