/// Checking macros, which the parser expanded into comprehensions: the loop variable is
/// typed from the range (a list's elements, a map's keys, or `dyn`), the accumulator from
/// its initial value and step. A user's condition that is not true/false is reported at
/// the condition itself, in the macro's words ("the condition of all() ...").
extension CELCheckRun {
    /// The condition the user wrote in a macro, found in the parser's expansion.
    private func userCondition(of comprehension: CELComprehension) -> CELExpr? {
        guard case .call(let function, nil, let args) = comprehension.loopStep.kind else { return nil }
        switch (comprehension.macro, function) {
        case ("all", CELOperator.logicalAnd), ("exists", CELOperator.logicalOr):
            return args.count == 2 ? args[1] : nil
        case ("exists_one", CELOperator.conditional), ("filter", CELOperator.conditional), ("map", CELOperator.conditional):
            return args.count == 3 ? args[0] : nil
        default:
            return nil
        }
    }

    /// On the recursion path: checks the parts, leaving the judging to helpers so the
    /// frame stays small.
    mutating func checkComprehension(_ expr: CELExpr) -> CELType {
        guard case .comprehension(let comprehension) = expr.kind else { return .error }
        let rangeType = resolved(check(comprehension.iterRange))
        let accuType = check(comprehension.accuInit)
        let variableType = iterationVariableType(rangeType, comprehension)
        if let condition = userCondition(of: comprehension) { macroConditions[condition.id] = comprehension.macro }
        scopes.append([comprehension.accuVar: accuType])
        scopes.append([comprehension.iterVar: variableType])
        let loopCondition = check(comprehension.loopCondition)
        expectLoopCondition(loopCondition, comprehension)
        let step = check(comprehension.loopStep)
        expectStep(step, accumulator: accuType, comprehension)
        scopes.removeLast()
        let result = check(comprehension.result)
        scopes.removeLast()
        return resolved(result)
    }

    /// `s` in `slots.all(s, ...)`: a list's element type, a map's key type.
    private mutating func iterationVariableType(_ rangeType: CELType, _ comprehension: CELComprehension) -> CELType {
        switch rangeType {
        case .list(let element): return element
        case .map(let key, _): return key
        case .dyn, .error, .parameter:
            _ = isAssignable(.dyn, from: rangeType)
            return .dyn
        default:
            error("\(comprehension.macro)() goes through a list or a map, but this is \(rangeType.phrase)",
                  at: comprehension.iterRange.range)
            return .error
        }
    }

    private mutating func expectLoopCondition(_ type: CELType, _ comprehension: CELComprehension) {
        if isAssignable(.bool, from: type) { return }
        error("the loop condition of \(comprehension.macro)() must be true or false, but gives \(resolved(type).friendlyName)",
              at: comprehension.loopCondition.range)
    }

    private mutating func expectStep(_ step: CELType, accumulator: CELType, _ comprehension: CELComprehension) {
        if isAssignable(accumulator, from: step) { return }
        error("\(comprehension.macro)() cannot combine \(resolved(step).phrase) with its result so far, \(resolved(accumulator).phrase)",
              at: comprehension.loopStep.range)
    }
}
