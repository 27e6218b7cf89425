import Foundation
import RuleLang
import Testing
@testable import Connectors

/// The public pages: golden HTML for every page, the spec's copy verbatim, every value
/// escaped, nothing the CSP would block (no script, no inline style, no remote resource),
/// and the accessibility wiring (labels, error descriptions, the alert summary).
/// `UPDATE_GOLDEN=1 swift test --filter PagesTests` rewrites `Golden/pages/`.
@Suite struct PagesTests {
    static let goldenFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Golden/pages")

    static let bistrot = EstablishmentBrand(name: "Le Bistrot du Port")
    static let salon = EstablishmentBrand(name: "Salon Élise", logoPath: "/assets/logo/demo.svg")

    static let eveningSlots = [
        SlotOption(value: "2025-01-18T19:30", label: "19h30", detail: "complet pour l’instant", checked: true, isRequested: true),
        SlotOption(value: "2025-01-18T19:45", label: "19h45"),
        SlotOption(value: "2025-01-18T20:00", label: "20h"),
        SlotOption(value: "2025-01-18T20:30", label: "20h30"),
    ]

    static let newEntry = WaitlistPageModel(
        brand: bistrot, requestedDate: "samedi 18 janvier", requestedTime: "19h30", slots: eveningSlots,
        values: WaitlistFormValues(phone: "06 12 34 56 78"), formAction: "/waitlist/tok3n", showPartySize: true)

    static var refused: WaitlistPageModel {
        let fields: [(name: String, value: String)] = [("prenom", "Camille"), ("nom", ""), ("telephone", "06 12"),
                                                       ("email", "camille@exemple"), ("couverts", "2")]
        guard case .failure(let errors) = WaitlistForm.validate(fields: fields, allowedSlots: Set(eveningSlots.map(\.value)),
                                                                 partySizeRange: 1...8) else { fatalError("form should be refused") }
        return newEntry.resubmitted(with: errors)
    }

    static let update = WaitlistPageModel(
        brand: salon, requestedDate: "mardi 21 janvier", requestedTime: "14h",
        slots: [SlotOption(value: "2025-01-21T15:00", label: "15h", checked: true),
                SlotOption(value: "2025-01-21T14:00", label: "14h", checked: true, isRequested: true),
                SlotOption(value: "2025-01-21T16:30", label: "16h30", detail: "avec Élise")],
        values: WaitlistFormValues(firstName: "Camille", lastName: "Martin", phone: "+33612345678", email: "camille@exemple.fr",
                                   selectedSlots: ["2025-01-21T14:00", "2025-01-21T15:00"]),
        formAction: "/waitlist/s4lon", isUpdate: true)

    /// Every page under a golden file name.
    static let pages: [(name: String, html: String)] = {
        var pages: [(name: String, html: String)] = [
            ("waitlist-new", Pages.waitlist(newEntry)),
            ("waitlist-errors", Pages.waitlist(refused)),
            ("waitlist-update", Pages.waitlist(update)),
            ("thank-you", Pages.thankYou(brand: bistrot, date: "samedi 18 janvier", time: "19h30", slotLabels: ["19h30", "20h"])),
            ("not-found", Pages.notFound()),
            ("gone", Pages.gone()),
            ("error-503", Pages.error(status: 503, title: "Service momentanément indisponible",
                                      message: "Réessayez dans quelques minutes.")),
        ]
        for answer in OfferAnswer.allCases {
            pages.append(("offer-confirm-\(answer.rawValue)", Pages.offerConfirm(
                brand: bistrot, date: "samedi 18 janvier", time: "19h30", answer: answer, formAction: "/o/t0ken.1/\(answer.rawValue)")))
        }
        for outcome in OfferOutcomePage.allCases {
            pages.append(("offer-result-\(outcome.rawValue)", Pages.offerResult(brand: bistrot, outcome: outcome,
                                                                                date: "samedi 18 janvier", time: "19h30")))
        }
        return pages
    }()

    static var pageNames: [String] { pages.map(\.name) }
    static func page(_ name: String) -> String { pages.first { $0.name == name }!.html }

    // MARK: Golden files

