/// The front door of the rule language: source text in, a `RuleSet` the engine can run
/// (or the reasons it cannot) out. Parsing, checking and building the typed model happen
/// in that order; the rule set exists only when there is no error, and warnings never
/// stop it.
public enum RuleCompiler {
    /// Parses, checks and compiles one rule file.
    public static func compile(_ file: SourceFile) -> RuleCompilation {
        compile(RuleParser.parse(file))
    }

    /// Checks and compiles an already parsed rule file.
    public static func compile(_ syntax: RuleFile) -> RuleCompilation {
        let (rules, semantic) = RuleChecker.check(syntax)
        var bag = DiagnosticBag()
        // Syntax errors first, so they win a tie at one position and survive the limit.
        bag.append(contentsOf: syntax.diagnostics)
        bag.append(contentsOf: semantic)
        let ruleSet = bag.hasErrors ? nil : RuleSetBuilder(rules: rules, file: syntax.source).build()
        return RuleCompilation(ruleSet: ruleSet, syntax: syntax, diagnostics: bag.sorted)
    }

    /// The establishment id a file gets when it sets none: its file name without the
    /// directory and `.rules`, folded to `[a-z0-9_-]` (`rules/Salon Élégance.rules` →
    /// `salon-elegance`), or `establishment` when nothing is left.
    public static func defaultID(for file: SourceFile) -> String {
        var name = Substring(file.name)
        if let slash = name.lastIndex(of: "/") { name = name[name.index(after: slash)...] }
        if name.hasSuffix(".rules") { name = name.dropLast(".rules".count) }
        return RuleChecker.slug(String(name)) ?? "establishment"
    }
}

/// The result of compiling one rule file.
public struct RuleCompilation: Sendable {
    /// The compiled rules; nil when there is at least one error.
    public var ruleSet: RuleSet?
    /// The syntax tree, for the formatter and tools.
    public var syntax: RuleFile
    /// Errors and warnings (syntax and meaning), sorted by position.
    public var diagnostics: [Diagnostic]

    /// Creates a value from its parts; `RuleCompiler` is the usual producer.
    public init(ruleSet: RuleSet?, syntax: RuleFile, diagnostics: [Diagnostic]) {
        self.ruleSet = ruleSet
        self.syntax = syntax
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// The warnings only.
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}
