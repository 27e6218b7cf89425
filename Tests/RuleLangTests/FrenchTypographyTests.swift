/// French spacing: U+202F before « : ; ! ? », U+00A0 inside « », only where the copy has a
/// space; markup, code, URLs and times untouched; an SMS is typeset only when it is UCS-2
/// already, so its segment count never changes.
import RuleLang
import Testing

@Suite("French typography")
struct FrenchTypographyTests {
    let narrow = "\u{202F}", noBreak = "\u{00A0}"

    @Test("a space before : ; ! ? turns narrow no-break, « » get no-break spaces inside")
    func spaces() {
        #expect(FrenchTypography.apply("Confirmez-vous votre venue ? Oui : merci ; à bientôt !")
                == "Confirmez-vous votre venue\(narrow)? Oui\(narrow): merci\(narrow); à bientôt\(narrow)!")
        #expect(FrenchTypography.apply("SMS « invitation » envoyé") == "SMS «\(noBreak)invitation\(noBreak)» envoyé")
        #expect(FrenchTypography.apply("Note\(noBreak): déjà insécable") == "Note\(narrow): déjà insécable")
    }

    @Test("URLs, times, entities and code have no space before their signs: unchanged")
    func leavesTheRestAlone() {
        for text in ["https://wait.example/o/abc?page=2", "19h30", "0h33", "&amp; &lt;", "a:b;c!d?e", "color:red;", "«x»"] {
            #expect(FrenchTypography.apply(text) == text)
        }
    }

    @Test("HTML: text nodes only; tags, attributes, style, textarea, pre and code stay verbatim")
    func html() {
        let page = """
            <p title="a : b">Statut : <a href="/dashboard?page=2&amp;tri=x">suivant ?</a></p>\
            <style>a { color : red ; }</style><textarea name="source">x = 1 # note : y</textarea>\
            <pre class="excerpt">  | a : b</pre><code>c ; d</code><p>« fin »</p>
            """
        #expect(FrenchTypography.applyToHTML(page) == """
            <p title="a : b">Statut\(narrow): <a href="/dashboard?page=2&amp;tri=x">suivant\(narrow)?</a></p>\
            <style>a { color : red ; }</style><textarea name="source">x = 1 # note : y</textarea>\
            <pre class="excerpt">  | a : b</pre><code>c ; d</code><p>«\(noBreak)fin\(noBreak)»</p>
            """)
    }

    @Test("SMS: typeset when already UCS-2 (same segments), plain GSM-7 kept GSM-7")
    func sms() {
        // Already UCS-2 (’): a space becomes U+202F, same length, same segments.
        let ucs2 = "Une place s’est libérée. Confirmez-vous votre venue ?"
        #expect(FrenchTypography.applyToSMS(ucs2) == "Une place s’est libérée. Confirmez-vous votre venue\(narrow)?")
        // GSM-7 and 100 characters: one GSM-7 segment, but two in UCS-2 → plain spaces kept.
        let gsm7 = String(repeating: "a", count: 96) + " ok ?"
        #expect(SMSEncoding.billing(gsm7).segments == 1)
        #expect(FrenchTypography.applyToSMS(gsm7) == gsm7)
        // Even a short GSM-7 text stays GSM-7: longer values (a name) must keep 160 characters of room.
        #expect(FrenchTypography.applyToSMS("Merci !") == "Merci !")
        // A typeset SMS names the characters that really force UCS-2, not its no-break spaces.
        #expect(SMSEncoding.analyze(FrenchTypography.applyToSMS(ucs2)).charactersForcingUCS2 == ["’"])
    }
}
