/// A setting's value once checked against its `RuleValueType`: what the compiler reads
/// to fill the `RuleSet`, and what the schema uses to state defaults.
public enum RuleSettingValue: Sendable, Equatable {
    /// Milliseconds.
    case duration(Int64)
    /// A whole number.
    case integer(Int64)
    /// Any number.
    case number(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// Decoded (and dedented) string contents.
    case text(String)
    /// A time range.
    case timeRange(RuleSet.TimeRange)
    /// The symbol `none` (quiet hours off) or an absent optional value (no logo).
    case none
    /// Weekdays, Monday first, without repeats.
    case weekdays([RuleSet.Weekday])
    /// Weekdays and dates, each sorted.
    case closedDays(weekdays: [RuleSet.Weekday], dates: [RuleSet.CalendarDate])
    /// A symbol of a `choice` type, e.g. `hybrid`.
    case choice(String)
    /// Service labels.
    case labels([String])
    /// A checked CEL expression.
    case expression(CELExpression)
    /// A checked SMS template.
    case template(RuleSet.SMSTemplate)

    /// The canonical rule-file spelling, as the default file and the documentation write it.
    public var ruleText: String {
        switch self {
        case .duration(let ms): return RuleValueText.duration(ms)
        case .integer(let value): return "\(value)"
        case .number(let value): return RuleValueText.number(value)
        case .boolean(let value): return value ? "true" : "false"
        case .text(let value): return RuleValueText.quoted(value)
        case .timeRange(let range): return range.description
        case .none: return "none"
        case .weekdays(let days): return "[" + days.map(\.rawValue).joined(separator: ", ") + "]"
        case .closedDays(let days, let dates):
            return "[" + (days.map(\.rawValue) + dates.map(\.description)).joined(separator: ", ") + "]"
        case .choice(let symbol): return symbol
        case .labels(let labels): return "[" + labels.joined(separator: ", ") + "]"
        case .expression(let expression): return expression.source
        case .template(let template): return RuleValueText.quoted(template.source)
        }
    }
}

/// What a key is worth when the file does not set it.
public enum RuleDefault: Sendable, Equatable {
    /// A fixed value.
    case value(RuleSettingValue)
    /// A value that depends on the block's label (`retry sms` and `retry calendar`).
    case perLabel([String: RuleSettingValue])
    /// A CEL expression, written as source text; compiled like one written in the file.
    case expression(String)
    /// Computed from something else (the file name, the label, another key); the text
    /// says from what, for people.
    case derived(String)
    /// No value: the feature is off (e.g. no logo).
    case absent
    /// The key must be set whenever its block is present.
    case required

    /// The default as the reference documentation shows it.
    public var displayText: String {
        switch self {
        case .value(.text(let text)) where text.contains("\n") || text.count > 40:
            return "the French text under [SMS templates](#sms-templates)"
        case .value(let value): return "`\(Self.shortText(value))`"
        case .perLabel(let values):
            return values.keys.sorted { a, b in a == "sms" || (b != "sms" && a < b) }
                .map { "`\(Self.shortText(values[$0]!))` (\($0))" }.joined(separator: ", ")
        case .expression(let source): return "`\(source)`"
        case .derived(let words): return words
        case .absent: return "none"
        case .required: return "required"
        }
    }

    /// Long templates are summarised: the documentation lists them in full elsewhere.
    private static func shortText(_ value: RuleSettingValue) -> String {
        if case .weekdays(let days) = value, days == RuleSet.Weekday.allCases { return "[mon, tue, wed, thu, fri, sat, sun]" }
        return value.ruleText
    }
}