    @Test(arguments: pageNames + ["waitlist.css"])
    func matchesGolden(name: String) throws {
        let text = name == "waitlist.css" ? Pages.stylesheet : Self.page(name)
        let file = Self.goldenFolder.appendingPathComponent(name.hasSuffix(".css") ? name : name + ".html")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenFolder, withIntermediateDirectories: true)
            try text.write(to: file, atomically: true, encoding: .utf8)
        }
        let expected = try? String(contentsOf: file, encoding: .utf8)
        #expect(expected != nil, "missing \(file.lastPathComponent); run with UPDATE_GOLDEN=1")
        #expect(text == expected, "\(name) differs from its golden file; run UPDATE_GOLDEN=1 to accept")
    }

    // MARK: What the CSP allows and the head every page needs

    @Test(arguments: pageNames)
    func nothingTheCSPWouldBlock(name: String) {
        let html = Self.page(name).lowercased()
        #expect(!html.contains("<script"))
        #expect(!html.contains("style="))
        #expect(!html.contains("<style"))
        #expect(!html.contains("http://") && !html.contains("https://"))
        #expect(!html.contains("javascript:"))
        #expect(html.ranges(of: #/\son[a-z]+=/#).isEmpty, "event handler attribute")
        for source in html.matches(of: #/\ssrc="([^"]*)"/#).map({ String($0.output.1) }) {
            #expect(source.hasPrefix("data:image/svg+xml;base64,") || (source.hasPrefix("/") && !source.hasPrefix("//")))
        }
        for link in html.matches(of: #/\shref="([^"]*)"/#).map({ String($0.output.1) }) {
            #expect(link.hasPrefix("#") || (link.hasPrefix("/") && !link.hasPrefix("//")))
        }
    }

    @Test(arguments: pageNames)
    func documentHead(name: String) {
        let html = Self.page(name)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        #expect(html.contains("<meta name=\"robots\" content=\"noindex\">"))
        #expect(html.contains("<meta name=\"referrer\" content=\"no-referrer\">"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"\(Pages.stylesheetPath)\">"))
        #expect(html.ranges(of: #/<title>[^<]+</title>/#).count == 1)
        #expect(html.ranges(of: "<h1>").count == 1)
    }

    @Test(arguments: pageNames)
    func everyInputHasItsLabel(name: String) {
        let html = Self.page(name)
        let labelled = Set(html.matches(of: #/<label [^>]*for="([^"]+)"/#).map { String($0.output.1) })
        for input in html.matches(of: #/<input [^>]*>/#).map({ String($0.output) }) where !input.contains("type=\"hidden\"") {
            let id = input.firstMatch(of: #/ id="([^"]+)"/#).map { String($0.output.1) }
            #expect(id.map(labelled.contains) == true, "no label for \(input)")
        }
    }

    // MARK: The spec's copy, verbatim

    @Test func waitlistPageCarriesTheSpecCopyInOrder() throws {
        let html = Self.page("waitlist-new")
        let inOrder = ["Liste d’attente – Confirmation", "Vous avez demandé un rendez-vous le samedi 18 janvier à 19h30.",
                       ">Prénom<", ">Nom<", ">Téléphone<", ">Email<", "Créneau demandé", "Créneaux alternatifs proposés",
                       "Vous serez contacté par message si une place se libère.",
                       "La réservation ne sera confirmée qu’après votre validation.",
                       "<button class=\"button\" type=\"submit\">S’inscrire sur la liste d’attente</button>"]
        var from = html.startIndex
        for text in inOrder {
            let found = try #require(html.range(of: text, range: from..<html.endIndex), "missing or out of order: \(text)")
            from = found.upperBound
        }
        #expect(!html.contains("d'attente") && !html.contains("S'inscrire"), "typewriter apostrophe instead of ’")
        #expect(!html.contains("Vous êtes déjà inscrit"))
    }

    @Test func formFieldsAndAutocomplete() {
        let html = Self.page("waitlist-new")
        #expect(html.contains("<form class=\"form\" method=\"post\" action=\"/waitlist/tok3n\" novalidate>"))
        for (name, attributes) in [("prenom", "autocomplete=\"given-name\""), ("nom", "autocomplete=\"family-name\""),
                                   ("telephone", "type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\""),
                                   ("email", "type=\"email\" autocomplete=\"email\""), ("couverts", "inputmode=\"numeric\"")] {
            #expect(html.contains("id=\"\(name)\" name=\"\(name)\" ") && html.contains(attributes), "field \(name)")
        }
        #expect(html.contains("value=\"06 12 34 56 78\""))
        #expect(html.contains("<fieldset") && html.contains("<legend"))
    }

    @Test func partySizeOnlyWhenAsked() {
        #expect(Self.page("waitlist-new").contains("name=\"couverts\""))
        #expect(!Self.page("waitlist-update").contains("name=\"couverts\""))
    }

    @Test func requestedSlotFirstAndPrechecked() {
        let html = Self.page("waitlist-update")
        let order = html.matches(of: #/name="creneaux" value="([^"]+)"/#).map { String($0.output.1) }
        #expect(order == ["2025-01-21T14:00", "2025-01-21T15:00", "2025-01-21T16:30"])
        #expect(html.contains("<input id=\"creneau-1\" type=\"checkbox\" name=\"creneaux\" value=\"2025-01-21T14:00\" checked>"))
        #expect(html.contains("value=\"2025-01-21T16:30\">"))
        #expect(html.contains(FrenchTypography.apply("Vous êtes déjà inscrit·e ; vous pouvez modifier vos choix.")))
        #expect(html.contains("<button class=\"button\" type=\"submit\">S’inscrire sur la liste d’attente</button>"))
    }

    @Test func noAlternativesNoAlternativesHeading() {
        var model = Self.newEntry
        model.slots = [Self.eveningSlots[0]]
        #expect(!Pages.waitlist(model).contains("Créneaux alternatifs proposés"))
    }

    // MARK: Errors

    @Test func errorsAreSummarisedAndWiredToTheirFields() {
        let html = Self.page("waitlist-errors")
        #expect(html.contains(FrenchTypography.apply("<title>Erreur : Liste d’attente – Confirmation · Le Bistrot du Port</title>")))
        #expect(html.ranges(of: "role=\"alert\"").count == 1)
        let summary = html.range(of: "role=\"alert\"")!, reminder = html.range(of: "class=\"reminder\"")!
        #expect(summary.lowerBound < reminder.lowerBound)
        for field in ["nom", "telephone", "email"] {
            #expect(html.contains("<a href=\"#\(field)\">"))
            #expect(html.contains("id=\"\(field)-error\""))
            let input = html.firstMatch(of: try! Regex("<input [^>]*id=\"\(field)\"[^>]*>"))!.output[0].substring!
            #expect(input.contains("aria-invalid=\"true\""), "\(field) not marked invalid")
            #expect(input.contains("aria-describedby=\"") && input.contains("\(field)-error"))
        }
        #expect(html.contains("Adresse e-mail invalide, par exemple nom@exemple.fr"))
        let prenom = html.firstMatch(of: #/<input [^>]*id="prenom"[^>]*>/#)!.output
        #expect(!prenom.contains("aria-invalid") && prenom.contains("value=\"Camille\""))
        let telephone = html.firstMatch(of: #/<input [^>]*id="telephone"[^>]*>/#)!.output
        #expect(telephone.contains("aria-describedby=\"telephone-hint telephone-error\""))
    }

    @Test func slotErrorLinksToTheFirstCard() {
        let model = Self.newEntry.resubmitted(with: WaitlistFormErrors(
            messages: ["creneaux": WaitlistForm.Message.noSlot], values: WaitlistFormValues(firstName: "Camille")))
        let html = Pages.waitlist(model)
        #expect(html.contains("<a href=\"#creneau-1\">Choisissez au moins un créneau.</a>"))
        #expect(html.contains("aria-describedby=\"creneaux-hint creneaux-error\""))
        #expect(!html.contains(" checked"), "the customer unticked every box; the page must not tick them again")
    }

    @Test func noErrorsNoAlert() {
        for name in Self.pageNames where name != "waitlist-errors" {
            #expect(!Self.page(name).contains("role=\"alert\""), "\(name)")
            #expect(!Self.page(name).contains("aria-invalid"), "\(name)")
        }
    }

    // MARK: Escaping

    @Test func everyValueIsEscaped() {
        let hostile = "<script>alert(1)</script>\" onfocus=\"x' &amp;"
        let brand = EstablishmentBrand(name: hostile, logoPath: "/logo\" onerror=\"alert(1).svg")
        let model = WaitlistPageModel(
            brand: brand, requestedDate: hostile, requestedTime: hostile,
            slots: [SlotOption(value: hostile, label: hostile, detail: hostile, checked: true, isRequested: true),
                    SlotOption(value: hostile + "2", label: hostile, detail: hostile)],
            values: WaitlistFormValues(firstName: hostile, lastName: hostile, phone: hostile, email: hostile, partySize: 3),
            errors: ["prenom": hostile, "creneaux": hostile, hostile: hostile],
            formAction: "/waitlist/\"><script>", showPartySize: true, isUpdate: true)
        let pages = [Pages.waitlist(model),
                     Pages.thankYou(brand: brand, date: hostile, time: hostile, slotLabels: [hostile]),
                     Pages.offerConfirm(brand: brand, date: hostile, time: hostile, answer: .yes, formAction: hostile),
                     Pages.error(status: 400, title: hostile, message: hostile)]
            + OfferOutcomePage.allCases.map { Pages.offerResult(brand: brand, outcome: $0, date: hostile, time: hostile) }
        for html in pages {
            #expect(!html.contains("<script"))
            #expect(!html.contains("\" onfocus") && !html.contains("\" onerror"))
            #expect(!html.contains("x'"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot; onfocus=&quot;x&#39; &amp;amp;"))
        }
    }

    @Test(arguments: [("a&b", "a&amp;b"), ("<>", "&lt;&gt;"), ("\"'", "&quot;&#39;"), ("é – ’", "é – ’"), ("", "")])
    func escapeHelper(text: String, escaped: String) {
        #expect(HTML.escape(text) == escaped)
    }

    // MARK: Logo

    @Test(arguments: [("Le Bistrot du Port", "BP"), ("Chez Marcel", "M"), ("L’Atelier d’Élise", "AÉ"),
                      ("salon élise", "SÉ"), ("La Table", "T"), ("Le", "L"), ("123 Pizza", "1P"), ("—", "?"), ("", "?")])
    func initials(name: String, expected: String) {
        #expect(BrandLogo.initials(of: name) == expected)
    }

    @Test func monogramIsAnSVGWithTheInitials() throws {
        let source = BrandLogo.source(for: Self.bistrot)
        let prefix = "data:image/svg+xml;base64,"
        #expect(source.hasPrefix(prefix))
        let svg = String(decoding: try #require(Data(base64Encoded: String(source.dropFirst(prefix.count)))), as: UTF8.self)
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.contains(">BP</text>"))
        #expect(Self.page("waitlist-new").contains("alt=\"Le Bistrot du Port\""))
    }

    @Test(arguments: [("/assets/logo/demo.svg", true), ("https://evil.example/logo.png", false), ("//evil.example/x.png", false),
                      ("javascript:alert(1)", false), ("/\\evil.example", false), ("/a b.png", false), ("logo.png", false)])
    func logoMustBeASameSitePath(path: String, used: Bool) {
        let source = BrandLogo.source(for: EstablishmentBrand(name: "Salon", logoPath: path))
        #expect((source == path) == used)
        #expect(source.hasPrefix("data:") == !used)
    }

    // MARK: Offer pages

    @Test(arguments: [(OfferAnswer.yes, "Oui, je confirme ma venue"), (.no, "Non, libérer la place")])
    func offerConfirmHasOneButtonThatPosts(answer: OfferAnswer, button: String) {
        let html = Self.page("offer-confirm-\(answer.rawValue)")
        #expect(html.ranges(of: "<button").count == 1)
        #expect(html.contains("<button class=\"button\" type=\"submit\">\(button)</button>"))
        #expect(html.contains("<form method=\"post\" action=\"/o/t0ken.1/\(answer.rawValue)\">"))
        #expect(html.contains("<input type=\"hidden\" name=\"reponse\" value=\"\(answer.rawValue)\">"))
        #expect(html.contains("Une place s’est libérée pour samedi 18 janvier à 19h30."))
    }

    @Test func bookedSaysConfirmedAndAnnouncesTheSMS() {
        let html = Self.page("offer-result-booked")
        #expect(html.contains(FrenchTypography.apply("<h1>C’est confirmé !</h1>")))
        #expect(html.contains("Vous allez recevoir un SMS de confirmation."))
        #expect(html.contains("samedi 18 janvier à 19h30"))
    }

    @Test(arguments: OfferOutcomePage.allCases)
    func everyOutcomeHasItsOwnCopy(outcome: OfferOutcomePage) {
        let copy = Pages.offerResultCopy(outcome, date: "samedi 18 janvier", time: "19h30")
        // The two expiries share their heading and differ in what they say happened.
        let others = OfferOutcomePage.allCases.filter { $0 != outcome }
            .map { Pages.offerResultCopy($0, date: "samedi 18 janvier", time: "19h30") }
        #expect(!others.contains { $0.heading == copy.heading && $0.paragraphs == copy.paragraphs })
        #expect(!copy.paragraphs.isEmpty && copy.paragraphs.allSatisfy { !$0.contains("'") })
        #expect(Self.page("offer-result-\(outcome.rawValue)").contains("Le Bistrot du Port"))
    }

    // MARK: Pages that reveal nothing

    @Test func notFoundAndGoneRevealNothing() {
        for html in [Pages.notFound(), Pages.gone()] {
            #expect(!html.contains("class=\"brand\"") && !html.contains("<img") && !html.contains("<form"))
        }
        #expect(Pages.notFound().contains("<h1>Lien introuvable</h1>"))
        #expect(Pages.gone().contains("<h1>Ce lien a expiré</h1>"))
    }

    // MARK: Stylesheet

    @Test func stylesheetPathCarriesAContentHash() {
        #expect(Pages.stylesheetPath.wholeMatch(of: #/\/assets\/waitlist\.css\?v=[0-9a-f]{8}/#) != nil)
        #expect(Pages.shortHash("abc") == "ba7816bf")
        #expect(Pages.shortHash(Pages.stylesheet + " ") != Pages.shortHash(Pages.stylesheet))
    }

    @Test func stylesheetLoadsNothing() {
        #expect(!Pages.stylesheet.contains("@import") && !Pages.stylesheet.contains("url("))
        #expect(Pages.stylesheet.contains("max-width: 32rem"))
        #expect(Pages.stylesheet.contains(":focus-visible"))
    }
}
