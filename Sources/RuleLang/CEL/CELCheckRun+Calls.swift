/// Checking calls: the logical operators and `?:` (which want true/false and give
/// admin-friendly messages about the exact operand), then every other function and
/// operator resolved against `CELStandardDeclarations` by argument types, as cel-go's
/// `resolveOverload`: every overload whose parameters accept the arguments matches; the
/// result is their common result type, or `dyn` when they disagree (a `dyn` argument).
extension CELCheckRun {
    /// Checks the operands, then resolves the call. Kept small on purpose: it is on the
    /// recursion path, and deep expressions (`1 + 1 + ...`) nest one frame per operator.
    mutating func checkCall(_ expr: CELExpr) -> CELType {
        guard case .call(let function, let target, let args) = expr.kind else { return .error }
        switch Self.specialForm(function, target: target, argumentCount: args.count) {
        case .conditional: return checkConditional(expr, args)
        case .logical: return checkLogical(expr, function: function, args: args)
        case nil: break
        }
        var argumentTypes: [CELType] = []
        argumentTypes.reserveCapacity(args.count + 1)
        if let target { argumentTypes.append(check(target)) }
        for arg in args { argumentTypes.append(check(arg)) }
        return resolveCall(expr, function: function, target: target, args: args, argumentTypes: argumentTypes)
    }

    /// Calls checked by hand rather than by overload resolution.
    enum SpecialForm { case conditional, logical }

    static func specialForm(_ function: String, target: CELExpr?, argumentCount: Int) -> SpecialForm? {
        guard target == nil else { return nil }
        switch (function, argumentCount) {
        case (CELOperator.conditional, 3): return .conditional
        case (CELOperator.logicalAnd, 2), (CELOperator.logicalOr, 2), (CELOperator.logicalNot, 1): return .logical
        default: return nil
        }
    }

    private mutating func checkLogical(_ expr: CELExpr, function: String, args: [CELExpr]) -> CELType {
        for (position, arg) in args.enumerated() {
            let type = check(arg)
            requireBool(arg, type, .operand(of: function, position: args.count == 1 ? nil : position))
        }
        recordLogicalOverload(expr, function)
        return .bool
    }

    private mutating func recordLogicalOverload(_ expr: CELExpr, _ function: String) {
        switch function {
        case CELOperator.logicalAnd: overloads[expr.id] = ["logical_and"]
        case CELOperator.logicalOr: overloads[expr.id] = ["logical_or"]
        default: overloads[expr.id] = ["logical_not"]
        }
    }

    /// Picks the overloads that accept `argumentTypes` (the receiver's first for a method).
    private mutating func resolveCall(_ expr: CELExpr, function: String, target: CELExpr?, args: [CELExpr],
                                      argumentTypes: [CELType]) -> CELType {
        let argumentExprs = (target.map { [$0] } ?? []) + args
        let targetType = target == nil ? nil : argumentTypes.first
        guard let decl = CELStandardDeclarations.functions[function] else {
            reportUnknownFunction(function, expr, target: target, targetType: targetType)
            return .error
        }
        let isReceiver = target != nil
        let styled = decl.overloads.filter { $0.isReceiver == isReceiver }
        guard !styled.isEmpty else {
            reportCallStyle(function, expr, isReceiver: isReceiver)
            return .error
        }
        let candidates = styled.filter { $0.accepts(argumentCount: argumentTypes.count) }
        guard !candidates.isEmpty else {
            reportArity(function, expr, overloads: styled, isReceiver: isReceiver, given: args.count)
            return .error
        }
        var result: CELType?
        var matched: [String] = []
        for overload in candidates {
            let suffix = freshSuffix()
            let parameters = overload.parameterTypes(forArgumentCount: argumentTypes.count)
                .map { CELTypeUnification.instantiate($0, suffix: suffix) }
            guard CELTypeUnification.isAssignable(parameters, from: argumentTypes, in: &substitution) else { continue }
            matched.append(overload.id)
            let overloadResult = resolved(CELTypeUnification.instantiate(overload.result, suffix: suffix))
            if let previous = result {
                if previous != .dyn, previous != overloadResult { result = .dyn }
            } else {
                result = overloadResult
            }
        }
        guard let result else {
            // An argument that already failed has been reported; don't pile on.
            if !argumentTypes.contains(.error) {
                reportNoOverload(function, expr, overloads: candidates, arguments: argumentExprs, types: argumentTypes.map(resolved), isReceiver: isReceiver)
            }
            return .error
        }
        overloads[expr.id] = matched
        checkConstantArguments(function, args: args, overloads: matched)
        return result
    }

    /// Where a true/false value is required, for the message.
    enum BoolRequirement {
        /// An operand of `&&`, `||` (position 0 or 1) or `!` (no position).
        case operand(of: String, position: Int?)
        case conditionOfTernary
    }

    /// Reports (once) when `type` cannot be true/false; a user's macro condition gets the
    /// macro's own wording.
    private mutating func requireBool(_ expr: CELExpr, _ type: CELType, _ requirement: BoolRequirement) {
        if isAssignable(.bool, from: type) { return }
        let actual = resolved(type)
        if let macro = macroConditions[expr.id] {
            error("the condition of \(macro)() must be true or false, but gives \(actual.friendlyName)", at: expr.range)
            return
        }
        switch requirement {
        case .operand(let function, nil):
            error("'\(CELOperator.displayName(function))' needs true or false, but this gives \(actual.phrase)", at: expr.range)
        case .operand(let function, let position?):
            let side = position == 0 ? "left" : "right"
            error("'\(CELOperator.displayName(function))' needs true or false on both sides, but its \(side) side gives \(actual.phrase)",
                  at: expr.range)
        case .conditionOfTernary:
            error("the condition of '?:' must be true or false, but this gives \(actual.phrase)", at: expr.range)
        }
    }

    private mutating func checkConditional(_ expr: CELExpr, _ args: [CELExpr]) -> CELType {
        let condition = check(args[0])
        requireBool(args[0], condition, .conditionOfTernary)
        let whenTrue = check(args[1])
        let whenFalse = check(args[2])
        overloads[expr.id] = ["conditional"]
        if isAssignable(whenTrue, from: whenFalse) {
            return resolved(CELTypeUnification.mostGeneral(whenTrue, whenFalse))
        }
        reportBranchMismatch(args, whenTrue, whenFalse)
        return .error
    }

    private mutating func reportBranchMismatch(_ args: [CELExpr], _ whenTrue: CELType, _ whenFalse: CELType) {
        error("the two branches of '?:' give different types: \(resolved(whenTrue).friendlyName) and \(resolved(whenFalse).friendlyName)",
              at: args[1].range.union(args[2].range),
              help: "make both branches give the same type of value")
    }
}
