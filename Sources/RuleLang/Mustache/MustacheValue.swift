/// The data a Mustache template is rendered with: the JSON-like values an SMS or an HTML
/// page is filled from (a client's name, a slot's time, a list of offers). Kept as a
/// closed enum so rendering never needs reflection or dynamic casts.

/// A value a template can read: the JSON data model, with integers and decimals kept
/// apart so `85` prints as `85` and `1.21` as `1.21`.
public enum MustacheValue: Sendable, Hashable {
    /// JSON `null`, and what a missing name resolves to.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A whole number, printed as written.
    case int(Int64)
    /// A decimal number, printed with the fewest digits that read back the same.
    case double(Double)
    /// Text.
    case string(String)
    /// A list, iterated by a section.
    case list([MustacheValue])
    /// A map whose keys remember the order they were given in.
    case object(MustacheObject)
}

extension MustacheValue {
    /// Whether a section `{{#name}}` renders its content (and `{{^name}}` does not).
    ///
    /// Falsey: `null`, `false`, an empty list and an empty string. The spec leaves the
    /// empty string open; treating it as falsey lets `{{#note}}…{{/note}}` skip a blank
    /// note, which is what an admin writing an SMS expects. `0` stays truthy.
    public var isTruthy: Bool {
        switch self {
        case .null: false
        case .bool(let value): value
        case .list(let items): !items.isEmpty
        case .string(let text): !text.isEmpty
        case .int, .double, .object: true
        }
    }

    /// The text an interpolation `{{name}}` writes, before escaping.
    ///
    /// `null` writes nothing. Lists and objects also write nothing: printing their
    /// structure would leak data into an SMS; iterate them with a section instead.
    public var interpolationText: String {
        switch self {
        case .null, .list, .object: ""
        case .bool(let value): value ? "true" : "false"
        case .int(let value): String(value)
        case .double(let value): Self.format(value)
        case .string(let text): text
        }
    }

    /// Looks up one key when this value is an object; nil for every other value.
    public subscript(key: String) -> MustacheValue? {
        if case .object(let object) = self { return object[key] }
        return nil
    }

    /// Decimals print with the fewest digits that read back to the same number
    /// (`1.210` → `1.21`); whole decimals print without a fraction (`85.0` → `85`).
    static func format(_ value: Double) -> String {
        // Below 2^53 every whole double is an exact Int64, so the conversion cannot trap.
        if value.rounded() == value, abs(value) < 9_007_199_254_740_992 {
            return String(Int64(value))
        }
        return value.description
    }
}

extension MustacheValue: ExpressibleByNilLiteral {
    /// `nil` in a literal is `null`.
    public init(nilLiteral: ()) { self = .null }
}

extension MustacheValue: ExpressibleByBooleanLiteral {
    /// `true` / `false` in a literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension MustacheValue: ExpressibleByIntegerLiteral {
    /// An integer literal.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension MustacheValue: ExpressibleByFloatLiteral {
    /// A decimal literal.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension MustacheValue: ExpressibleByStringLiteral {
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension MustacheValue: ExpressibleByArrayLiteral {
    /// An array literal is a list.
    public init(arrayLiteral elements: MustacheValue...) { self = .list(elements) }
}

extension MustacheValue: ExpressibleByDictionaryLiteral {
    /// A dictionary literal is an object; its keys keep the order they are written in.
    public init(dictionaryLiteral elements: (String, MustacheValue)...) {
        self = .object(MustacheObject(elements))
    }
}
