import Testing
@testable import RuleLang

/// Previews render each SMS template with the documented sample values, without HTML
/// escaping, and measure what sending it would cost.
struct TemplatePreviewTests {
    func rules(_ text: String = "") throws -> RuleSet {
        try #require(RuleTestSupport.compile(text, name: "bistrot.rules").ruleSet)
    }

    @Test func sampleValuesAreTheDocumentedOnes() {
        let values = TemplatePreview.sampleValues(establishment: "Le Bistrot du Port")
        #expect(values == [
            "lien": "https://app.speedai.io/waitlist/k3J9xQ2mPz",
            "date": "samedi 18 janvier",
            "heure": "19h30",
            "etablissement": "Le Bistrot du Port",
            "prenom": "Camille",
            "nom": "Martin",
            "lien_oui": "https://app.speedai.io/offer/AbC123/oui",
            "lien_non": "https://app.speedai.io/offer/AbC123/non",
            "delai": "15 minutes",
        ])
    }

    @Test func defaultOfferPreview() throws {
        let preview = TemplatePreview.preview(try rules().sms.offer, establishment: "Le Bistrot du Port")
        #expect(preview.name == "offer")
        #expect(preview.text == """
            Une place s’est libérée pour samedi 18 janvier à 19h30.
            Confirmez-vous votre venue\u{202F}?

            ✅ Oui\u{202F}: https://app.speedai.io/offer/AbC123/oui
            ❌ Non\u{202F}: https://app.speedai.io/offer/AbC123/non
            """)
        #expect(preview.sms.encoding == .ucs2)
        #expect(preview.sms.charactersForcingUCS2 == ["’", "✅", "❌"])
        #expect(preview.sms.segments == 3)
    }

    @Test func defaultInitialPreview() throws {
        let preview = TemplatePreview.preview(try rules().sms.initial, establishment: "bistrot")
        #expect(preview.text == "Votre créneau souhaité n’est pas disponible.\nVous pouvez rejoindre la liste d’attente en quelques secondes ici\u{202F}:\nhttps://app.speedai.io/waitlist/k3J9xQ2mPz")
        #expect(preview.sms.encoding == .ucs2)
        #expect(preview.sms.segments == 3)
    }

    @Test func previewsCoverEveryTemplateInOrder() throws {
        let previews = TemplatePreview.previews(of: try rules())
        #expect(previews.map(\.name) == ["initial", "offer", "confirmed", "declined", "expired", "offer_taken"])
        #expect(previews[2].text == "C’est confirmé\u{202F}: votre réservation du samedi 18 janvier à 19h30 chez bistrot est enregistrée. À bientôt\u{202F}!")
        for preview in previews {
            #expect(!preview.text.contains("{{"))
            #expect(preview.sms.segments >= 1 && preview.sms.segments <= 3, "\(preview.name): \(preview.sms.summary)")
        }
    }

    @Test func smsAreNotHTMLEscaped() throws {
        let rules = try rules("""
            establishment {
              name = "Fish & Chips <Chez \\"Léon\\">"
            }
            sms {
              confirmed = "Merci, à {{heure}} chez {{etablissement}} !"
            }
            """)
        let preview = TemplatePreview.previews(of: rules)[2]
        #expect(preview.text == "Merci, à 19h30 chez Fish & Chips <Chez \"Léon\"> !")
    }

    @Test func plainTextStaysInGSM7() throws {
        let rules = try rules("sms {\n  declined = \"Merci {{prenom}}, c'est note. A bientot !\"\n}\n")
        let preview = TemplatePreview.previews(of: rules)[3]
        #expect(preview.text == "Merci Camille, c'est note. A bientot !")
        #expect(preview.sms.encoding == .gsm7)
        #expect(preview.sms.segments == 1)
    }

    @Test func renderingFillsTheTemplateFromStrings() throws {
        let template = try rules().sms.expired
        #expect(template.render(["date": "lundi 3 mars", "heure": "12h00"]) ==
                "Sans réponse de votre part, la place du lundi 3 mars à 12h00 ne vous est plus réservée.")
    }

    @Test func shippedSalonOfferMentionsTheDelay() throws {
        let rules = try #require(RuleCompiler.compile(try RuleTestSupport.shipped("salon-elegance.rules")).ruleSet)
        let offer = TemplatePreview.previews(of: rules)[1]
        #expect(offer.text.contains("Vous avez 15 minutes pour répondre."))
        #expect(offer.text.hasPrefix("Salon Élégance\u{202F}: une place"))
    }
}
