/// The parsed form of a template: what the parser produces once and the renderer walks
/// many times. Standalone-line whitespace is already removed here, so rendering never
/// looks at the source again.

/// One piece of a parsed template.
enum MustacheNode: Sendable {
    /// Literal text, written as is.
    case text(String)
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}` (raw).
    case variable(path: [String], escaped: Bool)
    /// `{{#name}}…{{/name}}`, or `{{^name}}…{{/name}}` when inverted.
    case section(path: [String], inverted: Bool, children: [MustacheNode])
    /// `{{>name}}`. A standalone partial indents every line of its template with the
    /// whitespace that preceded the tag; an inline one does not indent.
    case partial(name: String, indentation: String, standalone: Bool)
}
