/// SMS encoding and segment counting: the French waitlist texts, pure GSM-7 texts, the
/// extension table's double cost, and the exact segment boundaries of both encodings.
import Testing
@testable import RuleLang

@Suite struct SMSEncodingTests {
    static let unavailableText = "Votre créneau souhaité n’est pas disponible.\nVous pouvez rejoindre la liste d’attente en quelques secondes ici :\n{{lien}}"
    static let offerText = "Une place s’est libérée pour {{date}} à {{heure}}.\nConfirmez-vous votre venue ?\n\n✅ Oui : {{lien_oui}}\n❌ Non : {{lien_non}}"

    // MARK: - The French templates

    @Test func typographicApostropheForcesUCS2() {
        let info = SMSEncoding.analyze(Self.unavailableText)
        #expect(info.encoding == .ucs2)
        #expect(info.charactersForcingUCS2 == ["’"])
        #expect(info.units == 121)
        #expect(info.segments == 2)
        #expect(info.summary == "UCS-2 (forced by ’), 121 characters, 2 segments")
    }

    @Test func emojiForceUCS2AndAreListedOnceInOrder() {
        let info = SMSEncoding.analyze(Self.offerText)
        #expect(info.encoding == .ucs2)
        #expect(info.charactersForcingUCS2 == ["’", "✅", "❌"])
        #expect(info.units == 122)
        #expect(info.segments == 2)
        #expect(info.summary == "UCS-2 (forced by ’ ✅ ❌), 122 characters, 2 segments")
    }

    @Test func straightApostropheKeepsTheSameTextInGSM7() {
        let fixed = String(Self.unavailableText.map { $0 == "’" ? "'" : $0 })
        let info = SMSEncoding.analyze(fixed)
        #expect(info.encoding == .gsm7)
        #expect(info.charactersForcingUCS2.isEmpty)
        // `{` and `}` are extension characters: 4 braces cost 4 extra septets.
        #expect(info.units == fixed.count + 4)
        #expect(info.segments == 1)
    }

    // MARK: - GSM-7

    @Test func frenchAccentsOfTheGSMAlphabetStayGSM7() {
        let info = SMSEncoding.analyze("Votre réservation à 20h est confirmée. À bientôt ? Non : ù, ì, ò, è, É, Ç.")
        // GSM-7 has à but not À, and no ô.
        #expect(info.charactersForcingUCS2 == ["À", "ô"])
        let pure = SMSEncoding.analyze("Votre réservation à 20h est confirmée. Merci ! ù ì ò è É Ç ñ ü ö ä Ä Ö Ñ Ü § ¿ ¡ ß Æ æ Ø ø Å å ΔΦΓΛΩΠΨΣΘΞ")
        #expect(pure.encoding == .gsm7)
        #expect(pure.summary == "GSM-7, \(pure.units)/160 characters, 1 segment")
    }

    @Test(arguments: ["ê", "â", "ô", "î", "û", "ç", "œ", "’", "«", "»", "…", "✅", "❌"])
    func charactersOutsideGSM7ForceUCS2(_ character: String) {
        let info = SMSEncoding.analyze("Merci \(character)")
        #expect(info.encoding == .ucs2)
        #expect(info.charactersForcingUCS2 == [Character(character)])
    }

    @Test func extensionCharactersCountTwoSeptets() {
        for character in ["€", "[", "]", "{", "}", "^", "~", "|", "\\", "\u{0C}"] {
            #expect(SMSEncoding.analyze(character).units == 2, "\(character)")
        }
        let info = SMSEncoding.analyze("Acompte : 20€")
        #expect(info.encoding == .gsm7)
        #expect(info.units == 14)
    }

    @Test func alphabetTablesHaveTheirStandardSizes() {
        #expect(GSM7Alphabet.basic.count == 127)
        #expect(GSM7Alphabet.extended.count == 10)
    }

    @Test func lineBreaksCountPerScalar() {
        // "\r\n" is one Character but two septets on the wire.
        #expect(SMSEncoding.analyze("a\r\nb").units == 4)
        #expect(SMSEncoding.analyze("a\nb").units == 3)
    }

    @Test(arguments: [(0, 0), (1, 1), (160, 1), (161, 2), (306, 2), (307, 3), (459, 3), (460, 4)])
    func gsm7SegmentBoundaries(length: Int, segments: Int) {
        let info = SMSEncoding.analyze(String(repeating: "a", count: length))
        #expect(info.encoding == .gsm7)
        #expect(info.units == length)
        #expect(info.segments == segments)
    }

