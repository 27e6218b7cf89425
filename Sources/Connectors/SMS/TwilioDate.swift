/// The timestamps of Twilio's REST API: RFC 2822 (`Thu, 24 Aug 2023 05:01:45 +0000`) in the
/// message resource's `date_created`, `date_sent` and `date_updated`, and `YYYY-MM-DD` (GMT)
/// in the list filters (`DateSent>=2023-08-24`). Written by hand over `CivilDateTime` so the
/// result never depends on the process's locale or time zone.
import Runtime

/// Twilio date formatting and parsing.
public enum TwilioDate {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `instant` in RFC 2822, in GMT (`+0000`), as Twilio writes it.
    public static func rfc2822(_ instant: Instant) -> String {
        let civil = CivilDateTime(utcSeconds: instant.seconds)
        return "\(weekdays[civil.isoWeekday - 1]), \(two(civil.day)) \(months[civil.month - 1]) \(civil.year) "
            + "\(two(civil.hour)):\(two(civil.minute)):\(two(civil.second)) +0000"
    }

    /// The day of `instant` in GMT as `YYYY-MM-DD`, the form of the `DateSent` filters.
    public static func day(_ instant: Instant) -> String {
        let civil = CivilDateTime(utcSeconds: instant.seconds)
        return "\(civil.year)-\(two(civil.month))-\(two(civil.day))"
    }

    /// The instant an RFC 2822 timestamp names (`Thu, 24 Aug 2023 05:01:45 +0000`; the weekday
    /// is optional and not checked, the offset may be `+hhmm`, `-hhmm`, `GMT` or `UTC`), or nil
    /// when `text` is not one.
    public static func parseRFC2822(_ text: String) -> Instant? {
        var parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        if let first = parts.first, first.hasSuffix(",") { parts.removeFirst() }
        guard parts.count == 5, let day = Int(parts[0]), let monthIndex = months.firstIndex(of: parts[1]),
              let year = Int(parts[2]) else { return nil }
        let clock = parts[3].split(separator: ":").map { Int($0) }
        guard clock.count == 3, let hour = clock[0], let minute = clock[1], let second = clock[2] else { return nil }
        guard let offset = offsetSeconds(parts[4]) else { return nil }
        let civil = CivilDateTime(year: year, month: monthIndex + 1, day: day, hour: hour, minute: minute, second: second)
        guard civil.isValid else { return nil }
        return Instant(seconds: civil.utcSeconds - Int64(offset))
    }

    /// The `YYYY-MM-DD` day's midnight GMT, or nil when `text` is not such a day.
    public static func parseDay(_ text: String) -> Instant? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let civil = CivilDateTime(year: year, month: month, day: day)
        return civil.isValid ? Instant(seconds: civil.utcSeconds) : nil
    }

    /// `+0200` → 7200; `GMT` / `UTC` / `Z` → 0; nil otherwise.
    private static func offsetSeconds(_ text: String) -> Int? {
        if ["GMT", "UTC", "UT", "Z"].contains(text) { return 0 }
        let characters = Array(text)
        guard characters.count == 5, characters[0] == "+" || characters[0] == "-",
              let hours = Int(String(characters[1...2])), let minutes = Int(String(characters[3...4])),
              hours < 24, minutes < 60 else { return nil }
        let magnitude = hours * 3600 + minutes * 60
        return characters[0] == "-" ? -magnitude : magnitude
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
