/// What the checker says when a call cannot be resolved: an unknown function (with a
/// "did you mean"), a function called the wrong way (`x.int()`), the wrong number of
/// arguments, or arguments of the wrong types ("no '+' for int and string", naming the
/// operator as written), with a fix for the usual mix-ups and the accepted forms.
extension CELCheckRun {
    /// `x.int()` or `startsWith(x, y)`: the function exists, called the other way.
    mutating func reportCallStyle(_ function: String, _ expr: CELExpr, isReceiver: Bool) {
        if isReceiver {
            error("'\(function)' is not a method", at: expr.range, help: "write it as \(function)(value)")
        } else {
            error("'\(function)' must be called on a value", at: expr.range,
                  help: "write it after the value it applies to, like value.\(function)(...)")
        }
    }

    mutating func reportUnknownFunction(_ function: String, _ expr: CELExpr, target: CELExpr?, targetType: CELType?) {
        let declarations = CELStandardDeclarations.functions.values
        if target != nil {
            let names = declarations.filter(\.hasReceiverForm).map(\.name).sorted()
            var help = Suggestions.didYouMean(function, among: names)
            if help == nil, case .object(let name)? = targetType.map(resolved),
               environment.objectTypes[name]?.fieldIndex(function) != nil {
                help = "'\(function)' is a field of '\(name)'; remove the parentheses"
            }
            error("unknown method '\(function)'", at: expr.range, help: help)
        } else {
            let names = declarations.filter(\.hasGlobalForm).map(\.name).filter { $0.first?.isLetter ?? false }.sorted()
            error("unknown function '\(function)'", at: expr.range, help: Suggestions.didYouMean(function, among: names))
        }
    }

    mutating func reportArity(_ function: String, _ expr: CELExpr, overloads: [CELOverloadDecl], isReceiver: Bool, given: Int) {
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

    mutating func reportNoOverload(_ function: String, _ expr: CELExpr, overloads: [CELOverloadDecl], arguments: [CELExpr],
                                          types: [CELType], isReceiver: Bool) {
        if function == CELOperator.index, types.count == 2 {
            reportBadIndex(expr, container: arguments[0], index: arguments[1], types: types)
            return
        }
        let names = types.map(\.friendlyName)
        let help = quotedNumberHint(arguments, types) ?? conversionHint(function, types)
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

    /// `entry.party_size > "4"`: a number written in quotes is text.
    private func quotedNumberHint(_ arguments: [CELExpr], _ types: [CELType]) -> String? {
        guard types.contains(where: \.isNumber) else { return nil }
        for argument in arguments {
            if case .constant(.string(let text)) = argument.kind, !text.isEmpty, Double(text) != nil {
                return "\"\(text)\" in quotes is text, not a number; remove the quotes: \(text)"
            }
        }
        return nil
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
