/// What a template reads from its data, with where it says so. The rule-file checker
/// uses this to flag `{{lein}}` as an unknown variable (with a caret under it) before
/// the template ever reaches a client's phone.

/// One name a template reads: `{{client.nom}}`, `{{#offres}}`, `{{^lien}}` or `{{>pied}}`.
public struct MustacheReference: Sendable, Hashable {
    /// How the template uses the name.
    public enum Kind: String, Sendable, Hashable {
        /// `{{name}}`, `{{{name}}}` or `{{&name}}`.
        case interpolation
        /// `{{#name}}`.
        case section
        /// `{{^name}}`.
        case invertedSection
        /// `{{>name}}`; the path is the partial's name as one element.
        case partial
    }

    /// The dotted name split on dots (`client.nom` → `["client", "nom"]`). Empty for the
    /// implicit iterator `{{.}}`. A partial's name is never split.
    public let path: [String]
    /// The bytes of the name in the template source, without delimiters or padding.
    public let range: SourceRange
    /// How the name is used.
    public let kind: Kind
    /// The paths of the sections the name sits in, outermost first. Inside
    /// `{{#offres}}{{date}}{{/offres}}`, `date` may come from each offer rather than
    /// from the top-level data, so a checker must look there too.
    public let enclosingSections: [[String]]

    /// Creates a reference.
    public init(path: [String], range: SourceRange, kind: Kind, enclosingSections: [[String]] = []) {
        self.path = path
        self.range = range
        self.kind = kind
        self.enclosingSections = enclosingSections
    }

    /// Whether this is `{{.}}`, the item currently being iterated.
    public var isImplicitIterator: Bool { path.isEmpty && kind != .partial }

    /// The name as written: `client.nom`, or `.` for the implicit iterator.
    public var name: String { path.isEmpty ? "." : path.joined(separator: ".") }
}
