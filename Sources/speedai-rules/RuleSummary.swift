import RuleLang

/// The per-file summary `check` prints on stdout for a valid rule file: who it is for,
/// and what each SMS template costs once rendered with realistic values.
enum RuleSummary {
    static func describe(_ rules: RuleSet, path: String) -> String {
        let establishment = rules.establishment
        var lines = ["\(path): ok — \(establishment.name) (id \(establishment.id), \(establishment.timeZone))"]
        let previews = TemplatePreview.previews(of: rules)
        let width = previews.map(\.name.count).max() ?? 0
        for preview in previews {
            let name = preview.name.padding(toLength: width, withPad: " ", startingAt: 0)
            lines.append("  sms \(name)  \(preview.sms.summary)")
        }
        return lines.joined(separator: "\n")
    }
}
