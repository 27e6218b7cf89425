/// The error a CEL expression produces at run time (division by zero, a missing map key, an
/// int overflow, ...). It carries the range of the sub-expression that failed so a rule-file
/// diagnostic can underline exactly that part of the rule.
public struct CELEvalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A plain-English explanation, e.g. "division by zero" or "no such key 'email'".
    public var message: String
    /// The byte range of the expression node that failed.
    public var range: SourceRange

    /// An error located at `range`.
    public init(_ message: String, at range: SourceRange) {
        self.message = message
        self.range = range
    }

    /// The message.
    public var description: String { message }

    /// Library functions do not know where they are called from: they throw unlocated
    /// errors, and the calling node stamps its own range on them (see `located(at:)`).
    static let unlocated = SourceRange(start: -1, end: -1)

    /// An error raised by a library function; the calling node supplies the range.
    static func failure(_ message: String) -> CELEvalError {
        CELEvalError(message, at: unlocated)
    }

    /// The same error, placed at `range` unless an inner node already placed it.
    func located(at range: SourceRange) -> CELEvalError {
        guard self.range.start < 0 else { return self }
        var copy = self
        copy.range = range
        return copy
    }

    var isLocated: Bool { range.start >= 0 }
}

extension CELEvalError {
    /// "no '+' for int and string", "no '-' for uint": an operator applied to the wrong kinds.
    static func noOperator(_ function: String, _ operands: Value...) -> CELEvalError {
        let kinds = operands.map(\.kindName)
        let list = kinds.count == 2 ? "\(kinds[0]) and \(kinds[1])" : kinds.joined(separator: ", ")
        return .failure("no '\(CELOperator.displayName(function))' for \(list)")
    }

    /// "no function 'size' for (int)": a global function called with the wrong kinds.
    static func noFunction(_ name: String, _ arguments: [Value]) -> CELEvalError {
        .failure("no function '\(name)' for (\(arguments.map(\.kindName).joined(separator: ", ")))")
    }

    /// "no method 'contains' on int" / "no method 'matches' on string for (int)".
    static func noMethod(_ name: String, on target: Value, _ arguments: [Value]) -> CELEvalError {
        if arguments.isEmpty { return .failure("no method '\(name)' on \(target.kindName)") }
        return .failure("no method '\(name)' on \(target.kindName) for (\(arguments.map(\.kindName).joined(separator: ", ")))")
    }

    static func overflow(_ function: String) -> CELEvalError {
        .failure("integer overflow in '\(CELOperator.displayName(function))'")
    }
}
