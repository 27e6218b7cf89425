/// The error thrown by `MustacheTemplate.init` when a template does not parse. It
/// carries located diagnostics so a caller can show the admin exactly which tag is wrong.

/// A template that could not be parsed.
public struct MustacheError: Error, Sendable, Hashable {
    /// The first problem, by position in the source.
    public let diagnostic: Diagnostic
    /// Every problem found, sorted by position (the first is `diagnostic`).
    public let diagnostics: [Diagnostic]

    /// Wraps a non-empty list of diagnostics.
    public init(diagnostics: [Diagnostic]) {
        precondition(!diagnostics.isEmpty, "a MustacheError needs at least one diagnostic")
        self.diagnostic = diagnostics[0]
        self.diagnostics = diagnostics
    }
}

extension MustacheError: CustomStringConvertible {
    /// The first message, e.g. `section 'offres' is never closed`.
    public var description: String { diagnostic.message }
}
