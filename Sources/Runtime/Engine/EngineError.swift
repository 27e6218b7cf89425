/// Why an engine cannot start: rules that compiled but cannot run (an unknown time zone,
/// an expression the evaluator cannot plan).

/// An engine set-up failure, worded for the establishment admin.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The rules cannot run; the message says which setting and why.
    case unusableRules(String)

    /// The message.
    public var description: String {
        switch self {
        case .unusableRules(let message): return message
        }
    }
}
