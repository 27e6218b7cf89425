/// How the admin writes times and durations at the prompt: `19:30` or `19h30` (that time on
/// the clock's current day), `2025-01-18 19:30` or `2025-01-18T19:30` (another day), and
/// durations such as `15m`, `2h`, `1h30m`, `45s`, `1d`. Local times are in the
/// establishment's zone, as slot hours are in the rule file.

/// Reads times and durations relative to the session's clock.
struct ReplTimeReader {
    /// The establishment's zone.
    let zone: ZoneConverter
    /// The virtual clock; bare times are on its local day.
    let now: Instant

    static let timeHelp = "write 19:30 (today on the clock), or 2025-01-18 19:30 for another day"

    /// Consumes a time: a bare `19:30`, or a date word followed by a time word, or
    /// `2025-01-18T19:30`.
    func time(from arguments: inout ReplArguments, what: String = "a time") throws(ReplError) -> Instant {
        let word = try arguments.next(what, example: "\(arguments.command) 19:30")
        if Self.date(word) != nil, let next = arguments.peek {
            let instant = try time("\(word)T\(next)")
            _ = arguments.nextIfPresent()
            return instant
        }
        return try time(word)
    }

    /// One word as a time.
    func time(_ word: String) throws(ReplError) -> Instant {
        var dayPart: (Int, Int, Int)?
        var clockPart = Substring(word)
        if let t = word.firstIndex(where: { $0 == "T" || $0 == "t" }), word.first?.isNumber == true {
            dayPart = Self.date(String(word[..<t]))
            guard dayPart != nil else { throw notATime(word) }
            clockPart = word[word.index(after: t)...]
        }
        guard let (hour, minute) = Self.clock(clockPart) else {
            if Self.date(word) != nil {
                throw ReplError("'\(word)' is a date without a time", help: "add the time: \(word) 19:30")
            }
            throw notATime(word)
        }
        let today = zone.local(now)
        let (year, month, day) = dayPart ?? (today.year, today.month, today.day)
        let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute)
        guard civil.isValid else { throw notATime(word) }
        return zone.instant(civil)
    }

    /// A date word (`2025-01-18`) as the start of that local day.
    func day(_ word: String) throws(ReplError) -> Instant {
        guard let (year, month, day) = Self.date(word) else {
            throw ReplError("'\(word)' is not a date", help: "write 2025-01-18")
        }
        return zone.instant(CivilDateTime(year: year, month: month, day: day))
    }

    func notATime(_ word: String) -> ReplError {
        ReplError("'\(word)' is not a time", help: Self.timeHelp)
    }

    /// `19:30`, `9:05`, `19h30`, `19h` → hour and minute.
    static func clock(_ text: Substring) -> (Int, Int)? {
        let separator: Character = text.contains(":") ? ":" : "h"
        let parts = text.split(separator: separator, maxSplits: 1, omittingEmptySubsequences: false)
        guard let hourText = parts.first, (1...2).contains(hourText.count), let hour = Int(hourText), hour < 24 else { return nil }
        let minuteText = parts.count > 1 ? parts[1] : ""
        if minuteText.isEmpty {
            return separator == "h" && parts.count == 2 ? (hour, 0) : nil
        }
        guard minuteText.count == 2, minuteText.allSatisfy(\.isNumber), let minute = Int(minuteText), minute < 60 else { return nil }
        return (hour, minute)
    }

    /// `2025-01-18` → year, month, day (not validated against the calendar).
    static func date(_ text: String) -> (Int, Int, Int)? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return (year, month, day)
    }

    /// `15m`, `2h`, `1h30m`, `45s`, `1d`, `90min` → seconds.
    static func duration(_ text: String) throws(ReplError) -> Int64 {
        let help = "write a number with a unit: 15m, 2h, 1h30m, 45s, 1d"
        var total: Int64 = 0
        var number = ""
        var sawUnit = false
        var rest = Substring(text.lowercased())
        while let character = rest.first {
            if character.isNumber {
                number.append(character)
                rest = rest.dropFirst()
                continue
            }
            var unit: Int64
            if rest.hasPrefix("min") { unit = 60; rest = rest.dropFirst(3) } else {
                switch character {
                case "d": unit = 86_400
                case "h": unit = 3_600
                case "m": unit = 60
                case "s": unit = 1
                default: throw ReplError("'\(text)' is not a duration", help: help)
                }
                rest = rest.dropFirst()
            }
            guard let value = Int64(number), value < 100_000 else {
                throw ReplError("'\(text)' is not a duration", help: help)
            }
            total += value * unit
            number = ""
            sawUnit = true
        }
        guard number.isEmpty, sawUnit else {
            throw ReplError("'\(text)' is not a duration", help: sawUnit || number.isEmpty ? help : "add a unit: \(number)m or \(number)h")
        }
        return total
    }

    /// `1h30m`, for messages.
    static func describe(seconds: Int64) -> String {
        if seconds == 0 { return "0m" }
        if seconds < 0 { return "-" + describe(seconds: -seconds) }
        var parts: [String] = []
        var rest = seconds
        for (unit, name) in [(Int64(86_400), "d"), (3_600, "h"), (60, "m"), (1, "s")] where rest >= unit {
            parts.append("\(rest / unit)\(name)")
            rest %= unit
        }
        return parts.joined()
    }
}
