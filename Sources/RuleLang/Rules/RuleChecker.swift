/// Checks a parsed rule file against `RuleSchema`: which blocks and keys exist where,
/// labels, duplicates, the type and bounds of every value, CEL expressions, SMS templates,
/// and the cross-setting rules (overlapping services, unknown service labels, settings
/// that have no effect). It reports every problem as a located diagnostic an
/// establishment admin can act on, and hands the compiler the values that passed.
///
/// Broken syntax does not cascade: an unclosed block is checked only for what is known
/// to be in it, and a value that failed to parse is reported once.
struct RuleChecker {
    let file: RuleFile
    private(set) var diagnostics: [Diagnostic] = []
    /// The priority order's type, once checked; boosts' `by` must agree with it.
    var priorityOrderType: CELType = .timestamp
    /// Service labels referenced by resources, checked once all services are known.
    var serviceReferences: [(label: String, range: SourceRange)] = []

    var source: SourceFile { file.source }

    /// Checks `file`; the result holds the valid settings and the diagnostics (unsorted).
    static func check(_ file: RuleFile) -> (rules: CheckedRules, diagnostics: [Diagnostic]) {
        var checker = RuleChecker(file: file)
        let rules = checker.checkFile()
        return (rules, checker.diagnostics)
    }

    mutating func report(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
    }

    /// The 1-based line of an offset, for "already set on line 12".
    func line(of offset: Int) -> Int { source.location(of: offset).line }

    // MARK: - Structure

    private mutating func checkFile() -> CheckedRules {
        var rules = CheckedRules()
        var seen: [String: SourceRange] = [:]
        for item in file.items {
            switch item {
            case .setting(let setting):
                settingOutsideBlocks(setting)
            case .block(let block):
                guard let schema = RuleSchema.block(block.keyword.text) else {
                    unknownTopLevelBlock(block)
                    continue
                }
                if let checked = checkBlock(block, schema, parentPath: [], seen: &seen, quiet: false) {
                    rules.blocks.append(checked)
                }
            }
        }
        crossCheck(rules)
        return rules
    }

    /// How a block is named in messages: `block 'offers'` or `service 'lunch'`.
    static func display(_ keyword: String, label: String?) -> String {
        label.map { "\(keyword) '\($0)'" } ?? "block '\(keyword)'"
    }

    private mutating func checkBlock(_ block: RuleBlock, _ schema: BlockSchema, parentPath: [String],
                                     seen: inout [String: SourceRange], quiet parentQuiet: Bool) -> CheckedBlock? {
        let keyword = block.keyword.text
        let path = parentPath + [keyword]
        let quiet = parentQuiet || !block.isClosed
        let label = checkLabel(block, schema)
        var checked = CheckedBlock(schema: schema, keyword: block.keyword, label: label, labelRange: block.label?.range,
                                   range: block.range)
        let headRange = block.label.map { block.keyword.range.union($0.range) } ?? block.keyword.range

        // Duplicates: once per file for plain blocks, once per label for labelled ones.
        var duplicate = false
        if !schema.isLabelled || label != nil {
            let identity = schema.isLabelled ? "\(keyword) \(label!)" : keyword
            if let first = seen[identity] {
                duplicate = true
                if schema.isLabelled {
                    report(.error("\(keyword) '\(label!)' is already declared on line \(line(of: first.start))",
                                  at: headRange, help: "give it another label, or merge the two blocks"))
                } else {
                    report(.error("block '\(keyword)' is already declared on line \(line(of: first.start))",
                                  at: headRange, help: "merge the two '\(keyword)' blocks into one"))
                }
            } else {
                seen[identity] = headRange
            }
        }

        // Settings before nested blocks: a boost's `by` depends on the priority's `order`.
        for item in block.items {
            guard case .setting(let setting) = item else { continue }
            guard let key = schema.key(setting.key.text) else {
                if !quiet { unknownKey(setting, in: schema, label: label) }
                continue
            }
            if let first = checked.written[key.name] {
                report(.error("'\(key.name)' is already set on line \(line(of: first.start))", at: setting.key.range,
                              help: "remove one of the two lines"))
                continue
            }
            checked.written[key.name] = setting.key.range
            if let value = checkValue(setting, key, path: path) {
                checked.values[key.name] = CheckedSetting(key: setting.key, value: value, valueRange: setting.value.range)
                if path == ["priority"], key.name == "order", case .expression(let order) = value {
                    priorityOrderType = order.type
                }
            }
        }
        var childSeen: [String: SourceRange] = [:]
        for item in block.items {
            guard case .block(let child) = item else { continue }
            guard let childSchema = schema.child(child.keyword.text) else {
                if !quiet { misplacedBlock(child, in: schema, label: label) }
                continue
            }
            if let checkedChild = checkBlock(child, childSchema, parentPath: path, seen: &childSeen, quiet: quiet) {
                checked.children.append(checkedChild)
            }
        }

        if !quiet {
            for key in schema.keys where key.defaultValue == .required && checked.written[key.name] == nil {
                report(.error("\(Self.display(keyword, label: label)) needs '\(key.name)'", at: headRange,
                              help: "add a line such as '\(key.name) = \(Self.example(of: key.type))'"))
            }
        }
        return duplicate ? nil : checked
    }

