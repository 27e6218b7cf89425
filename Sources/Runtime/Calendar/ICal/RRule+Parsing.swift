/// Reads the text of an `RRULE` (`FREQ=MONTHLY;BYDAY=-1FR;COUNT=6`) into an `RRule`,
/// enforcing the RFC 5545 section 3.3.10 constraints that make a rule meaningless when
/// broken (BYWEEKNO outside YEARLY, an ordinal BYDAY in a WEEKLY rule, COUNT with UNTIL).
import RuleLang

extension RRule {
    /// The rule part names RFC 5545 defines, for "did you mean" help.
    static let partNames = [
        "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY",
        "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST",
    ]

    /// Parses a rule. Part names and keywords are case-insensitive; a trailing `;` (seen
    /// from Google Calendar) is accepted.
    ///
    /// - Throws: `RRuleSyntaxError` locating the first bad part within `text`.
    public static func parse(_ text: String) throws(RRuleSyntaxError) -> RRule {
        var reader = RRulePartReader(text: text)
        var rule = RRule(frequency: .daily)
        var seen: [String: SourceRange] = [:]
        var frequencySeen = false
        while let part = try reader.next() {
            if seen[part.name] != nil {
                throw RRuleSyntaxError("\(part.name) appears twice in this rule", at: part.nameRange,
                                       help: "keep a single \(part.name)=...")
            }
            seen[part.name] = part.nameRange
            switch part.name {
            case "FREQ":
                guard let frequency = Frequency.allCases.first(where: { $0.keyword == part.value.uppercased() }) else {
                    throw RRuleSyntaxError(
                        "'\(part.value)' is not a frequency", at: part.valueRange,
                        help: Suggestions.didYouMean(part.value.uppercased(), among: Frequency.allCases.map(\.keyword))
                            ?? "use one of DAILY, WEEKLY, MONTHLY, YEARLY (or SECONDLY, MINUTELY, HOURLY)")
                }
                rule.frequency = frequency
                frequencySeen = true
            case "INTERVAL":
                rule.interval = try part.integer(in: 1...1_000_000, what: "INTERVAL")
            case "COUNT":
                rule.count = try part.integer(in: 1...10_000_000, what: "COUNT")
            case "UNTIL":
                rule.until = try part.until()
            case "BYSECOND": rule.bySecond = try part.integers(allowed: 0...60, negative: false, what: "BYSECOND")
            case "BYMINUTE": rule.byMinute = try part.integers(allowed: 0...59, negative: false, what: "BYMINUTE")
            case "BYHOUR": rule.byHour = try part.integers(allowed: 0...23, negative: false, what: "BYHOUR")
            case "BYMONTHDAY": rule.byMonthDay = try part.integers(allowed: 1...31, negative: true, what: "BYMONTHDAY")
            case "BYYEARDAY": rule.byYearDay = try part.integers(allowed: 1...366, negative: true, what: "BYYEARDAY")
            case "BYWEEKNO": rule.byWeekNo = try part.integers(allowed: 1...53, negative: true, what: "BYWEEKNO")
            case "BYMONTH": rule.byMonth = try part.integers(allowed: 1...12, negative: false, what: "BYMONTH")
            case "BYSETPOS": rule.bySetPos = try part.integers(allowed: 1...366, negative: true, what: "BYSETPOS")
            case "BYDAY": rule.byDay = try part.weekdayRules()
            case "WKST":
                guard let day = Weekday(code: part.value) else {
                    throw RRuleSyntaxError("'\(part.value)' is not a day of the week", at: part.valueRange,
                                           help: "use MO, TU, WE, TH, FR, SA or SU")
                }
                rule.weekStart = day
            case "RSCALE", "SKIP":
                throw RRuleSyntaxError("\(part.name) (RFC 7529 non-Gregorian calendars) is not supported",
                                       at: part.nameRange, help: "remove \(part.name)=...")
            default:
                throw RRuleSyntaxError(
                    "unknown rule part '\(part.name)'", at: part.nameRange,
                    help: Suggestions.didYouMean(part.name, among: partNames)
                        ?? "rule parts are FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH, ...")
            }
        }
        guard frequencySeen else {
            throw RRuleSyntaxError("this rule has no FREQ", at: SourceRange(start: 0, end: text.utf8.count),
                                   help: "start the rule with FREQ=DAILY, FREQ=WEEKLY, FREQ=MONTHLY or FREQ=YEARLY")
        }
        try rule.checkCombinations(seen)
        return rule
    }

