/// The canonical spelling of rule literals (`90m` → `1h30m`, `9:05` → `09:05`,
/// `12:00..14:30` → `12:00-14:30`, `[a,b]` → `[a, b]`), used by the formatter and handy
/// for messages that quote a value back to the admin.
extension RuleLiteral {
    /// The canonical text of this literal. Durations use the largest units, except that
    /// hours are only folded into days when the author already wrote days (`48h` stays
    /// `48h`, `1d36h` becomes `2d12h`); `source` is where that choice is read from.
    public func canonicalSpelling(in source: SourceFile) -> String {
        switch kind {
        case .duration(let milliseconds):
            let written = source.bytes[max(0, range.start)..<min(range.end, source.bytes.count)]
            return Self.durationSpelling(milliseconds: milliseconds, useDays: written.contains(UInt8(ascii: "d")))
        case .timeOfDay(let minutes):
            return Self.clockSpelling(minutes: minutes)
        case .date(let year, let month, let day):
            return Self.twoDigits(year / 100) + Self.twoDigits(year % 100) + "-" + Self.twoDigits(month) + "-" + Self.twoDigits(day)
        case .timeRange(let from, let to):
            return Self.clockSpelling(minutes: from) + "-" + Self.clockSpelling(minutes: to)
        case .symbol(let name):
            return name
        case .list(let elements):
            return "[" + elements.map { $0.canonicalSpelling(in: source) }.joined(separator: ", ") + "]"
        }
    }

    /// `5400000` → `1h30m`; zero is `0s`. With `useDays`, whole days come first.
    static func durationSpelling(milliseconds: Int64, useDays: Bool) -> String {
        if milliseconds == 0 { return "0s" }
        var rest = milliseconds
        var text = ""
        for (name, size) in RuleLiteralParser.durationUnits {
            if name == "d" && !useDays { continue }
            let count = rest / size
            rest %= size
            if count > 0 { text += "\(count)\(name)" }
        }
        return text
    }

    /// `545` → `09:05`; `1440` → `24:00`.
    static func clockSpelling(minutes: Int) -> String {
        twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    /// Days in a month of the proleptic Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
