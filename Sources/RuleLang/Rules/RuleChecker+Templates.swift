/// Reading SMS templates: a quoted string (dedented when triple-quoted), parsed as
/// Mustache, whose every placeholder must be one of the variables that template gets.
/// Errors point into the rule file, at the placeholder itself when the string has no
/// escapes.
extension RuleChecker {
    mutating func template(_ value: RuleValue, variables: [String], name: String) -> RuleSettingValue? {
        guard case .constant(.string(let decoded)) = given(value) else {
            switch given(value) {
            case .expression:
                report(.error("an SMS template must be one text in quotes, not an expression", at: value.range,
                              help: "write the whole text in one string; use \"\"\" for text over several lines"))
            case .unreadable:
                break  // The parser's error about the string (e.g. never closed) is already reported.
            case let other:
                report(.error(Self.expected("expected a text in double quotes", not: other), at: value.range))
            }
            return nil
        }
        let quoted = QuotedText.read(source, range: value.range, decoded: decoded)
        for line in quoted.underIndentedLines {
            report(.warning("this line is indented less than the closing \"\"\"", at: line,
                            help: "indent every line at least as much as the closing \"\"\""))
        }
        let (parsed, mustacheDiagnostics) = MustacheTemplate.parse(quoted.text)
        for diagnostic in mustacheDiagnostics {
            var mapped = diagnostic
            mapped.range = quoted.fileRange(of: diagnostic.range)
            report(mapped)
        }
        guard let parsed else { return nil }
        var valid = true
        for reference in parsed.references {
            if let problem = Self.problem(with: reference, in: name, allowed: variables, at: quoted.fileRange(of: reference.range)) {
                report(problem)
                valid = valid && problem.severity != .error
            }
        }
        guard valid else { return nil }
        return .template(RuleSet.SMSTemplate(name: name, source: quoted.text, template: parsed))
    }

    /// What is wrong with one placeholder, if anything.
    static func problem(with reference: MustacheReference, in template: String, allowed: [String],
                        at range: SourceRange) -> Diagnostic? {
        let available = "available in this SMS: " + allowed.joined(separator: ", ")
        if reference.kind == .partial {
            return .error("'{{>\(reference.name)}}' includes another template, which SMS templates cannot do", at: range,
                          help: "write the text out in full")
        }
        if reference.isImplicitIterator {
            if reference.enclosingSections.isEmpty {
                return .error("'{{.}}' means nothing here", at: range, help: available)
            }
            return nil
        }
        let first = reference.path[0]
        guard allowed.contains(first) else {
            if RuleTemplateVariables.all.contains(where: { $0.name == first }) {
                return .error("'\(first)' is not available in the '\(template)' SMS", at: range, help: available)
            }
            if let best = Suggestions.closest(to: reference.name, among: allowed) {
                return .error("unknown variable '\(reference.name)' in the '\(template)' SMS", at: range,
                              help: "did you mean '\(best)'?")
            }
            return .error("unknown variable '\(reference.name)' in the '\(template)' SMS", at: range, help: available)
        }
        if reference.path.count > 1 {
            return .error("'\(first)' is a text and has no '\(reference.path[1])'", at: range, help: "write {{\(first)}}")
        }
        return nil
    }
}
