/// Rendering beyond the spec suite: SMS mode (no escaping), the French waitlist texts,
/// section semantics the spec leaves open, partial recursion limits, and the list of
/// references the rule checker relies on.
import Testing
@testable import RuleLang

@Suite struct MustacheRendererTests {
    // MARK: - SMS and HTML escaping

    @Test func smsModeWritesValuesExactlyAsGiven() throws {
        let template = try MustacheTemplate("{{nom}}|{{{nom}}}|{{&nom}}")
        let value = "Fish & <Chips> l’été \"ok\" 'oui'"
        let rendered = template.render(["nom": .string(value)], escaping: .none)
        #expect(rendered == "\(value)|\(value)|\(value)")
    }

    @Test func htmlModeEscapesOnlyDoubleMustache() throws {
        let template = try MustacheTemplate("{{nom}}|{{{nom}}}")
        let rendered = template.render(["nom": "a & <b> \"c\" 'd' l’é"])
        #expect(rendered == "a &amp; &lt;b&gt; &quot;c&quot; &#39;d&#39; l’é|a & <b> \"c\" 'd' l’é")
    }

    @Test func frenchUnavailableText() throws {
        let template = try MustacheTemplate(SMSEncodingTests.unavailableText)
        let sms = template.render(["lien": "https://speed.ai/w/ab12?x=1&y=2"], escaping: .none)
        #expect(sms == "Votre créneau souhaité n’est pas disponible.\nVous pouvez rejoindre la liste d’attente en quelques secondes ici :\nhttps://speed.ai/w/ab12?x=1&y=2")
    }

    @Test func frenchOfferText() throws {
        let template = try MustacheTemplate(SMSEncodingTests.offerText)
        let sms = template.render(
            ["date": "samedi 14 juin", "heure": "20h30", "lien_oui": "https://s.ai/o", "lien_non": "https://s.ai/n"],
            escaping: .none)
        #expect(sms == "Une place s’est libérée pour samedi 14 juin à 20h30.\nConfirmez-vous votre venue ?\n\n✅ Oui : https://s.ai/o\n❌ Non : https://s.ai/n")
        #expect(SMSEncoding.analyze(sms).encoding == .ucs2)
    }

    // MARK: - Values and sections

    @Test func numbersAndBooleansInterpolate() throws {
        let template = try MustacheTemplate("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}}")
        #expect(template.render(["a": 85, "b": 1.21, "c": 2.0, "d": true, "e": nil, "f": -3]) == "85 1.21 2 true  -3")
    }

    @Test func listsAndObjectsInterpolateAsNothing() throws {
        let template = try MustacheTemplate("[{{l}}][{{o}}]")
        #expect(template.render(["l": [1, 2], "o": ["k": "v"]]) == "[][]")
    }

    @Test func sectionsIterateListsOfObjects() throws {
        let template = try MustacheTemplate("{{#offres}}{{date}} à {{heure}} ({{salle}});{{/offres}}")
        let data: MustacheValue = [
            "salle": "terrasse",
            "offres": [["date": "lun.", "heure": "12h"], ["date": "mar.", "heure": "13h", "salle": "salon"]],
        ]
        #expect(template.render(data, escaping: .none) == "lun. à 12h (terrasse);mar. à 13h (salon);")
    }

    @Test func emptyStringIsFalseyAndZeroIsTruthy() throws {
        let template = try MustacheTemplate("{{#note}}[{{note}}]{{/note}}{{^note}}sans note{{/note}} {{#n}}n={{n}}{{/n}}")
        #expect(template.render(["note": "", "n": 0]) == "sans note n=0")
        #expect(template.render(["note": "VIP", "n": 0]) == "[VIP] n=0")
    }

