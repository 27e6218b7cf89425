/// Reads the rule language's own literals — durations (`1h30m`), times of day (`19:30`),
/// dates (`2025-12-24`), time ranges (`12:00-14:30`), symbols (`tue`) and lists of those —
/// at a given offset of a file.
///
/// Three outcomes, because a value is also read as CEL: text that is clearly not a rule
/// literal (`entry.visits >= 5`, `"text"`, `42`) is `notALiteral` and left to CEL without
/// a word; text that is shaped like a literal but wrong (`19:75`, `2025-02-30`, `15mins`,
/// `30m1h`) is `invalid` with a diagnostic written for the establishment admin.
enum RuleLiteralParser {
    enum Outcome: Sendable, Equatable {
        /// A literal; its range ends where the literal ends (text may follow).
        case literal(RuleLiteral)
        /// Looks like a literal but is not a valid one.
        case invalid(Diagnostic)
        /// Not a rule literal; CEL may make sense of it.
        case notALiteral
    }

    /// Reads one literal (or list) starting at `start`, never looking at or past `limit`.
    static func parse(_ bytes: [UInt8], start: Int, limit: Int) -> Outcome {
        let reader = Reader(bytes: bytes, limit: min(limit, bytes.count))
        guard start < reader.limit else { return .notALiteral }
        if bytes[start] == UInt8(ascii: "[") { return reader.list(at: start) }
        return reader.element(at: start)
    }

    /// Convenience for tests and tools: parses the whole of `text`.
    static func parse(_ text: String) -> Outcome {
        let bytes = Array(text.utf8)
        return parse(bytes, start: 0, limit: bytes.count)
    }

    /// CEL words that must stay CEL constants rather than become symbols.
    static let celKeywords: Set<String> = ["true", "false", "null", "in"]

