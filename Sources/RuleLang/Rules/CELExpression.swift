/// A checked CEL expression as the compiled rules keep it: the syntax tree for the
/// evaluator, the type the checker inferred (so the engine knows whether a sort key is a
/// timestamp or a number), and the source text for messages and the dashboard.
public struct CELExpression: Sendable, Equatable, CustomStringConvertible {
    /// The parsed expression (ids and ranges point into the rule file it came from).
    public var expr: CELExpr
    /// The type the checker inferred; `dyn` when only known at run time.
    public var type: CELType
    /// The expression as written, e.g. `slot.start in entry.slots`.
    public var source: String

    /// Wraps a checked expression.
    public init(expr: CELExpr, type: CELType, source: String) {
        self.expr = expr
        self.type = type
        self.source = source
    }

    /// Equal when written the same and of the same type: ids and byte ranges depend on
    /// where the text sat in its file, which says nothing about meaning.
    public static func == (a: CELExpression, b: CELExpression) -> Bool {
        a.source == b.source && a.type == b.type
    }

    /// The source text.
    public var description: String { source }
}