    /// The spec's `inverted` suite is not in the shared folder; these mirror its cases.
    static let invertedCases: [(source: String, data: MustacheValue, expected: String)] = [
        ("{{^a}}x{{/a}}", ["a": false], "x"),
        ("{{^a}}x{{/a}}", ["a": true], ""),
        ("{{^a}}x{{/a}}", ["a": nil], "x"),
        ("{{^a}}x{{/a}}", [:], "x"),
        ("{{^a}}x{{/a}}", ["a": ["b": 1]], ""),
        ("{{^a}}x{{/a}}", ["a": [1, 2]], ""),
        ("{{^a}}x{{/a}}", ["a": []], "x"),
        ("{{^a.b.c}}x{{/a.b.c}}", ["a": ["b": ["c": false]]], "x"),
        ("{{^a.b.c}}x{{/a.b.c}}", ["a": [:]], "x"),
        ("{{^a}}{{^a}}x{{/a}}{{/a}}", ["a": false], "x"),
        ("| This Is\n{{^a}}\n|\n{{/a}}\n| A Line\n", ["a": false], "| This Is\n|\n| A Line\n"),
        ("|\r\n{{^a}}\r\n{{/a}}\r\n|", ["a": false], "|\r\n|"),
        ("  {{^a}}\n^{{/a}}\n/", ["a": false], "^\n/"),
    ]

    @Test(arguments: invertedCases)
    func invertedSections(source: String, data: MustacheValue, expected: String) throws {
        #expect(try MustacheTemplate(source).render(data) == expected)
    }

    @Test func parseOnceRenderManyTimes() throws {
        let template = try MustacheTemplate("{{#a}}{{.}}{{/a}}")
        for count in 0..<5 {
            let items = MustacheValue.list((0..<count).map { .int(Int64($0)) })
            #expect(template.render(["a": items]) == (0..<count).map(String.init).joined())
        }
    }

    // MARK: - Partials

    @Test func missingPartialRendersNothing() throws {
        #expect(try MustacheTemplate("[{{>absent}}]").render([:]) == "[]")
    }

    @Test func selfIncludingPartialStopsAtTheDepthLimit() throws {
        let loop = try MustacheTemplate("x{{>loop}}")
        let rendered = loop.render([:], partials: ["loop": loop])
        #expect(rendered.count == MustacheRenderer.maximumPartialDepth + 1)
    }

    @Test func nestedStandalonePartialsAccumulateIndentation() throws {
        let outer = try MustacheTemplate("<ul>\n  {{>item}}\n</ul>\n")
        let item = try MustacheTemplate("<li>\n  {{>label}}\n</li>\n")
        let label = try MustacheTemplate("{{nom}}\n")
        let rendered = outer.render(["nom": "Léa"], partials: ["item": item, "label": label])
        #expect(rendered == "<ul>\n  <li>\n    Léa\n  </li>\n</ul>\n")
    }

    // MARK: - References

    @Test func referencesListEveryNameInOrder() throws {
        let source = "Bonjour {{client.prenom}} {{#offres}}{{date}}{{/offres}}{{^lien}}-{{/lien}}{{>pied}}{{{brut}}}"
        let template = try MustacheTemplate(source)
        let file = SourceFile(name: "t", text: source)
        #expect(template.references.map(\.path) == [["client", "prenom"], ["offres"], ["date"], ["lien"], ["pied"], ["brut"]])
        #expect(template.references.map(\.kind) == [.interpolation, .section, .interpolation, .invertedSection, .partial, .interpolation])
        #expect(template.references.map { file.text(in: $0.range) } == ["client.prenom", "offres", "date", "lien", "pied", "brut"])
        #expect(template.references.map(\.enclosingSections) == [[], [], [["offres"]], [], [], []])
    }

    @Test func referenceRangesSkipPaddingAndCountBytes() throws {
        let template = try MustacheTemplate("é {{ nom }} {{.}}")
        #expect(template.references[0].range == SourceRange(start: 6, end: 9))
        #expect(template.references[0].name == "nom")
        #expect(template.references[1].isImplicitIterator)
        #expect(template.references[1].name == ".")
    }
}
