/// What type-checking one CEL expression produces: its type, the type of every
/// sub-expression (the planner specialises on them), the overloads each call may use,
/// and the problems found, each pointing at the offending sub-expression.
public struct CELCheckResult: Sendable {
    /// The type of the whole expression; `.error` when it could not be typed, `.dyn`
    /// when only run time can tell.
    public var type: CELType
    /// The type of each sub-expression, keyed by `CELExpr.id`. Unresolved type
    /// parameters are reported as `dyn`.
    public var types: [Int: CELType]
    /// For each call (by `CELExpr.id`), the ids of the overloads its argument types allow
    /// (e.g. `["add_int64"]`, or several when an argument is `dyn`). See `CELOverloadDecl.id`.
    public var overloads: [Int: [String]]
    /// Errors, sorted by position.
    public var diagnostics: [Diagnostic]

    public init(type: CELType, types: [Int: CELType] = [:], overloads: [Int: [String]] = [:], diagnostics: [Diagnostic] = []) {
        self.type = type
        self.types = types
        self.overloads = overloads
        self.diagnostics = diagnostics
    }

    /// True when at least one diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
