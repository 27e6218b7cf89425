/// What a new version of a rule file changes, setting by setting: both files' syntax trees
/// flattened to `block label.key = value` paths with the value as written (blanks
/// collapsed), so the admin sees their own words, not a compiled form.
import RuleLang

/// Setting-by-setting differences between two rule files.
enum RuleSettingsDiff {
    /// Every setting of `file` as (path, value text), in file order.
    static func settings(of file: RuleFile) -> [(path: String, value: String)] {
        var result: [(String, String)] = []
        func walk(_ items: [RuleItem], prefix: String) {
            for item in items {
                switch item {
                case .block(let block):
                    let name = block.label.map { "\(block.keyword.text) \($0.text)" } ?? block.keyword.text
                    walk(block.items, prefix: prefix + name + ".")
                case .setting(let setting):
                    result.append((prefix + setting.key.text, valueText(file.source.text(in: setting.value.range))))
                }
            }
        }
        walk(file.items, prefix: "")
        return result
    }

    /// `offers.strategy: hybrid → broadcast`, one line per setting added, removed or changed.
    static func changes(from old: RuleFile, to new: RuleFile) -> [String] {
        let before = Dictionary(settings(of: old).map { ($0.path, $0.value) }, uniquingKeysWith: { _, last in last })
        let afterList = settings(of: new)
        let after = Dictionary(afterList.map { ($0.path, $0.value) }, uniquingKeysWith: { _, last in last })
        var lines: [String] = []
        var seen = Set<String>()
        for (path, value) in afterList where seen.insert(path).inserted {
            if let previous = before[path] {
                if previous != value { lines.append("\(path): \(previous) → \(value)") }
            } else {
                lines.append("\(path): (default) → \(value)")
            }
        }
        for (path, value) in settings(of: old) where after[path] == nil && seen.insert(path).inserted {
            lines.append("\(path): \(value) → (default)")
        }
        return lines
    }

    /// The value as written, blanks collapsed, cut at 60 characters.
    static func valueText(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" })
        let joined = words.joined(separator: " ")
        return joined.count > 60 ? String(joined.prefix(59)) + "…" : joined
    }
}
