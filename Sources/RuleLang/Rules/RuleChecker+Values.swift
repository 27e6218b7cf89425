import Foundation

/// Reading plain (non-CEL, non-list) values: durations, numbers, booleans, strings with
/// their formats (ids, URLs, time zones), time ranges and enum symbols. Each mismatch
/// says what was expected, what was given, and how to fix it ("remove the quotes").
extension RuleChecker {
    /// What a value turned out to be, to say "expected X, not Y".
    enum Given {
        case literal(RuleLiteral.Kind)
        case constant(CELConstant)
        case expression(CELExpr)
        /// Neither a literal nor valid CEL.
        case unreadable
    }

    func given(_ value: RuleValue) -> Given {
        if let literal = value.literal { return .literal(literal.kind) }
        if let expr = value.expression {
            if case .constant(let constant) = expr.kind { return .constant(constant) }
            return .expression(expr)
        }
        return .unreadable
    }

    /// "a string", "a number", ... for messages.
    static func describe(_ given: Given) -> String {
        switch given {
        case .literal(let kind):
            switch kind {
            case .duration: return "a duration"
            case .timeOfDay: return "a time of day"
            case .date: return "a date"
            case .timeRange: return "a time range"
            case .symbol(let name): return "the name '\(name)'"
            case .list: return "a list"
            }
        case .constant(let constant):
            switch constant {
            case .string: return "a string"
            case .int, .uint, .double: return "a number"
            case .bool(let value): return value ? "true" : "false"
            case .null: return "null"
            case .bytes: return "bytes"
            }
        case .expression: return "an expression"
        case .unreadable: return "this"
        }
    }

    /// Whether the parser reported a problem inside `range`.
    func hasSyntaxError(in range: SourceRange) -> Bool {
        file.diagnostics.contains { $0.range.start >= range.start && $0.range.start <= range.end }
    }

    /// "expected X, not Y", or just "expected X" when the value could not be read at all.
    static func expected(_ expected: String, not given: Given) -> String {
        if case .unreadable = given { return expected }
        return "\(expected), not \(describe(given))"
    }

    /// The value's text as written.
    func text(of value: RuleValue) -> String { source.text(in: value.range) }

    /// Reads a setting's value according to its key's type; nil (with a diagnostic) when it does not fit.
    mutating func checkValue(_ setting: RuleSetting, _ key: KeySchema, path: [String]) -> RuleSettingValue? {
        let value = setting.value
        // The parser already explained why this value could not be read (`19:75`, `15 min`).
        if value.literal == nil, value.expression == nil, hasSyntaxError(in: value.range) { return nil }
        switch key.type {
        case .duration(let min, let max):
            guard case .literal(.duration(let ms)) = given(value) else {
                durationMismatch(value)
                return nil
            }
            return checkBounds(ms, min: min, max: max, key: key.name, at: value.range, format: RuleValueText.duration)
                ? .duration(ms) : nil
        case .integer(let min, let max):
            return integer(value, min: min, max: max, key: key.name)
        case .number(let min):
            return number(value, min: min, key: key.name)
        case .boolean:
            return boolean(value)
        case .text(let format):
            return text(value, format: format, key: key.name)
        case .timeRange(let crossesMidnight):
            return timeRange(value, allowNone: false, crossesMidnight: crossesMidnight, key: key.name)
        case .timeRangeOrNone:
            return timeRange(value, allowNone: true, crossesMidnight: true, key: key.name)
        case .choice(let options):
            return choice(value, options: options, key: key.name)
        case .weekdays:
            return weekdays(value, datesAllowed: false, key: key.name)
        case .weekdaysAndDates:
            return weekdays(value, datesAllowed: true, key: key.name)
        case .serviceLabels:
            return serviceLabels(value)
        case .condition, .sortKey, .durationOrExpression, .boostAmount:
            return expressionValue(value, type: key.type, key: key.name)
        case .template(let variables):
            return template(value, variables: variables, name: key.name)
        }
    }

    // MARK: - Durations and numbers

    mutating func durationMismatch(_ value: RuleValue) {
        let expected = "expected a duration like 15m"
        switch given(value) {
        case .constant(.string(let text)):
            let help = LiteralTextReader.duration(text) != nil ? "remove the quotes: \(text)" : "remove the quotes and write a duration like 15m or 1h30m"
            report(.error("\(expected), not a string", at: value.range, help: help))
        case .constant(.int(let number)):
            report(.error("\(expected), not a number", at: value.range,
                          help: "add a unit: \(number)m for minutes, \(number)s for seconds (units: d, h, m, s, ms)"))
        case .constant(.uint), .constant(.double):
            report(.error("\(expected), not a number", at: value.range,
                          help: "use whole numbers with units, like 1h30m for an hour and a half"))
        case .unreadable:
            report(.error("'\(text(of: value))' is not a valid duration", at: value.range,
                          help: "write a number and a unit (d, h, m, s or ms), largest unit first, like 15m or 1h30m"))
        case let other:
            report(.error(Self.expected(expected, not: other), at: value.range))
        }
    }

