/// Template errors as an establishment admin sees them: plain-English messages, a help
/// line saying what to write, and byte ranges that put the caret under the right tag.
import Testing
@testable import RuleLang

@Suite struct MustacheParserTests {
    /// The diagnostics of a template that must not parse.
    private func diagnostics(_ source: String) -> [Diagnostic] {
        let (template, diagnostics) = MustacheTemplate.parse(source)
        #expect(template == nil)
        return diagnostics
    }

    /// The source text a diagnostic underlines.
    private func underlined(_ diagnostic: Diagnostic, in source: String) -> String {
        SourceFile(name: "t", text: source).text(in: diagnostic.range)
    }

    @Test func validTemplateHasNoDiagnostics() {
        let (template, diagnostics) = MustacheTemplate.parse("Bonjour {{client.prenom}} {{#offres}}{{date}}{{/offres}}")
        #expect(template != nil)
        #expect(diagnostics.isEmpty)
    }

    @Test func unclosedSection() {
        let source = "Offres :\n{{#offres}}\n- {{date}}\n"
        let found = diagnostics(source)
        #expect(found.count == 1)
        #expect(found[0].severity == .error)
        #expect(found[0].message == "section 'offres' is never closed")
        #expect(found[0].help == "add {{/offres}} after the section's content")
        #expect(underlined(found[0], in: source) == "{{#offres}}")
    }

    @Test func mismatchedClosingTagIsOneError() {
        let source = "{{#a}}x{{/b}}"
        let found = diagnostics(source)
        #expect(found.count == 1)
        #expect(found[0].message == "closing tag {{/b}} does not match the open section 'a'")
        #expect(found[0].help == "write {{/a}} to close 'a'")
        #expect(found[0].range == SourceRange(start: 7, end: 13))
    }

    @Test func closingAnOuterSectionReportsTheForgottenInnerOne() {
        let source = "{{#a}}{{#b}}x{{/a}}"
        let found = diagnostics(source)
        #expect(found.count == 1)
        #expect(found[0].message == "section 'b' is never closed")
        #expect(found[0].help == "add {{/b}} before {{/a}}")
        #expect(underlined(found[0], in: source) == "{{#b}}")
    }

    @Test func closingTagWithoutSection() {
        let found = diagnostics("x{{/a}}")
        #expect(found.map(\.message) == ["closing tag {{/a}} has no matching open section"])
        #expect(found[0].range == SourceRange(start: 1, end: 7))
    }

    @Test func unclosedTagAtEndOfText() {
        let source = "Bonjour {{nom"
        let found = diagnostics(source)
        #expect(found.map(\.message) == ["unclosed tag: expected '}}'"])
        #expect(found[0].range == SourceRange(start: 8, end: 13))
        #expect(found[0].help == "end the tag with '}}'")
    }

    @Test func unclosedTagBeforeAnotherTagIsNotSwallowed() {
        // The `}}` of `{{date}}` must not be taken as the end of `{{nom`.
        let source = "Bonjour {{nom\nVotre table : {{date}} {{#x}}"
        let found = diagnostics(source)
        #expect(found.map(\.message) == ["unclosed tag: expected '}}'", "section 'x' is never closed"])
        #expect(underlined(found[0], in: source) == "{{nom")
    }

    @Test func unclosedTripleMustache() {
        let found = diagnostics("{{{lien}}")
        #expect(found.map(\.message) == ["unclosed tag: expected '}}}'"])
    }

    @Test func invalidSetDelimiterTags() {
        let missingSecond = diagnostics("{{= <% =}}")
        #expect(missingSecond.map(\.message) == ["invalid set-delimiter tag: expected two delimiters separated by a space"])
        #expect(missingSecond[0].range == SourceRange(start: 0, end: 10))
        #expect(missingSecond[0].help == "write it like {{=<% %>=}}; delimiters cannot contain spaces or '='")
        #expect(diagnostics("{{=<% = %>=}}").count == 1)
        #expect(diagnostics("{{=<% %>").map(\.message) == ["unclosed tag: expected '=}}'"])
    }

    @Test func messagesUseTheDelimitersInForce() {
        let found = diagnostics("{{=<% %>=}}<%#offres%>")
        #expect(found.map(\.help) == ["add <%/offres%> after the section's content"])
    }

    @Test func badNames() {
        #expect(diagnostics("{{}}").map(\.message) == ["empty tag: expected a name between '{{' and '}}'"])
        let spaced = diagnostics("{{first name}}")
        #expect(spaced.map(\.message) == ["tag name 'first name' contains a space"])
        #expect(spaced[0].range == SourceRange(start: 2, end: 12))
        #expect(spaced[0].help == "names are single words, e.g. {{first_name}}")
        #expect(diagnostics("{{a..b}}").map(\.message) == ["invalid name 'a..b'"])
        #expect(diagnostics("{{> }}").map(\.message) == ["empty partial tag: expected a partial name"])
    }

    @Test func inheritanceIsReportedAsUnsupported() {
        let found = diagnostics("{{<parent}}")
        #expect(found.map(\.message) == ["template inheritance ({{<parent}} and {{$block}}) is not supported"])
    }

    @Test func rangesAreByteOffsetsAndRenderUnderTheTag() {
        // "é" is two bytes: the tag starts at byte 9 but column 9 counts it once.
        let source = "Créneau {{#offre}}"
        let found = diagnostics(source)
        #expect(found[0].range == SourceRange(start: 9, end: 19))
        let file = SourceFile(name: "sms/indispo.mustache", text: source)
        #expect(DiagnosticRenderer().render(found[0], in: file) == """
            sms/indispo.mustache:1:9: error: section 'offre' is never closed
              |
            1 | Créneau {{#offre}}
              |         ^^^^^^^^^^
              = help: add {{/offre}} after the section's content

            """)
    }

    @Test func severalErrorsAreReportedInSourceOrder() {
        let found = diagnostics("{{#a}}{{b c}}{{/z}}{{#d}}")
        #expect(found.map(\.message) == [
            "tag name 'b c' contains a space",
            "closing tag {{/z}} does not match the open section 'a'",
            "section 'd' is never closed",
        ])
    }

    @Test func initThrowsTheFirstDiagnostic() {
        #expect(throws: MustacheError.self) { try MustacheTemplate("{{#a}}") }
        do {
            _ = try MustacheTemplate("ok {{/a}} {{#b}}")
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostic.message == "closing tag {{/a}} has no matching open section")
            #expect(error.diagnostics.count == 2)
        }
    }

    @Test func standaloneTagsRemoveTheirLine() throws {
        let template = try MustacheTemplate("Offres :\n  {{#offres}}\n- {{.}}\n  {{/offres}}\nFin\n")
        #expect(template.render(["offres": ["12h", "13h"]]) == "Offres :\n- 12h\n- 13h\nFin\n")
    }

    @Test func paddingAndNewlinesAroundNamesAreAllowed() throws {
        let template = try MustacheTemplate("{{ nom }}/{{\nnom\n}}/{{# ok }}y{{/ ok }}")
        #expect(template.render(["nom": "Léa", "ok": true]) == "Léa/Léa/y")
    }
}
