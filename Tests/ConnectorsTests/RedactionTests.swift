import Testing
@testable import Connectors

@Suite struct RedactionTests {
    @Test func phoneKeepsPrefixAndLastTwoDigits() {
        #expect(Redaction.phone("+33612345678") == "+336****78")
        #expect(Redaction.phone("+4915112345678") == "+491****78")
        #expect(Redaction.phone("+336") == "****")
    }

    @Test func tokenKeepsFourCharacters() {
        #expect(Redaction.token("abcdefghijklmnop") == "abcd…")
        #expect(Redaction.token("abc") == "…")
    }

    @Test(arguments: [
        ("/waitlist/SECRET", "/waitlist/SECR…"),
        ("/o/SECRET/oui", "/o/SECR…/oui"),
        ("/o/SECRET/non", "/o/SECR…/non"),
        ("/", "/"),
        ("/metrics", "/metrics"),
        ("/waitlist/", "/waitlist/"),
        ("/static/style.css", "/static/style.css"),
        ("/api/x/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd", "/api/x/AbCd…"),
        ("/o/SECRET/oui?x=1", "/o/SECR…/oui?…"),
    ])
    func pathMasksTokens(path: String, masked: String) {
        #expect(Redaction.path(path) == masked)
    }

    @Test func textMasksPhonesAndTokens() {
        let token = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd"  // 42
        let issued = token + "e"  // 43
        #expect(issued.count == 43)
        #expect(Redaction.text("SMS to +33612345678 failed") == "SMS to +336****78 failed")
        #expect(Redaction.text("link https://x.fr/o/\(issued)/oui sent") == "link https://x.fr/o/AbCd…/oui sent")
        #expect(Redaction.text("short \(token) stays") == "short \(token) stays")
        #expect(Redaction.text("(+33612345678),+447700900123.") == "(+336****78),+447****23.")
        #expect(Redaction.text("1+2=3 and +33 6 12 are not numbers") == "1+2=3 and +33 6 12 are not numbers")
        #expect(Redaction.text("café ☕️ +33612345678") == "café ☕️ +336****78")
        #expect(Redaction.text("") == "")
    }

    @Test("API paths that merely contain a page prefix are left alone")
    func apiPathsAreNotMasked() {
        #expect(Redaction.path("/api/v1/waitlist/trigger") == "/api/v1/waitlist/trigger")
        #expect(Redaction.path("/waitlist/AbCdEfGh/merci") == "/waitlist/AbCd…/merci")
    }
}
