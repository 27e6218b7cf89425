/// Collects the properties of one VEVENT, reads each value (dates, durations, rules,
/// TEXT, SpeedAI extensions) with located errors, then checks the event as a whole:
/// a DTSTART, at most one of DTEND and DURATION, an end after the start, and a
/// recurrence rule that produces at least one occurrence.
import RuleLang

struct ICalEventBuilder {
    private let begin: ICalContentLine
    private var diagnostics: [Diagnostic] = []
    private var seen: [String: ICalContentLine] = [:]
    private var uid: String?
    private var start: ICalDateTime?
    private var end: ICalDateTime?
    private var duration: ICalDuration?
    private var rule: RRule?
    private var extraDates: [ICalEvent.ExtraDate] = []
    private var exceptionDates: [ICalDateTime] = []
    private var recurrenceID: ICalDateTime?
    private var isCancelled = false
    private var summary: String?
    private var party: Int?
    private var resource: String?
    private var isTransparent = false
    /// A line of this event could not be read; it may have been the DTSTART, so its
    /// absence is not reported again.
    private var lostALine = false

    /// Properties that may appear once per event.
    private static let singleValued: Set<String> = [
        "UID", "DTSTART", "DTEND", "DURATION", "RRULE", "RECURRENCE-ID", "STATUS", "SUMMARY",
        "X-SPEEDAI-PARTY", "X-SPEEDAI-RESOURCE", "TRANSP",
    ]

    init(begin: ICalContentLine) { self.begin = begin }

    mutating func noteUnreadableLine() { lostALine = true }

    mutating func add(_ line: ICalContentLine) {
        if Self.singleValued.contains(line.name) {
            if let first = seen[line.name] {
                diagnostics.append(.error("\(line.name) appears twice in this event (first on line \(first.line))",
                                          at: line.nameRange, help: "keep a single \(line.name)"))
                return
            }
            seen[line.name] = line
        }
        switch line.name {
        case "UID":
            let text = ICalText.unescape(line.value).trimmingSpaces
            if text.isEmpty {
                diagnostics.append(.error("UID is empty", at: line.nameRange, help: "give the event a unique identifier"))
            } else {
                uid = text
            }
        case "DTSTART": start = dateTime(line.value, in: line, at: line.valueRange)
        case "DTEND": end = dateTime(line.value, in: line, at: line.valueRange)
        case "DURATION": duration = readDuration(line)
        case "RRULE": rule = readRule(line)
        case "RDATE": readExtraDates(line)
        case "EXDATE":
            for item in items(of: line) {
                if let date = dateTime(item.text, in: line, at: item.range) { exceptionDates.append(date) }
            }
        case "RECURRENCE-ID":
            recurrenceID = dateTime(line.value, in: line, at: line.valueRange)
            if line.parameter("RANGE")?.uppercased() == "THISANDFUTURE" {
                diagnostics.append(.warning("RANGE=THISANDFUTURE is not supported: only this one occurrence is changed",
                                            at: line.nameRange, help: "split the series into two events instead"))
            }
        case "STATUS": readStatus(line)
        case "SUMMARY": summary = ICalText.unescape(line.value)
        case "X-SPEEDAI-PARTY":
            let text = line.value.trimmingSpaces
            if let number = Int(text), (1...10_000).contains(number) {
                party = number
            } else {
                diagnostics.append(.error("X-SPEEDAI-PARTY must be a number of people (1 or more), not '\(text)'",
                                          at: line.valueRange, help: "e.g. X-SPEEDAI-PARTY:4"))
            }
        case "TRANSP": isTransparent = line.value.trimmingSpaces.uppercased() == "TRANSPARENT"
        case "X-SPEEDAI-RESOURCE":
            let text = ICalText.unescape(line.value).trimmingSpaces
            resource = text.isEmpty ? nil : text
        default:
            break // Other properties (DESCRIPTION, LOCATION, ORGANIZER...) do not affect bookings.
        }
    }

