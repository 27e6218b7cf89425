/// The values a structured log line may carry. A closed set keeps every line valid JSON and
/// cheap to write, and lets literals be used directly in `fields:` dictionaries.

/// One field value in a log line.
public enum LogValue: Sendable, Equatable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)

    /// The value as JSON text.
    var json: String {
        switch self {
        case .string(let text): return JSONText.quoted(text)
        case .int(let number): return String(number)
        case .double(let number): return JSONText.number(number)
        case .bool(let flag): return flag ? "true" : "false"
        }
    }
}

extension LogValue: ExpressibleByStringLiteral {
    /// A string field from a literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension LogValue: ExpressibleByIntegerLiteral {
    /// An integer field from a literal.
    public init(integerLiteral value: Int) { self = .int(value) }
}

extension LogValue: ExpressibleByFloatLiteral {
    /// A floating-point field from a literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension LogValue: ExpressibleByBooleanLiteral {
    /// A boolean field from a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
