/// Reading CEL settings: `match` and `when` (bool), `order` (a sortable key), `timeout`
/// (a duration literal or a CEL duration) and a boost's `by` (matching the order's type).
/// Parse errors stored by the parser are reported here, because only now is it known
/// that the value was meant as CEL; then the expression is type-checked in the rule
/// environment (`entry`, `slot`, `now`).
extension RuleChecker {
    /// The types a priority order may have.
    static let sortableTypes: [CELType] = [.int, .uint, .double, .string, .timestamp, .duration]

    mutating func expressionValue(_ value: RuleValue, type: RuleValueType, key: String) -> RuleSettingValue? {
        switch type {
        case .condition:
            if case .literal(let kind) = given(value), !Self.mayBeCEL(kind) {
                report(.error("expected a condition that is true or false, not \(Self.describe(given(value)))", at: value.range,
                              help: "write a CEL expression such as 'entry.party_size <= slot.free'"))
                return nil
            }
            guard let expr = expression(of: value) else { return nil }
            let result = CELChecker(environment: RuleEnvironment.cel).check(expr, expecting: .bool, purpose: key)
            return checked(expr, result, value)

        case .sortKey:
            guard let expr = expression(of: value) else { return nil }
            let result = CELChecker(environment: RuleEnvironment.cel).check(expr)
            guard let checked = checked(expr, result, value) else { return nil }
            guard case .expression(let expression) = checked else { return nil }
            if expression.type != .dyn, !Self.sortableTypes.contains(expression.type) {
                report(.error("the priority order must be a number, a string, a timestamp or a duration, not \(Self.article(expression.type))",
                              at: value.range, help: "for example 'entry.joined_at', or 'entry.joined_at - duration(\"1h\") * entry.visits'"))
                return nil
            }
            return checked

        case .durationOrExpression(let min, let max):
            switch given(value) {
            case .literal(.duration(let ms)):
                return checkBounds(ms, min: min, max: max, key: key, at: value.range, format: RuleValueText.duration)
                    ? .duration(ms) : nil
            case .constant:
                durationMismatch(value)
                return nil
            case .unreadable where Self.looksLikeLiteral(text(of: value)):
                durationMismatch(value)
                return nil
            case .literal(let kind) where !Self.mayBeCEL(kind):
                durationMismatch(value)
                return nil
            default:
                guard let expr = expression(of: value) else { return nil }
                let result = CELChecker(environment: RuleEnvironment.cel).check(expr, expecting: .duration, purpose: key)
                return checked(expr, result, value)
            }

        case .boostAmount:
            return boostAmount(value)

        default:
            return nil
        }
    }

    /// `15min`, `1 h`: a failed attempt at a literal rather than at an expression.
    static func looksLikeLiteral(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == " " || $0 == "." }
    }

    /// Symbols and lists are also CEL (an identifier, a list); durations and times are not.
    static func mayBeCEL(_ kind: RuleLiteral.Kind) -> Bool {
        switch kind {
        case .symbol, .list: return true
        default: return false
        }
    }

    /// The value as CEL: the parser's reading, or its errors, or (when it only read a
    /// literal) the value's text parsed again as CEL.
    mutating func expression(of value: RuleValue) -> CELExpr? {
        if let expr = value.expression { return expr }
        if !value.expressionDiagnostics.isEmpty {
            for diagnostic in value.expressionDiagnostics { report(diagnostic) }
            return nil
        }
        let reparsed = CELParser.parse(source, start: value.range.start, end: value.range.end)
        for diagnostic in reparsed.diagnostics { report(diagnostic) }
        return reparsed.expr
    }

    /// Reports the checker's diagnostics; the checked expression when there was no error.
    private mutating func checked(_ expr: CELExpr, _ result: CELCheckResult, _ value: RuleValue) -> RuleSettingValue? {
        for diagnostic in result.diagnostics { report(diagnostic) }
        guard !result.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        return .expression(CELExpression(expr: expr, type: result.type, source: text(of: value)))
    }

    private mutating func boostAmount(_ value: RuleValue) -> RuleSettingValue? {
        let order = priorityOrderType
        let orderIsTime = order == .timestamp || order == .duration
        let orderIsNumber = order == .int || order == .uint || order == .double
        if order == .string {
            report(.error("a boost needs a priority order that is a number, a timestamp or a duration; this one is a string",
                          at: value.range, help: "change 'order' in block 'priority', or remove the boost"))
            return nil
        }
        let orderName = Self.article(order)
        switch given(value) {
        case .literal(.duration(let ms)):
            guard !orderIsNumber else {
                report(.error("the priority order is \(orderName), so 'by' must be a number, not a duration", at: value.range))
                return nil
            }
            return .duration(ms)
        case .constant(.int), .constant(.uint), .constant(.double):
            guard !orderIsTime else {
                report(.error("the priority order is \(orderName), so 'by' must be a duration like 30m, not a number",
                              at: value.range, help: "add a unit, like \(text(of: value))m"))
                return nil
            }
            guard case .constant(let constant) = given(value) else { return nil }
            switch constant {
            case .int(let n): return .number(Double(n))
            case .uint(let n): return .number(Double(n))
            case .double(let d): return .number(d)
            default: return nil
            }
        case .constant(.string(let text)):
            report(.error("expected \(orderIsNumber ? "a number" : "a duration like 30m"), not a string", at: value.range,
                          help: LiteralTextReader.duration(text) != nil || Double(text) != nil ? "remove the quotes: \(text)" : nil))
            return nil
        case .literal(let kind) where !Self.mayBeCEL(kind):
            report(.error("expected \(orderIsNumber ? "a number" : "a duration like 30m"), not \(Self.describe(given(value)))",
                          at: value.range))
            return nil
        default:
            guard let expr = expression(of: value) else { return nil }
            let result = CELChecker(environment: RuleEnvironment.cel).check(expr)
            guard let checked = checked(expr, result, value), case .expression(let amount) = checked else { return nil }
            let compatible: Bool
            switch amount.type {
            case .dyn: compatible = true
            case .duration: compatible = !orderIsNumber
            case .int, .uint, .double: compatible = !orderIsTime
            default: compatible = false
            }
            guard compatible else {
                let wanted = orderIsNumber ? "a number" : orderIsTime ? "a duration" : "a number or a duration"
                report(.error("the priority order is \(orderName), so 'by' must be \(wanted), not \(Self.article(amount.type))",
                              at: value.range))
                return nil
            }
            return checked
        }
    }

    /// "a timestamp", "an int", for messages (the CEL checker's wording).
    static func article(_ type: CELType) -> String { type.phrase }
}