    @Test(arguments: [(80, 1), (81, 2), (153, 2), (154, 3)])
    func gsm7BoundariesCountExtensionCharactersTwice(euros: Int, segments: Int) {
        let info = SMSEncoding.analyze(String(repeating: "€", count: euros))
        #expect(info.units == euros * 2)
        #expect(info.segments == segments)
    }

    // MARK: - UCS-2

    @Test(arguments: [(70, 1), (71, 2), (134, 2), (135, 3), (201, 3), (202, 4)])
    func ucs2SegmentBoundaries(length: Int, segments: Int) {
        let info = SMSEncoding.analyze(String(repeating: "ê", count: length))
        #expect(info.encoding == .ucs2)
        #expect(info.units == length)
        #expect(info.segments == segments)
    }

    @Test func ucs2CountsUTF16CodeUnits() {
        // 😀 is outside the Basic Multilingual Plane: a surrogate pair, 2 units.
        let info = SMSEncoding.analyze("Merci 😀")
        #expect(info.units == 8)
        #expect(info.charactersForcingUCS2 == ["😀"])
    }

    // MARK: - Summary

    @Test func summaries() {
        #expect(SMSEncoding.analyze("").summary == "GSM-7, 0/160 characters, 0 segments")
        #expect(SMSEncoding.analyze(String(repeating: "a", count: 142)).summary == "GSM-7, 142/160 characters, 1 segment")
        #expect(SMSEncoding.analyze(String(repeating: "a", count: 200)).summary == "GSM-7, 200 characters, 2 segments")
        #expect(SMSEncoding.analyze("l’été à Noël").summary == "UCS-2 (forced by ’ ë), 12/70 characters, 1 segment")
        let long = "Votre table n’est pas prête" + String(repeating: ".", count: 161)
        #expect(SMSEncoding.analyze(long).summary == "UCS-2 (forced by ’ ê), 188 characters, 3 segments")
    }

    @Test func invisibleForcingCharactersAreShownAsCodePoints() {
        let info = SMSEncoding.analyze("20\u{00A0}h\t!")
        #expect(info.charactersForcingUCS2 == ["\u{00A0}", "\t"])
        #expect(info.summary == "UCS-2 (forced by U+00A0 U+0009), 6/70 characters, 1 segment")
    }

    @Test func segmentInfoAnalyzeMatchesEncodingAnalyze() {
        #expect(SMSSegmentInfo.analyze(Self.offerText) == SMSEncoding.analyze(Self.offerText))
    }

    // MARK: - The fast path (ASCII table, scalar pass first) against the reference

    /// The analysis as it was before the scalar-first fast path: every grapheme, two set
    /// lookups per scalar. The fast path must give exactly this.
    static func referenceAnalyze(_ text: String) -> SMSSegmentInfo {
        var septets = 0
        var forcing: [Character] = []
        var seen: Set<Character> = []
        for character in text {
            var encodable = true
            for scalar in character.unicodeScalars {
                if let cost = (GSM7Alphabet.basic.contains(scalar) ? 1 : GSM7Alphabet.extended.contains(scalar) ? 2 : nil) {
                    septets += cost
                } else {
                    encodable = false
                }
            }
            if !encodable, seen.insert(character).inserted { forcing.append(character) }
        }
        let encoding: SMSEncoding = forcing.isEmpty ? .gsm7 : .ucs2
        let units = encoding == .gsm7 ? septets : text.utf16.count
        return SMSSegmentInfo(
            encoding: encoding, units: units, segments: encoding.segments(forUnits: units),
            charactersForcingUCS2: forcing)
    }

    static let samples = [
        "", "Bonjour", offerText, unavailableText, "€ [x] {y} ^~|\\ \u{0C}", "ligne\r\nsuivante", "ÇçÉéêè",
        "e\u{301} décomposé", "emoji 😀 et 👍🏽", "`backtick`", String(repeating: "a", count: 161),
        String(repeating: "é", count: 70) + "’", "tab\tdel\u{7F}nul\u{0}", "Ωλ", "𝔸", "\u{1B}",
    ]

    @Test(arguments: samples)
    func fastAnalysisEqualsTheReference(_ text: String) {
        #expect(SMSEncoding.analyze(text) == Self.referenceAnalyze(text))
        let bill = SMSEncoding.billing(text), info = Self.referenceAnalyze(text)
        #expect(bill.encoding == info.encoding && bill.units == info.units && bill.segments == info.segments)
    }

    @Test func everyASCIIScalarCostsWhatTheTablesSay() {
        for value in UInt8(0)..<128 {
            let scalar = Unicode.Scalar(value)
            let expected = GSM7Alphabet.basic.contains(scalar) ? 1 : GSM7Alphabet.extended.contains(scalar) ? 2 : nil
            #expect(GSM7Alphabet.septets(for: scalar) == expected, "scalar \(value)")
        }
    }
}
