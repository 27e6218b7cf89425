/// TEMP stand-in for the `rules-syntax` branch's formatter until it lands.
public enum RuleFormatter {
    public static func format(_ file: RuleFile) -> String? { nil }
}