    /// Duration units, largest first, with their length in milliseconds.
    static let durationUnits: [(name: String, milliseconds: Int64)] = [
        ("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000), ("ms", 1),
    ]

    /// The unit a person probably meant by a word such as `min` or `heures`.
    static func intendedUnit(_ word: String) -> String? {
        switch word.lowercased() {
        case "d", "day", "days", "j", "jour", "jours": return "d"
        case "h", "hr", "hrs", "hour", "hours", "heure", "heures": return "h"
        case "m", "min", "mins", "mn", "minute", "minutes": return "m"
        case "s", "sec", "secs", "second", "seconds", "seconde", "secondes": return "s"
        case "ms", "msec", "millisecond", "milliseconds", "milliseconde", "millisecondes": return "ms"
        default: return nil
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        let limit: Int

        func byte(_ index: Int) -> UInt8? { index < limit ? bytes[index] : nil }

        func text(_ start: Int, _ end: Int) -> String {
            String(decoding: bytes[start..<min(end, limit)], as: UTF8.self)
        }

        func digitsEnd(from index: Int) -> Int {
            var end = index
            while let b = byte(end), RuleBytes.isDigit(b) { end += 1 }
            return end
        }

        /// The end of the run of letters, digits, `_`, `:` and `.` that a malformed
        /// literal is made of, so an error underlines all of it (`..` separates a range).
        func wordEnd(from index: Int) -> Int {
            var end = index
            while let b = byte(end), RuleBytes.isNameByte(b) || b == UInt8(ascii: ":")
                || (b == UInt8(ascii: ".") && byte(end + 1) != UInt8(ascii: ".")) {
                end += 1
            }
            return end
        }

        func invalid(_ message: String, _ start: Int, _ end: Int, help: String? = nil) -> Outcome {
            .invalid(.error(message, at: SourceRange(start: start, end: end), help: help))
        }

        // MARK: Elements

        /// A symbol, duration, time, time range or date at `start`.
        func element(at start: Int) -> Outcome {
            guard let first = byte(start) else { return .notALiteral }
            if RuleBytes.isNameStart(first) {
                var end = start
                while let b = byte(end), RuleBytes.isNameByte(b) { end += 1 }
                let name = text(start, end)
                if RuleLiteralParser.celKeywords.contains(name) { return .notALiteral }
                if let next = byte(end), next == UInt8(ascii: "\"") || next == UInt8(ascii: "'") { return .notALiteral }
                return .literal(RuleLiteral(kind: .symbol(name), range: SourceRange(start: start, end: end)))
            }
            guard RuleBytes.isDigit(first) else { return .notALiteral }
            let digits = digitsEnd(from: start)
            guard let next = byte(digits) else { return .notALiteral }
            switch next {
            case UInt8(ascii: ":"):
                return timeOrRange(at: start)
            case UInt8(ascii: "-") where digits - start == 4 && byte(digits + 1).map(RuleBytes.isDigit) == true:
                return date(at: start)
            case _ where RuleBytes.isLetter(next):
                // CEL numbers: 0x1F, 5u, 1e3, 2.5e-3.
                if text(start, digits) == "0", next == UInt8(ascii: "x") || next == UInt8(ascii: "X") { return .notALiteral }
                if next == UInt8(ascii: "u") || next == UInt8(ascii: "U"), !(byte(digits + 1).map(RuleBytes.isNameByte) ?? false) {
                    return .notALiteral
                }
                if next == UInt8(ascii: "e") || next == UInt8(ascii: "E"), let after = byte(digits + 1),
                   RuleBytes.isDigit(after) || after == UInt8(ascii: "+") || after == UInt8(ascii: "-") {
                    return .notALiteral
                }
                return duration(at: start)
            default:
                return .notALiteral
            }
        }

        // MARK: Durations

        func duration(at start: Int) -> Outcome {
            let end = wordEnd(from: start)
            let spelled = text(start, end)
            var index = start
            var total: Int64 = 0
            var seen: [Int] = []
            var descending = false
            var repeated: String?
            while index < end {
                let numberEnd = digitsEnd(from: index)
                guard numberEnd > index else {
                    return invalid("'\(spelled)' is not a valid duration", start, end,
                                   help: "write a number before each unit, like 1h30m")
                }
                var unitEnd = numberEnd
                while unitEnd < end, let b = byte(unitEnd), RuleBytes.isLetter(b) { unitEnd += 1 }
                let number = text(index, numberEnd)
                let unit = text(numberEnd, unitEnd)
                if unit.isEmpty {
                    if let b = byte(numberEnd), b == UInt8(ascii: ":") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_") {
                        return invalid("'\(spelled)' is not a valid duration", start, end,
                                       help: "durations use the units d, h, m, s and ms, like 1h30m")
                    }
                    // `19h30`: very likely a French time of day.
                    if seen == [1], numberEnd - index <= 2 {
                        let hours = text(start, digitsEnd(from: start))
                        return invalid("'\(spelled)' is neither a time of day nor a duration", start, end,
                                       help: "write a time of day as \(hours):\(number.count == 1 ? "0" + number : number), or a duration as \(spelled)m")
                    }
                    return invalid("the number \(number) in '\(spelled)' has no unit", start, end,
                                   help: "durations use the units d, h, m, s and ms, like 1h30m")
                }
                guard let rank = RuleLiteralParser.durationUnits.firstIndex(where: { $0.name == unit }) else {
                    if let meant = RuleLiteralParser.intendedUnit(unit) {
                        return invalid("'\(unit)' is not a duration unit", numberEnd, unitEnd,
                                       help: "write \(number)\(meant); durations use the units d, h, m, s and ms")
                    }
                    return invalid("'\(unit)' is not a duration unit", numberEnd, unitEnd,
                                   help: "durations use the units d (days), h (hours), m (minutes), s (seconds) and ms (milliseconds), like 15m")
                }
                guard let amount = Int64(number),
                      case (let product, false) = amount.multipliedReportingOverflow(by: RuleLiteralParser.durationUnits[rank].milliseconds),
                      case (let sum, false) = total.addingReportingOverflow(product) else {
                    return invalid("the duration '\(spelled)' is too long", start, end)
                }
                total = sum
                if seen.contains(rank) { repeated = repeated ?? unit }
                if let last = seen.last, rank < last { descending = true }
                seen.append(rank)
                index = unitEnd
            }
            let canonical = RuleLiteral.durationSpelling(milliseconds: total, useDays: seen.contains(0))
            if let repeated {
                return invalid("the unit '\(repeated)' appears more than once in '\(spelled)'", start, end,
                               help: "write each unit once, like \(canonical)")
            }
            if descending {
                return invalid("the units of '\(spelled)' are out of order", start, end,
                               help: "write the largest unit first, like \(canonical)")
            }
            return .literal(RuleLiteral(kind: .duration(milliseconds: total), range: SourceRange(start: start, end: end)))
        }

        // MARK: Times and ranges

        /// A time of day read by `clock(at:isRangeEnd:)`.
        enum Clock {
            case time(minutes: Int, end: Int)
            case failure(Diagnostic)
        }

        /// A time `H:MM` at `start`: minutes since midnight and where it ends, or why not.
        func clock(at start: Int, isRangeEnd: Bool) -> Clock {
            let hoursEnd = digitsEnd(from: start)
            let wholeEnd = wordEnd(from: start)
            let spelled = text(start, wholeEnd)
            func failure(_ message: String, _ help: String) -> Clock {
                .failure(.error(message, at: SourceRange(start: start, end: wholeEnd), help: help))
            }
            let shapeHelp = "write times of day as hours:minutes on the 24-hour clock, like 19:30"
            guard hoursEnd > start, byte(hoursEnd) == UInt8(ascii: ":") else {
                return failure("'\(spelled)' is not a time of day", shapeHelp)
            }
            let minutesEnd = digitsEnd(from: hoursEnd + 1)
            guard wholeEnd == minutesEnd, hoursEnd - start <= 2, minutesEnd > hoursEnd + 1 else {
                return failure("'\(spelled)' is not a time of day", shapeHelp)
            }
            let hours = Int(text(start, hoursEnd))!
            let minuteText = text(hoursEnd + 1, minutesEnd)
            guard minuteText.count == 2, let minutes = Int(minuteText) else {
                let padded = minuteText.count == 1 ? "0" + minuteText : minuteText
                return failure("minutes are written with two digits in '\(spelled)'",
                               minuteText.count == 1 ? "write \(hours):\(padded)" : shapeHelp)
            }
            if minutes >= 60 {
                let total = hours * 60 + minutes
                let help = total < 24 * 60
                    ? "an hour has 60 minutes: did you mean \(RuleLiteral.clockSpelling(minutes: total))?"
                    : "minutes go from 00 to 59"
                return failure("'\(spelled)' has \(minutes) minutes; minutes go from 00 to 59", help)
            }
            if hours > 24 || (hours == 24 && minutes > 0) {
                return failure("'\(spelled)' is not a time of day: hours go from 00 to 23", shapeHelp)
            }
            if hours == 24 && !isRangeEnd {
                return failure("24:00 is only allowed as the end of a time range",
                               "write midnight as 00:00, or end a range with it, like 22:00-24:00")
            }
            return .time(minutes: hours * 60 + minutes, end: minutesEnd)
        }

        func timeOrRange(at start: Int) -> Outcome {
            let from: (minutes: Int, end: Int)
            switch clock(at: start, isRangeEnd: false) {
            case .time(let minutes, let end): from = (minutes, end)
            case .failure(let diagnostic):
                return .invalid(diagnostic)
            }
            // Optional blanks, then `-`, `..` or an en dash.
            var index = from.end
            while let b = byte(index), b == 0x20 || b == 0x09 { index += 1 }
            var separatorEnd: Int?
            if byte(index) == UInt8(ascii: "-") {
                separatorEnd = index + 1
            } else if byte(index) == UInt8(ascii: "."), byte(index + 1) == UInt8(ascii: ".") {
                separatorEnd = index + 2
            } else if byte(index) == 0xE2, byte(index + 1) == 0x80, byte(index + 2) == 0x93 {
                separatorEnd = index + 3
            }
            guard var toStart = separatorEnd else {
                return .literal(RuleLiteral(kind: .timeOfDay(minutes: from.minutes), range: SourceRange(start: start, end: from.end)))
            }
            while let b = byte(toStart), b == 0x20 || b == 0x09 { toStart += 1 }
            guard let b = byte(toStart), RuleBytes.isDigit(b) else {
                return invalid("this time range has no end time", start, toStart,
                               help: "write a range as start-end, like 12:00-14:30")
            }
            switch clock(at: toStart, isRangeEnd: true) {
            case .time(let to, let end):
                return .literal(RuleLiteral(kind: .timeRange(from: from.minutes, to: to),
                                            range: SourceRange(start: start, end: end)))
            case .failure(let diagnostic):
                return .invalid(diagnostic)
            }
        }

        // MARK: Dates

        func date(at start: Int) -> Outcome {
            var end = start
            while let b = byte(end), RuleBytes.isNameByte(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ":") { end += 1 }
            let spelled = text(start, end)
            let parts = spelled.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, (1...2).contains(parts[1].count), (1...2).contains(parts[2].count),
                  let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
                return invalid("'\(spelled)' is not a date", start, end, help: "write dates as year-month-day, like 2025-12-24")
            }
            guard (1...12).contains(month) else {
                return invalid("'\(spelled)' is not a real date: there is no month \(month)", start, end,
                               help: "dates are year-month-day, like 2025-12-24; months go from 01 to 12")
            }
            let length = RuleLiteral.daysIn(month: month, year: year)
            guard (1...length).contains(day) else {
                return invalid("'\(spelled)' is not a real date: \(RuleLiteral.monthNames[month - 1]) \(year) has \(length) days", start, end,
                               help: "dates are year-month-day, like 2025-12-24")
            }
            return .literal(RuleLiteral(kind: .date(year: year, month: month, day: day), range: SourceRange(start: start, end: end)))
        }

        // MARK: Lists

        /// Skips blanks, line breaks and `#` comments inside a list.
        func skipListTrivia(from index: Int) -> Int {
            var index = index
            while let b = byte(index) {
                if RuleBytes.isBlank(b) || b == RuleBytes.newline {
                    index += 1
                } else if b == UInt8(ascii: "#") {
                    while let c = byte(index), c != RuleBytes.newline { index += 1 }
                } else {
                    break
                }
            }
            return index
        }

        func list(at start: Int) -> Outcome {
            var elements: [RuleLiteral] = []
            var index = skipListTrivia(from: start + 1)
            while true {
                guard let b = byte(index) else {
                    return invalid("this list is never closed", start, start + 1, help: "add ']' after the last item")
                }
                if b == UInt8(ascii: "]") { break }
                guard RuleBytes.isNameByte(b) else { return .notALiteral }
                switch element(at: index) {
                case .literal(let element):
                    elements.append(element)
                    index = skipListTrivia(from: element.range.end)
                case .invalid(let diagnostic):
                    return .invalid(diagnostic)
                case .notALiteral:
                    return .notALiteral
                }
                guard let separator = byte(index) else { continue }
                if separator == UInt8(ascii: ",") {
                    index = skipListTrivia(from: index + 1)
                } else if separator != UInt8(ascii: "]") {
                    guard RuleBytes.isNameByte(separator) else { return .notALiteral }
                    let previous = text(elements.last!.range.start, elements.last!.range.end)
                    let next = text(index, wordEnd(from: index))
                    return invalid("expected ',' before '\(next)'", index, wordEnd(from: index),
                                   help: "separate list items with commas, like [\(previous), \(next)]")
                }
            }
            return .literal(RuleLiteral(kind: .list(elements), range: SourceRange(start: start, end: index + 1)))
        }
    }
}