    /// The "MUST NOT" rules of RFC 5545 section 3.3.10 about which parts go together.
    private func checkCombinations(_ seen: [String: SourceRange]) throws(RRuleSyntaxError) {
        if let countRange = seen["COUNT"], seen["UNTIL"] != nil {
            throw RRuleSyntaxError("a rule cannot have both COUNT and UNTIL", at: countRange,
                                   help: "keep COUNT (how many times) or UNTIL (up to a date), not both")
        }
        if let range = seen["BYWEEKNO"], frequency != .yearly {
            throw RRuleSyntaxError("BYWEEKNO only works with FREQ=YEARLY", at: range,
                                   help: "use FREQ=YEARLY, or remove BYWEEKNO")
        }
        if let range = seen["BYYEARDAY"], [.daily, .weekly, .monthly].contains(frequency) {
            throw RRuleSyntaxError("BYYEARDAY does not work with FREQ=\(frequency.keyword)", at: range,
                                   help: "use FREQ=YEARLY, or remove BYYEARDAY")
        }
        if let range = seen["BYMONTHDAY"], frequency == .weekly {
            throw RRuleSyntaxError("BYMONTHDAY does not work with FREQ=WEEKLY", at: range,
                                   help: "use FREQ=MONTHLY for days of the month")
        }
        if let range = seen["BYDAY"], byDay.contains(where: { $0.ordinal != 0 }) {
            if frequency != .monthly && frequency != .yearly {
                throw RRuleSyntaxError("a numbered BYDAY such as '1MO' needs FREQ=MONTHLY or FREQ=YEARLY", at: range,
                                       help: "remove the number (BYDAY=MO) or use FREQ=MONTHLY")
            }
            if frequency == .yearly && !byWeekNo.isEmpty {
                throw RRuleSyntaxError("a numbered BYDAY such as '1MO' cannot be combined with BYWEEKNO", at: range,
                                       help: "remove the number (BYDAY=MO)")
            }
        }
        if let range = seen["BYSETPOS"] {
            let others = ["BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH"]
            if !others.contains(where: { seen[$0] != nil }) {
                throw RRuleSyntaxError("BYSETPOS needs another BY... part to pick from", at: range,
                                       help: "e.g. BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1 for the last weekday")
            }
        }
    }
}

/// One `NAME=VALUE` part of a rule, with byte ranges inside the rule text.
struct RRulePart {
    var name: String
    var value: String
    var nameRange: SourceRange
    var valueRange: SourceRange

    /// A single integer in `allowed`.
    func integer(in allowed: ClosedRange<Int>, what: String) throws(RRuleSyntaxError) -> Int {
        guard let number = Int(value), allowed.contains(number) else {
            throw RRuleSyntaxError("\(what) must be a whole number from \(allowed.lowerBound) to \(allowed.upperBound), not '\(value)'",
                                   at: valueRange)
        }
        return number
    }

    /// A comma-separated list of integers whose magnitude is in `allowed`, negative
    /// values counting from the end when `negative`.
    func integers(allowed: ClosedRange<Int>, negative: Bool, what: String) throws(RRuleSyntaxError) -> [Int] {
        var numbers: [Int] = []
        for item in items() {
            let text = item.text.hasPrefix("+") ? String(item.text.dropFirst()) : item.text
            guard let number = Int(text), allowed.contains(abs(number)), negative || number >= 0 else {
                let range = negative
                    ? "\(allowed.lowerBound) to \(allowed.upperBound) or -\(allowed.upperBound) to -\(allowed.lowerBound)"
                    : "\(allowed.lowerBound) to \(allowed.upperBound)"
                throw RRuleSyntaxError("\(what) value '\(item.text)' is out of range: use \(range)", at: item.range)
            }
            if !numbers.contains(number) { numbers.append(number) }
        }
        return numbers
    }

