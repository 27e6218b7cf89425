/// The outcome of one case of a conformance suite (Mustache spec, CEL spec, ...),
/// shared by every spec runner so `speedai-rules spec-test` reports them all alike.

/// One conformance case and what happened to it.
public struct SpecCaseResult: Sendable, Hashable {
    /// What happened to a case.
    public enum Outcome: Sendable, Hashable {
        /// The case ran and matched the suite's expectation.
        case passed
        /// The case ran and disagreed with the suite; the text says how.
        case failed(String)
        /// The case was not run; the text says why (e.g. an unsupported feature).
        case skipped(String)
    }

    /// A stable, human-readable identifier such as `sections.json: Doubled`.
    public let id: String
    /// What happened.
    public let outcome: Outcome

    /// Creates a result.
    public init(id: String, outcome: Outcome) {
        self.id = id
        self.outcome = outcome
    }

    /// Whether the case passed.
    public var passed: Bool { outcome == .passed }
}