    /// Reports a value outside `min...max`; true when inside.
    mutating func checkBounds<T: Comparable>(_ value: T, min: T?, max: T?, key: String, at range: SourceRange,
                                             format: (T) -> String) -> Bool {
        let tooSmall = min.map { value < $0 } ?? false
        let tooLarge = max.map { value > $0 } ?? false
        guard tooSmall || tooLarge else { return true }
        let message: String
        switch (min, max) {
        case (let min?, let max?): message = "'\(key)' must be between \(format(min)) and \(format(max)), not \(format(value))"
        case (let min?, nil): message = "'\(key)' must be at least \(format(min)), not \(format(value))"
        case (nil, let max?): message = "'\(key)' must be at most \(format(max)), not \(format(value))"
        case (nil, nil): return true
        }
        report(.error(message, at: range))
        return false
    }

    private mutating func integer(_ value: RuleValue, min: Int64?, max: Int64?, key: String) -> RuleSettingValue? {
        var number: Int64?
        switch given(value) {
        case .constant(.int(let n)): number = n
        case .constant(.uint(let n)): number = n <= UInt64(Int64.max) ? Int64(n) : Int64.max
        case .constant(.double(let d)):
            let help = d.isFinite && abs(d) < 1e15 ? "write \(Int64(d.rounded()))" : nil
            report(.error("'\(key)' must be a whole number, not \(RuleValueText.number(d))", at: value.range, help: help))
        case .constant(.string(let text)):
            report(.error("expected a number, not a string", at: value.range,
                          help: Int64(text) != nil ? "remove the quotes: \(text)" : nil))
        case .unreadable:
            report(.error("'\(text(of: value))' is not a number", at: value.range, help: "write a whole number such as 4"))
        case let other:
            report(.error(Self.expected("expected a whole number", not: other), at: value.range))
        }
        guard let number else { return nil }
        return checkBounds(number, min: min, max: max, key: key, at: value.range, format: { "\($0)" }) ? .integer(number) : nil
    }

    private mutating func number(_ value: RuleValue, min: Double?, key: String) -> RuleSettingValue? {
        var number: Double?
        switch given(value) {
        case .constant(.int(let n)): number = Double(n)
        case .constant(.uint(let n)): number = Double(n)
        case .constant(.double(let d)) where d.isFinite: number = d
        case .constant(.string(let text)):
            report(.error("expected a number, not a string", at: value.range,
                          help: Double(text) != nil ? "remove the quotes: \(text)" : nil))
        case .unreadable:
            report(.error("'\(text(of: value))' is not a number", at: value.range, help: "write a number such as 2 or 1.5"))
        case let other:
            report(.error(Self.expected("expected a number", not: other), at: value.range))
        }
        guard let number else { return nil }
        return checkBounds(number, min: min, max: nil, key: key, at: value.range, format: RuleValueText.number)
            ? .number(number) : nil
    }

    private mutating func boolean(_ value: RuleValue) -> RuleSettingValue? {
        switch given(value) {
        case .constant(.bool(let flag)):
            return .boolean(flag)
        case .constant(.string(let text)):
            report(.error("expected true or false, not a string", at: value.range,
                          help: ["true", "false"].contains(text) ? "remove the quotes: \(text)" : nil))
        case .literal(.symbol(let name)):
            let yes = ["yes", "oui", "vrai", "on", "True", "TRUE"].contains(name)
            let no = ["no", "non", "faux", "off", "False", "FALSE"].contains(name)
            report(.error("expected true or false, not '\(name)'", at: value.range,
                          help: yes ? "write true" : no ? "write false" : nil))
        case let other:
            report(.error(Self.expected("expected true or false", not: other), at: value.range))
        }
        return nil
    }

    // MARK: - Text

