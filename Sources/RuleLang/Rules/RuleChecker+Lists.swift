/// Reading list values: weekdays (`days`), weekdays and dates (`closed`) and service
/// labels (`services`). When a list did not parse as a whole, its items are looked at
/// one by one so the caret lands on the bad one (`2025-02-30`, `"tue"`, `tues`).
extension RuleChecker {
    static let weekdayNames = RuleSet.Weekday.allCases.map(\.rawValue) + RuleSet.Weekday.frenchNames

    mutating func weekdays(_ value: RuleValue, datesAllowed: Bool, key: String) -> RuleSettingValue? {
        let expected = datesAllowed ? "expected a list of weekdays and dates like [mon, 2025-12-25]"
                                    : "expected a list of weekdays like [tue, wed, thu]"
        guard case .literal(.list(let items)) = given(value) else {
            switch given(value) {
            case .literal(.symbol(let name)) where RuleSet.Weekday(symbol: name) != nil:
                report(.error("\(expected), not a single day", at: value.range, help: "put it in brackets: [\(name)]"))
            case .literal(.date):
                report(.error("\(expected), not a single date", at: value.range, help: "put it in brackets: [\(text(of: value))]"))
            default:
                if !explainListItems(value, datesAllowed: datesAllowed, labels: false) {
                    report(.error(Self.expected(expected, not: given(value)), at: value.range))
                }
            }
            return nil
        }
        var days: [RuleSet.Weekday] = []
        var dates: [RuleSet.CalendarDate] = []
        var valid = true
        for item in items {
            switch item.kind {
            case .symbol(let name):
                guard let day = RuleSet.Weekday(symbol: name) else {
                    valid = false
                    report(.error("'\(name)' is not a weekday", at: item.range, help: Self.weekdayHelp(name)))
                    continue
                }
                if days.contains(day) {
                    report(.warning("\(day.rawValue) is listed twice", at: item.range, help: "remove '\(name)'"))
                } else {
                    days.append(day)
                }
            case .date(let year, let month, let day) where datesAllowed:
                let date = RuleSet.CalendarDate(year: year, month: month, day: day)
                guard date.isValid else {
                    valid = false
                    report(Self.invalidDate(date, at: item.range))
                    continue
                }
                if dates.contains(date) {
                    report(.warning("\(date) is listed twice", at: item.range, help: "remove one of them"))
                } else {
                    dates.append(date)
                }
            case .date:
                valid = false
                report(.error("'\(key)' takes weekdays, not dates", at: item.range,
                              help: "closed dates go in 'closed' in block 'slots'"))
            default:
                valid = false
                let what = Self.describe(.literal(item.kind))
                report(.error(datesAllowed ? "expected a weekday or a date, not \(what)" : "expected a weekday, not \(what)",
                              at: item.range))
            }
        }
        guard valid else { return nil }
        if datesAllowed { return .closedDays(weekdays: days.sorted(), dates: dates.sorted()) }
        if days.isEmpty {
            report(.warning("no days listed: this never takes place", at: value.range,
                            help: "list the days, like [tue, wed, thu], or remove the block"))
        }
        return .weekdays(days.sorted())
    }

    mutating func serviceLabels(_ value: RuleValue) -> RuleSettingValue? {
        var labels: [(String, SourceRange)] = []
        switch given(value) {
        case .literal(.list(let items)):
            for item in items {
                guard case .symbol(let name) = item.kind else {
                    report(.error("expected a service label, not \(Self.describe(.literal(item.kind)))", at: item.range))
                    return nil
                }
                labels.append((name, item.range))
            }
        case .expression(let expr) where Self.listElements(expr) != nil:
            // Quoted labels make the list CEL: `["dîner", lunch]` is not a rule literal.
            for element in Self.listElements(expr)! {
                switch element.kind {
                case .constant(.string(let name)): labels.append((name, element.range))
                case .identifier(let name): labels.append((name, element.range))
                default:
                    report(.error("expected a service label, not an expression", at: element.range))
                    return nil
                }
            }
        case .literal(.symbol(let name)):
            report(.error("expected a list of service labels, not a single name", at: value.range,
                          help: "put it in brackets: [\(name)]"))
            return nil
        default:
            if !explainListItems(value, datesAllowed: false, labels: true) {
                let accented = !text(of: value).unicodeScalars.allSatisfy(\.isASCII)
                report(.error(Self.expected("expected a list of service labels like [lunch, dinner]", not: given(value)),
                              at: value.range,
                              help: accented ? "labels with accents or spaces go in quotes, like [\"dîner\"]" : nil))
            }
            return nil
        }
        serviceReferences += labels
        return .labels(labels.map(\.0))
    }

    /// For a list that did not parse: reports what is wrong with its items. False when
    /// nothing specific was found (the caller then reports the whole value).
    private mutating func explainListItems(_ value: RuleValue, datesAllowed: Bool, labels: Bool) -> Bool {
        guard let items = LiteralTextReader.listItems(text(of: value), at: value.range.start) else { return false }
        // The parser's own report on an item (a date that does not exist) stands alone.
        var found = hasSyntaxError(in: value.range)
        for item in items where !hasSyntaxError(in: item.range) {
            var text = item.text
            let quoted = text.count >= 2 && (text.hasPrefix("\"") && text.hasSuffix("\"") || text.hasPrefix("'") && text.hasSuffix("'"))
            if quoted {
                text = String(text.dropFirst().dropLast())
                if labels { continue }
                found = true
                report(.error("expected a \(datesAllowed ? "weekday or a date" : "weekday"), not a string", at: item.range,
                              help: "remove the quotes: \(text)"))
                continue
            }
            if let date = LiteralTextReader.dateParts(text) {
                if !datesAllowed {
                    found = true
                    report(.error("expected a weekday, not a date", at: item.range))
                } else if !date.isValid {
                    found = true
                    report(Self.invalidDate(date, at: item.range))
                }
                continue
            }
            if labels { continue }
            if RuleSet.Weekday(symbol: text) == nil {
                found = true
                report(.error("'\(text)' is not a \(datesAllowed ? "weekday or a date" : "weekday")", at: item.range,
                              help: Self.weekdayHelp(text)))
            }
        }
        return found
    }

    static func listElements(_ expr: CELExpr) -> [CELExpr]? {
        if case .list(let elements) = expr.kind { return elements }
        return nil
    }

    static func weekdayHelp(_ name: String) -> String {
        Suggestions.didYouMean(name.lowercased(), among: weekdayNames)
            ?? "weekdays are mon tue wed thu fri sat sun (or lun mar mer jeu ven sam dim)"
    }

    static func invalidDate(_ date: RuleSet.CalendarDate, at range: SourceRange) -> Diagnostic {
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        if (1...12).contains(date.month) {
            let days = RuleSet.CalendarDate.daysIn(month: date.month, year: date.year)
            return .error("\(date) is not a real date", at: range, help: "\(months[date.month - 1]) \(date.year) has \(days) days")
        }
        return .error("\(date) is not a real date", at: range, help: "months go from 01 to 12")
    }
}
