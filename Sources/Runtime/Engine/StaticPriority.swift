/// Whether an entry's place in line depends on the entry alone. `priority.order` and the
/// boosts see `entry`, `slot` and `now`; when none of them names `slot` or `now`, the key
/// is a function of the entry's fields (and its phone's visits), the same for every freed
/// slot and at every moment. The waiting index can then keep entries sorted by that key
/// once, and a freed slot walks them best first and stops at the first match instead of
/// evaluating `match` and the key for every candidate and sorting them all.
import RuleLang

extension RuleSet.Priority {
    /// True when neither the sort key nor any boost (its `when` or its `by`) names `slot` or
    /// `now`. Conservative: a comprehension variable that happens to be called `slot` counts.
    var dependsOnEntryOnly: Bool {
        let moving: Set<String> = ["slot", "now"]
        if order.expr.names(anyOf: moving) { return false }
        return !boosts.contains { boost in
            if boost.when.expr.names(anyOf: moving) { return true }
            if case .expression(let amount) = boost.amount { return amount.expr.names(anyOf: moving) }
            return false
        }
    }
}

extension CELExpr {
    /// Whether an identifier in `names` (with or without a leading `.`) appears anywhere.
    func names(anyOf names: Set<String>) -> Bool {
        switch kind {
        case .constant:
            return false
        case .identifier(let name):
            return names.contains(name.hasPrefix(".") ? String(name.dropFirst()) : name)
        case let .select(operand, _, _):
            return operand.names(anyOf: names)
        case let .call(_, target, args):
            return (target?.names(anyOf: names) ?? false) || args.contains { $0.names(anyOf: names) }
        case .list(let elements):
            return elements.contains { $0.names(anyOf: names) }
        case .map(let entries):
            return entries.contains { $0.key.names(anyOf: names) || $0.value.names(anyOf: names) }
        case .structure(_, let fields):
            return fields.contains { $0.value.names(anyOf: names) }
        case .comprehension(let loop):
            return [loop.iterRange, loop.accuInit, loop.loopCondition, loop.loopStep, loop.result]
                .contains { $0.names(anyOf: names) }
        }
    }
}