    private mutating func text(_ value: RuleValue, format: RuleValueType.TextFormat, key: String) -> RuleSettingValue? {
        guard case .constant(.string(let decoded)) = given(value) else {
            let written = text(of: value)
            let help = written.contains("\n") || written.contains("\"") ? "write the text between double quotes" : "add quotes: \"\(written)\""
            switch given(value) {
            case .expression, .unreadable, .literal(.symbol):
                report(.error("expected a text in double quotes", at: value.range, help: help))
            case let other:
                report(.error(Self.expected("expected a text in double quotes", not: other), at: value.range, help: help))
            }
            return nil
        }
        let text = QuotedText.read(source, range: value.range, decoded: decoded).text
        switch format {
        case .plain:
            return .text(text)
        case .identifier:
            let allowed = text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
            guard allowed, !text.isEmpty else {
                report(.error("'\(text)' is not a valid id: use only lower-case letters a-z, digits, '_' and '-'",
                              at: value.range, help: Self.slug(text).map { "for example \"\($0)\"" }))
                return nil
            }
            return .text(text)
        case .url:
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = url.host, !host.isEmpty, !text.contains(" ") else {
                report(.error("'\(text)' is not a web address", at: value.range,
                              help: "write a full address starting with https://, like \"https://www.example.fr/logo.png\""))
                return nil
            }
            return .text(text)
        case .timeZone:
            guard TimeZone(identifier: text) != nil else {
                report(.error("unknown time zone '\(text)'", at: value.range, help: Self.timeZoneHelp(text)))
                return nil
            }
            return .text(text)
        }
    }

    /// A did-you-mean over the IANA names, also matching a bare city (`Paris`).
    static func timeZoneHelp(_ name: String) -> String {
        let known = TimeZone.knownTimeZoneIdentifiers
        if let best = Suggestions.closest(to: name, among: known) { return "did you mean '\(best)'?" }
        let city = name.split(separator: "/").last.map(String.init) ?? name
        if let match = known.first(where: { $0.lowercased().hasSuffix("/" + city.lowercased().replacingOccurrences(of: " ", with: "_")) }) {
            return "did you mean '\(match)'?"
        }
        return "use an IANA time zone name such as \"Europe/Paris\""
    }

    /// A plausible id from a display name: `Le Bistrot` → `le-bistrot`.
    static func slug(_ text: String) -> String? {
        let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var slug = ""
        for scalar in folded.unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_" {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? nil : slug
    }

    // MARK: - Times and symbols

    private mutating func timeRange(_ value: RuleValue, allowNone: Bool, crossesMidnight: Bool, key: String) -> RuleSettingValue? {
        let example = allowNone ? "22:00-08:00" : "12:00-14:30"
        let expected = allowNone ? "expected a time range like \(example), or none" : "expected a time range like \(example)"
        switch given(value) {
        case .literal(.timeRange(let from, let to)):
            let range = RuleSet.TimeRange(start: from, end: to)
            if from == to {
                report(.error("this time range is empty: it ends when it starts", at: value.range,
                              help: allowNone ? "write none for no quiet hours" : nil))
                return nil
            }
            if range.crossesMidnight, !crossesMidnight, to != 0 {
                report(.error("a service cannot cross midnight (\(range))", at: value.range,
                              help: "end it at 24:00 at the latest, or split it into two services"))
                return nil
            }
            // `19:00-00:00` means until midnight: store it as 24:00.
            if !crossesMidnight, to == 0 { return .timeRange(RuleSet.TimeRange(start: from, end: 1440)) }
            return .timeRange(range)
        case .literal(.symbol("none")) where allowNone:
            return RuleSettingValue.none
        case .literal(.symbol(let name)) where allowNone:
            report(.error("\(expected), not '\(name)'", at: value.range, help: Suggestions.didYouMean(name, among: ["none"])))
        case .literal(.timeOfDay(let minutes)):
            report(.error("\(expected), not a single time", at: value.range,
                          help: "add the end time: \(RuleSet.TimeRange.clock(minutes))-..."))
        case .constant(.string(let text)):
            let help = LiteralTextReader.timeRange(text) != nil || (allowNone && text == "none") ? "remove the quotes: \(text)" : nil
            report(.error("\(expected), not a string", at: value.range, help: help))
        case .unreadable:
            report(.error("'\(text(of: value))' is not a valid time range", at: value.range,
                          help: "write two times of day from 00:00 to 24:00, like \(example)"))
        case let other:
            report(.error(Self.expected(expected, not: other), at: value.range))
        }
        return nil
    }

    private mutating func choice(_ value: RuleValue, options: [String], key: String) -> RuleSettingValue? {
        let list = options.joined(separator: ", ")
        switch given(value) {
        case .literal(.symbol(let name)) where options.contains(name):
            return .choice(name)
        case .literal(.symbol(let name)):
            report(.error("unknown \(key) '\(name)'", at: value.range,
                          help: Suggestions.didYouMean(name, among: options) ?? "choose one of: \(list)"))
        case .constant(.string(let text)):
            report(.error("expected one of \(list), not a string", at: value.range,
                          help: options.contains(text) ? "remove the quotes: \(text)" : nil))
        case let other:
            report(.error(Self.expected("expected one of \(list)", not: other), at: value.range))
        }
        return nil
    }
}