    /// Checks the label against the schema; returns it when usable.
    private mutating func checkLabel(_ block: RuleBlock, _ schema: BlockSchema) -> String? {
        let keyword = block.keyword.text
        switch schema.label {
        case .none:
            if let label = block.label {
                report(.error("block '\(keyword)' takes no label", at: label.range,
                              help: "remove '\(label.text)': write '\(keyword) {'"))
            }
            return nil
        case .name(let example):
            guard let label = block.label else {
                report(.error("block '\(keyword)' needs a label", at: block.keyword.range,
                              help: "name it, like '\(keyword) \(example) {'"))
                return nil
            }
            if label.text.isEmpty {
                report(.error("the label of a '\(keyword)' block cannot be empty", at: label.range,
                              help: "name it, like '\(keyword) \(example) {'"))
                return nil
            }
            return label.text
        case .oneOf(let options):
            let choices = options.map { "'\(keyword) \($0)'" }.joined(separator: " or ")
            guard let label = block.label else {
                report(.error("block '\(keyword)' needs a label", at: block.keyword.range, help: "write \(choices)"))
                return nil
            }
            guard options.contains(label.text) else {
                report(.error("'\(label.text)' is not something '\(keyword)' applies to", at: label.range,
                              help: Suggestions.didYouMean(label.text, among: options) ?? "write \(choices)"))
                return nil
            }
            return label.text
        }
    }

    // MARK: - Things in the wrong place

    private mutating func settingOutsideBlocks(_ setting: RuleSetting) {
        let key = setting.key.text
        let homes = RuleSchema.blocks(havingKey: key)
        if let home = homes.first {
            report(.error("'\(key)' must be inside a block", at: setting.key.range,
                          help: "put it in \(Self.blockPath(home)): '\(home.last!) { \(key) = ... }'"))
            return
        }
        let all = RuleSchema.allBlocks.flatMap { entry in entry.block.keys.map { ($0.name, entry.path) } }
        if let best = RuleSuggestions.closest(to: key, among: all.map(\.0)), let path = all.first(where: { $0.0 == best })?.1 {
            report(.error("unknown setting '\(key)'", at: setting.key.range,
                          help: "did you mean '\(best)' (in \(Self.blockPath(path)))?"))
        } else {
            report(.error("unknown setting '\(key)'", at: setting.key.range,
                          help: "settings go inside blocks such as 'offers { ... }'; see docs/rules.md"))
        }
    }

    private mutating func unknownTopLevelBlock(_ block: RuleBlock) {
        let keyword = block.keyword.text
        if let nested = RuleSchema.allBlocks.first(where: { $0.path.count > 1 && $0.block.keyword == keyword }) {
            report(.error("block '\(keyword)' must be inside \(Self.blockPath(Array(nested.path.dropLast())))",
                          at: block.keyword.range, help: "move it into '\(nested.path.dropLast().joined(separator: " > "))'"))
        } else if let home = RuleSchema.blocks(havingKey: keyword).first {
            report(.error("'\(keyword)' is a setting, not a block", at: block.keyword.range,
                          help: "write '\(keyword) = ...' inside \(Self.blockPath(home))"))
        } else if let best = RuleSuggestions.closest(to: keyword, among: RuleSchema.blocks.map(\.keyword)) {
            report(.error("unknown block '\(keyword)'", at: block.keyword.range, help: "did you mean '\(best)'?"))
        } else {
            report(.error("unknown block '\(keyword)'", at: block.keyword.range,
                          notes: ["the blocks are: " + RuleSchema.blocks.map(\.keyword).joined(separator: ", ")]))
        }
    }