    /// The event, or nil with errors when it cannot be used.
    func build() -> (ICalEvent?, [Diagnostic]) {
        var problems = diagnostics
        let eventRange = begin.nameRange.union(begin.valueRange)
        guard let start else {
            if seen["DTSTART"] == nil && !lostALine {
                problems.append(.error("this event has no DTSTART", at: eventRange,
                                       help: "add a start such as DTSTART;TZID=Europe/Paris:20250118T193000"))
            }
            return (nil, problems)
        }
        let length = checkedLength(start: start, problems: &problems)
        if let rule, let line = seen["RRULE"] {
            checkRule(rule, start: start, line: line, problems: &problems)
        }
        var resolvedUID = uid ?? ""
        if uid == nil && seen["UID"] == nil {
            resolvedUID = "line-\(begin.line)"
            problems.append(.warning("this event has no UID; it is called '\(resolvedUID)'", at: eventRange,
                                     help: "add a UID line so changes to the event can be matched"))
        }
        guard !problems.contains(where: { $0.severity == .error }), let length else { return (nil, problems) }
        let event = ICalEvent(
            uid: resolvedUID, start: start, length: length, rule: recurrenceID == nil ? rule : nil,
            extraDates: extraDates, exceptionDates: exceptionDates, recurrenceID: recurrenceID,
            isCancelled: isCancelled, summary: summary, party: party, resource: resource, range: eventRange,
            isTransparent: isTransparent)
        return (event, problems)
    }

    private func checkedLength(start: ICalDateTime, problems: inout [Diagnostic]) -> ICalEvent.Length? {
        if let durationLine = seen["DURATION"], seen["DTEND"] != nil {
            problems.append(.error("an event cannot have both DTEND and DURATION", at: durationLine.nameRange,
                                   help: "keep DTEND (when it ends) or DURATION (how long), not both"))
            return nil
        }
        if let end, let line = seen["DTEND"] {
            if start.isDate != end.isDate {
                problems.append(.error(start.isDate ? "DTEND must be a date, like DTSTART" : "DTEND must have a time of day, like DTSTART",
                                       at: line.valueRange,
                                       help: start.isDate ? "write DTEND;VALUE=DATE:YYYYMMDD (the day after the last day)" : nil))
                return nil
            }
            // Both read on the same clock for the comparison; mixed zones are rare and exact enough here.
            let startInstant = start.instant(defaultZone: ICalTimeForm.utcZone)
            let endInstant = end.instant(defaultZone: ICalTimeForm.utcZone)
            if endInstant < startInstant || (start.isDate && endInstant == startInstant) {
                problems.append(.error("DTEND is before DTSTART", at: line.valueRange,
                                       help: start.isDate ? "for an all-day event DTEND is the day after the last day" : "an event must end after it starts"))
                return nil
            }
            return .end(end)
        }
        if let duration, let line = seen["DURATION"] {
            if duration.isNegative {
                problems.append(.error("DURATION \(duration) is negative", at: line.valueRange,
                                       help: "an event lasts a positive time, e.g. PT1H30M"))
                return nil
            }
            return .duration(duration)
        }
        return seen["DTEND"] != nil || seen["DURATION"] != nil ? nil : .implied
    }

    private func checkRule(_ rule: RRule, start: ICalDateTime, line: ICalContentLine, problems: inout [Diagnostic]) {
        if start.isDate && rule.frequency < .daily {
            problems.append(.error("FREQ=\(rule.frequency.keyword) needs a DTSTART with a time of day, not an all-day date",
                                   at: line.valueRange, help: "use FREQ=DAILY or longer for all-day events"))
            return
        }
        let zone = start.form.zone(default: ICalTimeForm.utcZone)
        let expander = RRuleExpander(rule: rule, start: start.local, dateOnly: start.isDate,
                                     until: rule.until?.wallClockLimit(in: zone))
        let first = expander.expand(limit: 1)
        if first.starts.isEmpty && first.reachedIterationLimit {
            problems.append(.error(
                "this RRULE produces no occurrence in the first \(RRuleExpander.iterationLimit.groupedWithSpaces) iterations",
                at: line.valueRange,
                help: "check its BYMONTH, BYMONTHDAY and BYDAY parts: for instance no month has a 32nd day and February never has a 30th"))
        }
    }

    // MARK: Values

    private mutating func dateTime(_ text: String, in line: ICalContentLine, at range: SourceRange) -> ICalDateTime? {
        let written = text.trimmingSpaces
        // The zone first, so a bad TZID is reported even when the date is bad too.
        var zone: ZoneConverter?
        if let tzid = line.parameter("TZID") {
            zone = ICalTimeZoneNames.resolve(tzid)
            if zone == nil {
                let parameterRange = line.parameters.first(where: { $0.name == "TZID" })?.range ?? line.nameRange
                diagnostics.append(.error("unknown time zone '\(tzid)'", at: parameterRange, help: ICalTimeZoneNames.help(for: tzid)))
            }
        }
        let parsed: ICalDateText
        switch ICalDateText.parse(written) {
        case .success(let value): parsed = value
        case .failure(let problem):
            diagnostics.append(.error("\(line.name) '\(written)' \(problem.phrase)", at: range, help: problem.help))
            return nil
        }
        switch line.parameter("VALUE")?.uppercased() {
        case "DATE" where !parsed.isDate:
            diagnostics.append(.error("\(line.name) says VALUE=DATE but '\(written)' has a time of day", at: range,
                                      help: "write just the date (YYYYMMDD), or remove ;VALUE=DATE"))
            return nil
        case "DATE-TIME" where parsed.isDate:
            diagnostics.append(.error("\(line.name) says VALUE=DATE-TIME but '\(written)' has no time of day", at: range,
                                      help: "write the time too (YYYYMMDDTHHMMSS), or use ;VALUE=DATE"))
            return nil
        default: break
        }
        if parsed.isDate { return ICalDateTime(local: parsed.time, form: .floating, isDate: true) }
        if parsed.isUTC { return ICalDateTime(local: parsed.time, form: .utc) }
        guard line.parameter("TZID") != nil else { return ICalDateTime(local: parsed.time, form: .floating) }
        guard let zone else { return nil }
        return ICalDateTime(local: parsed.time, form: .zoned(zone))
    }

