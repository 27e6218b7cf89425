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
        ("/waitlist/éàüßx", "/waitlist/éàüß…"),
        ("/a//b/", "/a//b/"),
        ("", ""),
        ("/x/AbCdEfGhIjKlMnOpQrS", "/x/AbCdEfGhIjKlMnOpQrS"),
        ("/x/AbCdEfGhIjKlMnOpQrSt", "/x/AbCd…"),
        ("/x/AbCdEfGhIjKlMnOpQrSé", "/x/AbCdEfGhIjKlMnOpQrSé"),
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

    @Test("the byte walk for ASCII paths masks exactly as the character walk")
    func asciiPathMatchesCharacterPath() {
        // Paths drawn from the characters that matter: separators, base64url, the query mark.
        let alphabet = Array("/?ow-_aZ9.%é".utf8.filter { $0 < 0x80 }) + Array("waitlist".utf8)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var paths = ["/waitlist/" + String(repeating: "a", count: 43), "/o/ab/oui", "/waitlist", "//waitlist/x", "?", "/?/"]
        for _ in 0..<2_000 {
            var bytes: [UInt8] = []
            for _ in 0..<next(60) {
                switch next(6) {
                case 0: bytes += Array("/waitlist/".utf8)
                case 1: bytes += Array("/o/".utf8)
                case 2: bytes += Array(repeating: UInt8(ascii: "A"), count: 15 + next(10))
                default: bytes.append(alphabet[next(alphabet.count)])
                }
            }
            paths.append(String(decoding: bytes, as: UTF8.self))
        }
        for path in paths {
            #expect(Redaction.asciiPath(Array(path.utf8)) == Redaction.characterPath(path), "\(path)")
        }
    }

    @Test("API paths that merely contain a page prefix are left alone")
    func apiPathsAreNotMasked() {
        #expect(Redaction.path("/api/v1/waitlist/trigger") == "/api/v1/waitlist/trigger")
        #expect(Redaction.path("/waitlist/AbCdEfGh/merci") == "/waitlist/AbCd…/merci")
    }
}