    private mutating func misplacedBlock(_ block: RuleBlock, in schema: BlockSchema, label: String?) {
        let keyword = block.keyword.text
        let here = Self.display(schema.keyword, label: label)
        if schema.key(keyword) != nil {
            report(.error("'\(keyword)' is a setting, not a block", at: block.keyword.range,
                          help: "write '\(keyword) = \(Self.example(of: schema.key(keyword)!.type))'"))
        } else if RuleSchema.block(keyword) != nil {
            report(.error("block '\(keyword)' cannot be inside \(here)", at: block.keyword.range,
                          help: "move it out to the top level of the file; is a '}' missing above?"))
        } else if let nested = RuleSchema.allBlocks.first(where: { $0.path.count > 1 && $0.block.keyword == keyword }) {
            report(.error("block '\(keyword)' cannot be inside \(here)", at: block.keyword.range,
                          help: "it belongs in \(Self.blockPath(Array(nested.path.dropLast())))"))
        } else if let best = RuleSuggestions.closest(to: keyword, among: schema.blocks.map(\.keyword)) {
            report(.error("unknown block '\(keyword)' in \(here)", at: block.keyword.range, help: "did you mean '\(best)'?"))
        } else if let home = RuleSchema.blocks(havingKey: keyword).first {
            report(.error("'\(keyword)' is a setting, not a block", at: block.keyword.range,
                          help: "write '\(keyword) = ...' inside \(Self.blockPath(home))"))
        } else {
            let allowed = schema.blocks.map(\.keyword)
            report(.error("unknown block '\(keyword)' in \(here)", at: block.keyword.range,
                          help: allowed.isEmpty ? "\(here) holds settings only" : "blocks allowed here: " + allowed.joined(separator: ", ")))
        }
    }

    private mutating func unknownKey(_ setting: RuleSetting, in schema: BlockSchema, label: String?) {
        let key = setting.key.text
        let here = Self.display(schema.keyword, label: label)
        let message = "unknown setting '\(key)' in \(here)"
        if schema.child(key) != nil {
            report(.error("'\(key)' is a block, not a setting", at: setting.key.range,
                          help: "write '\(key) \(Self.labelExample(schema.child(key)!)){ ... }'"))
        } else if let home = RuleSchema.blocks(havingKey: key).first {
            // An exact key of another block is a stronger hint than a near miss here.
            report(.error(message, at: setting.key.range, help: "'\(key)' belongs in \(Self.blockPath(home))"))
        } else if let best = RuleSuggestions.closest(to: key, among: schema.keys.map(\.name)) {
            report(.error(message, at: setting.key.range, help: "did you mean '\(best)'?"))
        } else {
            report(.error(message, at: setting.key.range,
                          help: "settings here: " + schema.keys.map(\.name).joined(separator: ", ")))
        }
    }

    /// `block 'offers'` or `block 'service' (inside 'slots')`.
    static func blockPath(_ path: [String]) -> String {
        guard let last = path.last else { return "the file" }
        if path.count == 1 { return "block '\(last)'" }
        return "block '\(last)' (inside '\(path.dropLast().joined(separator: " > "))')"
    }

    private static func labelExample(_ block: BlockSchema) -> String {
        switch block.label {
        case .none: return ""
        case .name(let example): return "\(example) "
        case .oneOf(let options): return "\(options[0]) "
        }
    }

    /// A plausible value of a type, for "add a line such as ...".
    static func example(of type: RuleValueType) -> String {
        switch type {
        case .duration, .durationOrExpression: return "30m"
        case .integer: return "2"
        case .number: return "2"
        case .boolean: return "true"
        case .text(.url): return "\"https://...\""
        case .text(.timeZone): return "\"Europe/Paris\""
        case .text: return "\"...\""
        case .timeRange, .timeRangeOrNone: return "12:00-14:30"
        case .weekdays: return "[tue, wed, thu]"
        case .weekdaysAndDates: return "[mon, 2025-12-25]"
        case .choice(let options): return options.first ?? ""
        case .serviceLabels: return "[lunch, dinner]"
        case .condition: return "entry.visits >= 5"
        case .sortKey: return "entry.joined_at"
        case .boostAmount: return "30m"
        case .template: return "\"...\""
        }
    }
}
