/// Reads the two date forms of RFC 5545 section 3.3.4/3.3.5 — DATE `20250118` and
/// DATE-TIME `20250118T193000` with an optional `Z` — and says precisely what is wrong
/// otherwise, since a restaurant owner editing a recorded calendar by hand will
/// mistype them (`2025-01-18 19:30`, a 13th month, February 30th).

/// A DATE or DATE-TIME as written, before any time zone is applied.
struct ICalDateText: Sendable, Hashable {
    var time: CivilDateTime
    var isUTC: Bool
    var isDate: Bool

    /// Why a text is not a date, phrased to follow the quoted text:
    /// "DTSTART '20251301T190000' is not a valid date: there is no month 13".
    struct Problem: Error, Sendable, Hashable {
        var phrase: String
        var help: String?
        /// The text does not even have the shape of a date (as opposed to naming a day
        /// that does not exist).
        var isShapeProblem = false
    }

    static let formatHelp = "write dates as YYYYMMDD and date-times as YYYYMMDDTHHMMSS, e.g. 20250118T193000 (add Z for UTC)"

    static func parse(_ text: String) -> Result<ICalDateText, Problem> {
        let result = parseCompact(text)
        guard case .failure(let problem) = result, problem.isShapeProblem else { return result }
        // ISO 8601 spellings (`2025-01-18T19:30:00`) are the commonest mistake: say how
        // to write them, or what is wrong with the date they spell.
        let compact = String(text.unicodeScalars.filter { $0 != "-" && $0 != ":" }.map { $0 == " " ? "T" : Character($0) })
        guard compact != text else { return result }
        switch parseCompact(compact) {
        case .success: return .failure(Problem(phrase: "is not an iCalendar date-time", help: "write it without dashes and colons: \(compact)"))
        case .failure(let inner) where !inner.isShapeProblem: return .failure(inner)
        case .failure: return result
        }
    }

    private static func parseCompact(_ text: String) -> Result<ICalDateText, Problem> {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count else { return nil }
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        let notADate = Problem(phrase: "is not an iCalendar date or date-time", help: formatHelp, isShapeProblem: true)
        guard bytes.count == 8 || bytes.count == 15 || bytes.count == 16,
              let year = digits(0..<4), let month = digits(4..<6), let day = digits(6..<8) else {
            return .failure(notADate)
        }
        var time = CivilDateTime(year: year, month: month, day: day)
        var isUTC = false
        let isDate = bytes.count == 8
        if !isDate {
            guard bytes[8] == UInt8(ascii: "T") || bytes[8] == UInt8(ascii: "t"),
                  let hour = digits(9..<11), let minute = digits(11..<13), let second = digits(13..<15) else {
                return .failure(notADate)
            }
            if bytes.count == 16 {
                guard bytes[15] == UInt8(ascii: "Z") || bytes[15] == UInt8(ascii: "z") else { return .failure(notADate) }
                isUTC = true
            }
            time.hour = hour
            time.minute = minute
            time.second = second
        }
        if !(1...12).contains(month) {
            return .failure(Problem(phrase: "is not a valid date: there is no month \(month)", help: formatHelp))
        }
        if day < 1 || day > CivilDateTime.daysInMonth(year, month) {
            return .failure(Problem(phrase: "is not a valid date: \(monthNames[month - 1]) \(year) has no day \(day)",
                                    help: formatHelp))
        }
        if time.hour > 23 || time.minute > 59 || time.second > 60 {
            return .failure(Problem(phrase: "is not a valid time of day", help: "hours go from 00 to 23, minutes from 00 to 59"))
        }
        // A leap second names the same instant as the next one for our purposes.
        if time.second == 60 { time.second = 59 }
        return .success(ICalDateText(time: time, isUTC: isUTC, isDate: isDate))
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// `20250118`, `20250118T193000` or `20250118T183000Z`, as RFC 5545 writes them.
    static func format(_ time: CivilDateTime, isDate: Bool, isUTC: Bool) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let date = pad(time.year, 4) + pad(time.month, 2) + pad(time.day, 2)
        if isDate { return date }
        return date + "T" + pad(time.hour, 2) + pad(time.minute, 2) + pad(time.second, 2) + (isUTC ? "Z" : "")
    }
}
