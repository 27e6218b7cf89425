/// One problem found in a source file, with enough context to explain it to an
/// establishment admin: where it is, what is wrong, and what to do about it.
public struct Diagnostic: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self { case .error: 0; case .warning: 1; case .note: 2 }
        }
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    public var severity: Severity
    public var message: String
    /// The span the caret underlines.
    public var range: SourceRange
    /// A suggestion, rendered as `= help: ...` (e.g. "did you mean 'offer_timeout'?").
    public var help: String?
    /// Extra explanation, rendered as `= note: ...`.
    public var notes: [String]

    public init(_ severity: Severity, _ message: String, at range: SourceRange, help: String? = nil, notes: [String] = []) {
        self.severity = severity
        self.message = message
        self.range = range
        self.help = help
        self.notes = notes
    }

    public static func error(_ message: String, at range: SourceRange, help: String? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, message, at: range, help: help, notes: notes)
    }

    public static func warning(_ message: String, at range: SourceRange, help: String? = nil, notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, message, at: range, help: help, notes: notes)
    }
}

/// Collects diagnostics for one file, keeping them sorted and bounded so a garbage file
/// yields a readable report instead of thousands of lines.
public struct DiagnosticBag: Sendable {
    /// Beyond this many errors a file is clearly not a rule file; stop listing.
    public static let defaultLimit = 50

    public private(set) var diagnostics: [Diagnostic] = []
    public let limit: Int

    public init(limit: Int = DiagnosticBag.defaultLimit) { self.limit = limit }

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    public mutating func append(_ diagnostic: Diagnostic) {
        // The same message at the same place twice adds nothing (error recovery can revisit a spot).
        if diagnostics.contains(where: { $0.range == diagnostic.range && $0.message == diagnostic.message }) { return }
        diagnostics.append(diagnostic)
    }

    public mutating func append(contentsOf other: [Diagnostic]) {
        for diagnostic in other { append(diagnostic) }
    }

    /// Sorted by position, errors first at equal positions, capped at `limit`.
    public var sorted: [Diagnostic] {
        let ordered = diagnostics.enumerated().sorted { a, b in
            if a.element.range.start != b.element.range.start { return a.element.range.start < b.element.range.start }
            if a.element.severity != b.element.severity { return a.element.severity < b.element.severity }
            return a.offset < b.offset
        }.map(\.element)
        return Array(ordered.prefix(limit))
    }
}