    /// `BYDAY=MO,-1SU,2TH`.
    func weekdayRules() throws(RRuleSyntaxError) -> [RRule.WeekdayRule] {
        var rules: [RRule.WeekdayRule] = []
        for item in items() {
            let trimmed = item.text.trimmingSpaces
            let codeText = String(trimmed.suffix(2))
            let ordinalText = String(trimmed.dropLast(2)).trimmingSpaces
            guard let weekday = RRule.Weekday(code: codeText) else {
                throw RRuleSyntaxError("'\(item.text)' is not a day of the week", at: item.range,
                                       help: "use MO, TU, WE, TH, FR, SA or SU, optionally numbered as in 1MO or -1SU")
            }
            var ordinal = 0
            if !ordinalText.isEmpty {
                let digits = ordinalText.hasPrefix("+") ? String(ordinalText.dropFirst()) : ordinalText
                guard let number = Int(digits), number != 0, abs(number) <= 53 else {
                    throw RRuleSyntaxError("'\(item.text)' has a bad number before the day: use 1 to 53 or -1 to -53",
                                           at: item.range)
                }
                ordinal = number
            }
            let rule = RRule.WeekdayRule(ordinal: ordinal, weekday: weekday)
            if !rules.contains(rule) { rules.append(rule) }
        }
        return rules
    }

    /// `UNTIL=20250630T220000Z`, `UNTIL=20250630T235959` or `UNTIL=20250630`.
    func until() throws(RRuleSyntaxError) -> RRule.Until {
        switch ICalDateText.parse(value) {
        case .success(let parsed):
            return RRule.Until(time: parsed.time, isUTC: parsed.isUTC, isDate: parsed.isDate)
        case .failure(let problem):
            throw RRuleSyntaxError("UNTIL '\(value)' \(problem.phrase)", at: valueRange, help: problem.help)
        }
    }

    /// The comma-separated items of the value with their ranges.
    func items() -> [(text: String, range: SourceRange)] {
        var result: [(String, SourceRange)] = []
        var offset = valueRange.start
        for piece in value.split(separator: ",", omittingEmptySubsequences: false) {
            let length = piece.utf8.count
            result.append((String(piece), SourceRange(start: offset, end: offset + length)))
            offset += length + 1
        }
        return result
    }
}

/// Splits a rule into its `;`-separated parts, keeping byte offsets.
struct RRulePartReader {
    let bytes: [UInt8]
    var offset = 0

    init(text: String) { bytes = Array(text.utf8) }

    mutating func next() throws(RRuleSyntaxError) -> RRulePart? {
        while offset < bytes.count {
            let start = offset
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: ";") { end += 1 }
            offset = end + 1
            if end == start { continue } // empty part: ";;" or a trailing ";"
            guard let equals = bytes[start..<end].firstIndex(of: UInt8(ascii: "=")) else {
                let text = String(decoding: bytes[start..<end], as: UTF8.self)
                throw RRuleSyntaxError("expected NAME=VALUE, found '\(text)'", at: SourceRange(start: start, end: end),
                                       help: "rule parts look like FREQ=WEEKLY or BYDAY=MO,WE")
            }
            let name = String(decoding: bytes[start..<equals], as: UTF8.self).trimmingSpaces.uppercased()
            let value = String(decoding: bytes[(equals + 1)..<end], as: UTF8.self)
            let valueRange = SourceRange(start: equals + 1, end: end)
            if value.isEmpty {
                throw RRuleSyntaxError("\(name) has no value", at: SourceRange(start: start, end: end))
            }
            return RRulePart(name: name, value: value, nameRange: SourceRange(start: start, end: equals),
                             valueRange: valueRange)
        }
        return nil
    }
}

extension String {
    /// Without leading and trailing spaces and tabs (Outlook writes `BYDAY=MO, FR`).
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
