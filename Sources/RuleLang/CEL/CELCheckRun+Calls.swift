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
            if isReceiver {
                error("'\(function)' is not a method", at: expr.range, help: "write it as \(function)(value)")
            } else {
                error("'\(function)' must be called on a value", at: expr.range,
                      help: "write it after the value it applies to, like value.\(function)(...)")
            }
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

    // MARK: - Messages

    private mutating func reportUnknownFunction(_ function: String, _ expr: CELExpr, target: CELExpr?, targetType: CELType?) {
        let declarations = CELStandardDeclarations.functions.values
        if target != nil {
            let names = declarations.filter(\.hasReceiverForm).map(\.name)
            var help = Suggestions.didYouMean(function, among: names)
            if help == nil, case .object(let name)? = targetType.map(resolved),
               environment.objectTypes[name]?.fieldIndex(function) != nil {
                help = "'\(function)' is a field of '\(name)'; remove the parentheses"
            }
            error("unknown method '\(function)'", at: expr.range, help: help)
        } else {
            let names = declarations.filter(\.hasGlobalForm).map(\.name).filter { $0.first?.isLetter ?? false }
            error("unknown function '\(function)'", at: expr.range, help: Suggestions.didYouMean(function, among: names))
        }
    }

    private mutating func reportArity(_ function: String, _ expr: CELExpr, overloads: [CELOverloadDecl], isReceiver: Bool, given: Int) {
        let receiverCount = isReceiver ? 1 : 0
        let counts = Set(overloads.map { $0.parameters.count - receiverCount }).sorted()
        let expected: String
        if let variadic = overloads.first(where: \.isVariadic) {
            expected = "at least \(variadic.parameters.count - 1 - receiverCount)"
        } else {
            expected = celJoinedForPeople(counts.map(String.init)).replacingOccurrences(of: " and ", with: " or ")
        }
        let plural = counts == [1] || expected.hasSuffix(" 1") ? "argument" : "arguments"
        let name = isReceiver ? ".\(function)()" : "\(function)()"
        error("\(name) takes \(expected) \(plural), but was given \(given)", at: expr.range,
              notes: ["accepted forms: \(signatures(of: overloads, function: function))"])
    }

    private mutating func reportNoOverload(_ function: String, _ expr: CELExpr, overloads: [CELOverloadDecl], arguments: [CELExpr],
                                          types: [CELType], isReceiver: Bool) {
        if function == CELOperator.index, types.count == 2 {
            reportBadIndex(expr, container: arguments[0], index: arguments[1], types: types)
            return
        }
        let names = types.map(\.friendlyName)
        let help = conversionHint(function, types)
        if isOperator(function) {
            error("no '\(CELOperator.displayName(function))' for \(celJoinedForPeople(names))", at: expr.range, help: help)
        } else if isReceiver {
            let with = names.count > 1 ? " with \(celJoinedForPeople(Array(names.dropFirst())))" : ""
            error("no '.\(function)()' for \(names[0])\(with)", at: expr.range, help: help,
                  notes: ["accepted forms: \(signatures(of: overloads, function: function))"])
        } else {
            error("no '\(function)' for \(celJoinedForPeople(names))", at: expr.range, help: help,
                  notes: ["accepted forms: \(signatures(of: overloads, function: function))"])
        }
    }

    private mutating func reportBadIndex(_ expr: CELExpr, container: CELExpr, index: CELExpr, types: [CELType]) {
        switch types[0] {
        case .list:
            error("a list position must be an int, but this is \(types[1].phrase)", at: index.range)
        case .map(let key, _):
            error("this map's keys are \(key.friendlyName), but this is \(types[1].phrase)", at: index.range)
        default:
            error("\(types[0].phrase) cannot be indexed with [...]", at: container.range,
                  help: types[0] == .string ? "use a method such as .startsWith() or .contains()" : nil)
        }
    }

    private func isOperator(_ function: String) -> Bool {
        CELOperator.displayName(function) != function || function.hasPrefix("@") || function.hasPrefix("_")
    }

    /// A fix for the usual mix-ups: numbers of different kinds, durations written as numbers.
    private func conversionHint(_ function: String, _ types: [CELType]) -> String? {
        let numberKinds = Set(types.filter(\.isNumber))
        if numberKinds.count > 1 {
            return "convert one side so both are the same kind of number, like double(n) or int(n)"
        }
        let hasTime = types.contains(.timestamp) || types.contains(.duration)
        let hasPlain = types.contains(.int) || types.contains(.string) || types.contains(.double)
        if hasTime, hasPlain, [CELOperator.add, CELOperator.subtract, CELOperator.less, CELOperator.lessEquals,
                               CELOperator.greater, CELOperator.greaterEquals, "min", "max"].contains(function) {
            return "write a duration like duration('15m'), or a timestamp like timestamp('2025-06-01T19:00:00Z')"
        }
        return nil
    }

    /// The accepted forms of a function, e.g. "size(string), size(bytes), size(list), size(map)".
    private func signatures(of overloads: [CELOverloadDecl], function: String) -> String {
        var seen: [String] = []
        for overload in overloads {
            var names = overload.parameters.map(\.signatureName)
            if overload.isVariadic { names.append("...") }
            let text: String
            if overload.isReceiver, let receiver = names.first {
                text = "\(receiver).\(function)(\(names.dropFirst().joined(separator: ", ")))"
            } else {
                text = "\(function)(\(names.joined(separator: ", ")))"
            }
            if !seen.contains(text) { seen.append(text) }
        }
        return seen.joined(separator: ", ")
    }
}
