/// Whether a `match` rule can only hold for a slot the entry ticked. The default rule and
/// every shipped one start with `slot.start in entry.slots &&`; when that conjunct is there,
/// the engine can skip a free slot nobody chose without evaluating `match` for each waiting
/// entry of the day (a thousand entries times forty free slots, after every event, otherwise).

extension CELExpression {
    /// True when the expression is `slot.start in entry.slots`, or a chain of `&&` with that
    /// comparison as one of its operands: then the whole can only be true if it is.
    public var requiresChosenStart: Bool { expr.requiresChosenStart }
}

extension CELExpr {
    var requiresChosenStart: Bool {
        guard case let .call(function, nil, args) = kind else { return false }
        switch function {
        case CELOperator.logicalAnd:
            return args.contains { $0.requiresChosenStart }
        case CELOperator.in:
            guard args.count == 2,
                  case let .select(slot, "start", false) = args[0].kind, case .identifier("slot") = slot.kind,
                  case let .select(entry, "slots", false) = args[1].kind, case .identifier("entry") = entry.kind else { return false }
            return true
        default:
            return false
        }
    }
}
