import RuleLang

/// The waitlist engine lives here (issue 3). For now it only re-exports the rule language
/// so the dependency direction RuleLang ← Runtime ← Connectors is fixed from the start.
public enum RuntimeInfo {
    /// The rule-language version this runtime interprets.
    public static let ruleLanguageVersion = 1
}