    private mutating func readDuration(_ line: ICalContentLine) -> ICalDuration? {
        let text = line.value.trimmingSpaces
        switch ICalDuration.parse(text) {
        case .success(let duration): return duration
        case .failure(let problem):
            diagnostics.append(.error("DURATION '\(text)' \(problem.phrase)", at: line.valueRange, help: ICalDurationError.help))
            return nil
        }
    }

    private mutating func readRule(_ line: ICalContentLine) -> RRule? {
        do {
            return try RRule.parse(line.value)
        } catch {
            diagnostics.append(.error("RRULE: \(error.message)", at: line.fileRange(ofValueBytes: error.range), help: error.help))
            return nil
        }
    }

    private mutating func readExtraDates(_ line: ICalContentLine) {
        let isPeriod = line.parameter("VALUE")?.uppercased() == "PERIOD"
        for item in items(of: line) {
            guard isPeriod || item.text.contains("/") else {
                if let date = dateTime(item.text, in: line, at: item.range) { extraDates.append(.init(start: date)) }
                continue
            }
            let pieces = item.text.split(separator: "/", maxSplits: 1).map(String.init)
            guard pieces.count == 2 else {
                diagnostics.append(.error("RDATE period '\(item.text)' needs a start and an end or duration", at: item.range,
                                          help: "write it as 20250118T190000Z/20250118T210000Z or 20250118T190000Z/PT2H"))
                continue
            }
            var periodLine = line
            periodLine.parameters.removeAll { $0.name == "VALUE" }
            guard let start = dateTime(pieces[0], in: periodLine, at: item.range) else { continue }
            if pieces[1].uppercased().contains("P") {
                switch ICalDuration.parse(pieces[1]) {
                case .success(let duration) where !duration.isNegative:
                    extraDates.append(.init(start: start, duration: duration))
                default:
                    diagnostics.append(.error("RDATE period '\(item.text)' has a bad duration", at: item.range, help: ICalDurationError.help))
                }
            } else if let end = dateTime(pieces[1], in: periodLine, at: item.range) {
                extraDates.append(.init(start: start, end: end))
            }
        }
    }

    private mutating func readStatus(_ line: ICalContentLine) {
        let status = line.value.trimmingSpaces.uppercased()
        switch status {
        case "CANCELLED": isCancelled = true
        case "CANCELED":
            isCancelled = true
            diagnostics.append(.warning("STATUS is spelled CANCELLED in iCalendar; 'CANCELED' is read as cancelled",
                                        at: line.valueRange))
        case "CONFIRMED", "TENTATIVE", "": break
        default:
            diagnostics.append(.warning("unknown STATUS '\(line.value.trimmingSpaces)'; the event is treated as confirmed",
                                        at: line.valueRange,
                                        help: Suggestions.didYouMean(status, among: ["CONFIRMED", "TENTATIVE", "CANCELLED"])))
        }
    }

    /// The comma-separated items of a value (EXDATE, RDATE), with file ranges.
    private func items(of line: ICalContentLine) -> [(text: String, range: SourceRange)] {
        var result: [(String, SourceRange)] = []
        var offset = 0
        for piece in line.value.split(separator: ",", omittingEmptySubsequences: false) {
            let length = piece.utf8.count
            if !String(piece).trimmingSpaces.isEmpty {
                result.append((String(piece), line.fileRange(ofValueBytes: SourceRange(start: offset, end: offset + length))))
            }
            offset += length + 1
        }
        return result
    }
}

extension Int {
    /// `10 000`: thousands separated by a space, as French readers expect.
    var groupedWithSpaces: String {
        let digits = String(Swift.abs(self))
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return (self < 0 ? "-" : "") + groups.joined(separator: " ")
    }
}
