/// Canonical rule-file spelling of values (`90m` is written `1h30m`), for messages, the
/// reference documentation and the default file. Matches what the formatter writes.
enum RuleValueText {
    /// Units from largest to smallest, in milliseconds.
    private static let units: [(String, Int64)] = [("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)]

    /// `5400000` → `1h30m`; zero is `0s`.
    static func duration(_ milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds.magnitude
        var text = milliseconds < 0 ? "-" : ""
        for (unit, size) in units where rest >= UInt64(size) {
            text += "\(rest / UInt64(size))\(unit)"
            rest %= UInt64(size)
        }
        return text
    }

    /// The same for a Swift `Duration`.
    static func duration(_ value: Duration) -> String { duration(value.ruleMilliseconds) }

    /// `2.0` → `2`, `1.5` → `1.5`.
    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// A string as a rule-file (CEL) double-quoted literal.
    static func quoted(_ text: String) -> String {
        var out = ""
        Value.appendStringLiteral(text, to: &out)
        return out
    }
}
