/// What kind of value a rule-file setting takes. The checker reads a setting's value
/// according to this, the compiler turns it into a typed model field, and the reference
/// documentation and `--help` print it; keeping it declarative is what makes the three
/// agree.
public enum RuleValueType: Sendable, Hashable {
    /// A duration literal such as `15m`, within optional bounds (milliseconds).
    case duration(min: Int64?, max: Int64?)
    /// A whole number within optional bounds.
    case integer(min: Int64?, max: Int64?)
    /// Any number (whole or decimal), at least `min`.
    case number(min: Double?)
    /// `true` or `false`.
    case boolean
    /// A quoted string, possibly constrained.
    case text(TextFormat)
    /// A time range such as `12:00-14:30`; may it cross midnight?
    case timeRange(crossesMidnight: Bool)
    /// A time range, or `none` to disable.
    case timeRangeOrNone
    /// A list of weekdays: `[tue, wed]`.
    case weekdays
    /// A list of weekdays and dates: `[mon, 2025-12-25]`.
    case weekdaysAndDates
    /// One symbol among a fixed list, written bare: `hybrid`.
    case choice([String])
    /// A list of service labels: `[coupe, couleur]`.
    case serviceLabels
    /// A CEL expression of type bool over `entry`, `slot` and `now`.
    case condition
    /// A CEL sort key: int, uint, double, string, timestamp or duration.
    case sortKey
    /// A duration literal (within bounds) or a CEL expression of type duration.
    case durationOrExpression(min: Int64?, max: Int64?)
    /// A boost amount: a duration or number literal, or a CEL expression, matching the
    /// priority order's type.
    case boostAmount
    /// A Mustache SMS template that may use these variables.
    case template(variables: [String])

    /// Constraints on a `text` value.
    public enum TextFormat: Sendable, Hashable {
        /// Any text.
        case plain
        /// Lower-case letters, digits, `_` and `-`: an id used in URLs and file names.
        case identifier
        /// An absolute `http://` or `https://` URL.
        case url
        /// An IANA time zone name such as `Europe/Paris`.
        case timeZone
    }

    /// Whether the value is CEL (so its parse errors matter).
    public var isExpression: Bool {
        switch self {
        case .condition, .sortKey, .durationOrExpression, .boostAmount: return true
        default: return false
        }
    }

    /// The type as the reference documentation and `--help` show it, e.g. `duration, 5m..12h`.
    public var displayName: String {
        switch self {
        case .duration(let min, let max):
            return "duration" + Self.bounds(min.map(RuleValueText.duration), max.map(RuleValueText.duration))
        case .integer(let min, let max):
            return "int" + Self.bounds(min.map { "\($0)" }, max.map { "\($0)" })
        case .number(let min):
            return "number" + Self.bounds(min.map(RuleValueText.number), nil)
        case .boolean: return "bool"
        case .text(.plain): return "string"
        case .text(.identifier): return "string of a-z 0-9 _ -"
        case .text(.url): return "string, http(s) URL"
        case .text(.timeZone): return "string, IANA time zone"
        case .timeRange(let crosses): return crosses ? "time range" : "time range, same day"
        case .timeRangeOrNone: return "time range or `none`"
        case .weekdays: return "list of weekdays"
        case .weekdaysAndDates: return "list of weekdays and dates"
        case .choice(let symbols): return symbols.map { "`\($0)`" }.joined(separator: " \\| ")
        case .serviceLabels: return "list of service labels"
        case .condition: return "CEL bool"
        case .sortKey: return "CEL int, uint, double, string, timestamp or duration"
        case .durationOrExpression(let min, let max):
            return "duration" + Self.bounds(min.map(RuleValueText.duration), max.map(RuleValueText.duration))
                + ", or CEL duration"
        case .boostAmount: return "duration or number, or CEL"
        case .template: return "Mustache template string"
        }
    }

    private static func bounds(_ min: String?, _ max: String?) -> String {
        switch (min, max) {
        case (let min?, let max?): return ", \(min)..\(max)"
        case (let min?, nil): return ", ≥ \(min)"
        case (nil, let max?): return ", ≤ \(max)"
        case (nil, nil): return ""
        }
    }
}
