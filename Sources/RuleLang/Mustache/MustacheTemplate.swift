/// The public face of the Mustache engine: parse an SMS or HTML template once (getting
/// located diagnostics when it is wrong), list the names it reads, and render it as
/// many times as needed.

/// A parsed Mustache template (spec v1.x without lambdas).
///
///     let template = try MustacheTemplate("Bonjour {{client.prenom}} !")
///     let sms = template.render(["client": ["prenom": "Léa"]], escaping: .none)
public struct MustacheTemplate: Sendable {
    let nodes: [MustacheNode]
    /// Source size in bytes, used to size the output buffer up front.
    private let sourceByteCount: Int

    /// Every name the template reads, in source order, with its byte range in the
    /// source and how it is used. Closing tags are not listed: they repeat a section.
    public let references: [MustacheReference]

    /// Parses `source`. On failure the template is nil and the diagnostics (sorted by
    /// position, byte ranges into `source`) say what is wrong; on success they are empty.
    public static func parse(_ source: String) -> (template: MustacheTemplate?, diagnostics: [Diagnostic]) {
        let result = MustacheParser.parse(source)
        guard result.diagnostics.isEmpty else { return (nil, result.diagnostics) }
        let template = MustacheTemplate(
            nodes: result.nodes, sourceByteCount: source.utf8.count, references: result.references)
        return (template, [])
    }

    /// Parses `source`, throwing the located diagnostics when it is not a valid template.
    public init(_ source: String) throws(MustacheError) {
        let (template, diagnostics) = Self.parse(source)
        guard let template else { throw MustacheError(diagnostics: diagnostics) }
        self = template
    }

    private init(nodes: [MustacheNode], sourceByteCount: Int, references: [MustacheReference]) {
        self.nodes = nodes
        self.sourceByteCount = sourceByteCount
        self.references = references
    }

    /// Renders the template with `context` as the bottom of the context stack.
    ///
    /// - Parameters:
    ///   - partials: templates for `{{>name}}` tags; a missing partial renders as nothing.
    ///   - escaping: `.html` for web pages, `.none` for SMS text (then `{{x}}` and
    ///     `{{{x}}}` are the same).
    public func render(
        _ context: MustacheValue,
        partials: [String: MustacheTemplate] = [:],
        escaping: MustacheEscaping = .html
    ) -> String {
        // Room for the template text plus typical values; one reallocation at most.
        var renderer = MustacheRenderer(
            context: context, partials: partials, escaping: escaping, capacity: sourceByteCount + sourceByteCount / 2 + 16)
        renderer.render(nodes, indentation: "")
        return renderer.output
    }
}
