/// Whether a rule file gives the dashboard's "Monter" / "Descendre" buttons any effect: the
/// engine only moves `entry.priority`, and only a `priority` expression that reads it turns
/// that into a place in line. The dashboard asks this to explain, rather than show buttons
/// that would do nothing.

extension RuleSet.Priority {
    /// Whether the sort key or any boost (its `when` or its `by`) reads `entry.priority`.
    public var readsManualPriority: Bool {
        if order.readsEntryField("priority") { return true }
        return boosts.contains { boost in
            if boost.when.readsEntryField("priority") { return true }
            if case .expression(let amount) = boost.amount { return amount.readsEntryField("priority") }
            return false
        }
    }
}

extension CELExpression {
    /// Whether the expression selects `entry.<field>` anywhere (macros included).
    public func readsEntryField(_ field: String) -> Bool {
        expr.selects(field, of: "entry")
    }
}

extension CELExpr {
    /// Whether `variable.field` appears anywhere in the tree.
    func selects(_ field: String, of variable: String) -> Bool {
        switch kind {
        case .constant, .identifier:
            return false
        case let .select(operand, name, _):
            if name == field, case .identifier(variable) = operand.kind { return true }
            return operand.selects(field, of: variable)
        case let .call(_, target, args):
            return (target?.selects(field, of: variable) ?? false) || args.contains { $0.selects(field, of: variable) }
        case .list(let elements):
            return elements.contains { $0.selects(field, of: variable) }
        case .map(let entries):
            return entries.contains { $0.key.selects(field, of: variable) || $0.value.selects(field, of: variable) }
        case .structure(_, let fields):
            return fields.contains { $0.value.selects(field, of: variable) }
        case .comprehension(let loop):
            return [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]
                .contains { $0.selects(field, of: variable) }
        }
    }
}
