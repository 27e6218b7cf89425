import Foundation

/// The schema printed for people: the Markdown tables of `docs/rules.md` (a test keeps
/// the document equal to this output, so it cannot drift from the checker) and the plain
/// text of `speedai-rules --help`.
extension RuleSchema {
    /// The parts of `docs/rules.md` generated from code, by marker name.
    public static let generatedSections = ["blocks", "environment", "templates"]

    /// The Markdown of one generated section (see `generatedSections`).
    public static func markdown(section: String) -> String {
        switch section {
        case "blocks": return blocksMarkdown()
        case "environment": return environmentMarkdown()
        case "templates": return templatesMarkdown()
        default: return ""
        }
    }

    /// One table per block: key, type, default, meaning.
    static func blocksMarkdown() -> String {
        var out: [String] = []
        for (path, block) in allBlocks {
            let title = path.count == 1 ? "`\(block.keyword)`" : "`\(block.keyword)` (inside `\(path.dropLast().joined(separator: " > "))`)"
            out.append("#### \(title)")
            out.append("")
            var about = block.summary
            switch block.label {
            case .none: about += " At most once, no label."
            case .name(let example): about += " Labelled, any number: `\(block.keyword) \(example) { ... }`."
            case .oneOf(let options): about += " Labelled " + options.map { "`\($0)`" }.joined(separator: " or ") + ", each at most once."
            }
            out.append(about)
            out.append("")
            out.append("| key | type | default | meaning |")
            out.append("|---|---|---|---|")
            for key in block.keys {
                out.append("| `\(key.name)` | \(key.type.displayName) | \(key.defaultValue.displayText) | \(key.summary) |")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// The CEL variables and the fields of `Entry` and `Slot`.
    static func environmentMarkdown() -> String {
        var out = ["| variable | type | meaning |", "|---|---|---|"]
        for variable in RuleEnvironment.variables {
            out.append("| `\(variable.name)` | \(variable.type.friendlyName) | \(variable.summary) |")
        }
        for object in [RuleEnvironment.entryType, RuleEnvironment.slotType] {
            out.append("")
            out.append("`\(object.name)` fields (`\(object.name.lowercased()).<field>`):")
            out.append("")
            out.append("| field | type | meaning |")
            out.append("|---|---|---|")
            for field in object.fields {
                out.append("| `\(field.name)` | \(field.type.friendlyName) | \(field.summary.replacingOccurrences(of: "|", with: "\\|")) |")
            }
        }
        out.append("")
        return out.joined(separator: "\n")
    }

    /// Template variables, which template gets which, and the default texts.
    static func templatesMarkdown() -> String {
        var out = ["| variable | meaning | sample value |", "|---|---|---|"]
        for variable in RuleTemplateVariables.all {
            out.append("| `{{\(variable.name)}}` | \(variable.summary) | \(variable.example) |")
        }
        out.append("")
        out.append("| template | sent when | variables allowed |")
        out.append("|---|---|---|")
        for name in RuleTemplateVariables.templateNames {
            let allowed = RuleTemplateVariables.allowed(in: name).map { "`\($0)`" }.joined(separator: " ")
            out.append("| `\(name)` | \(RuleTemplateVariables.summary(of: name)) | \(allowed) |")
        }
        out.append("")
        out.append("Default texts (`’` is U+2019):")
        out.append("")
        for name in RuleTemplateVariables.templateNames {
            out.append("- `\(name)`:")
            out.append("")
            out.append("  ```")
            for line in RuleTemplateVariables.defaultText(of: name).split(separator: "\n", omittingEmptySubsequences: false) {
                out.append(line.isEmpty ? "" : "  " + line)
            }
            out.append("  ```")
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Plain text for `speedai-rules --help rules` (every block) or one block by path.
    public static func helpText(path: [String]? = nil) -> String {
        let selected = allBlocks.filter { entry in path.map { entry.path == $0 } ?? true }
        var out: [String] = []
        for (path, block) in selected {
            let label: String
            switch block.label {
            case .none: label = ""
            case .name(let example): label = " <label, e.g. \(example)>"
            case .oneOf(let options): label = " <" + options.joined(separator: "|") + ">"
            }
            out.append(String(repeating: "  ", count: path.count - 1) + block.keyword + label + " — " + block.summary)
            let width = block.keys.map(\.name.count).max() ?? 0
            for key in block.keys {
                let padded = key.name + String(repeating: " ", count: width - key.name.count)
                let defaultText = key.defaultValue.displayText.replacingOccurrences(of: "`", with: "")
                    .replacingOccurrences(of: "[SMS templates](#sms-templates)", with: "'SMS templates' in docs/rules.md")
                out.append(String(repeating: "  ", count: path.count) + "\(padded)  \(key.type.displayName.replacingOccurrences(of: "`", with: "").replacingOccurrences(of: "\\|", with: "|")); default \(defaultText). \(key.summary)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
