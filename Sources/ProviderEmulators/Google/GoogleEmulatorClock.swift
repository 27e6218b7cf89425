/// Time text for the Google Calendar emulator: RFC 3339 with milliseconds for `created` /
/// `updated`, all-day dates, floating times resolved in the event's or calendar's zone, and
/// the RFC 1123 date of `X-Goog-Channel-Expiration`.
import Connectors
import Foundation
import Runtime

/// Time helpers.
enum GoogleEmulatorClock {
    /// `2025-01-17T18:00:00.000Z`.
    static func text(_ instant: Instant) -> String {
        CivilDateTime(utcSeconds: instant.seconds).isoText + ".000Z"
    }

    /// `Tue, 19 Nov 2013 01:13:52 GMT`.
    static func httpDate(_ instant: Instant) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(instant.seconds)))
    }

    /// `2025-01-17` as a civil date at midnight, or nil.
    static func day(_ text: String) -> CivilDateTime? {
        let parts = text.split(separator: "-")
        guard text.count == 10, parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        let civil = CivilDateTime(year: year, month: month, day: day)
        return civil.isValid ? civil : nil
    }

    /// Whether an RFC 3339 text ends with `Z` or `±hh:mm`.
    static func hasOffset(_ text: String) -> Bool {
        guard text.count > 19 else { return false }
        let tail = text.suffix(6)
        return text.hasSuffix("Z") || text.hasSuffix("z") || tail.hasPrefix("+") || tail.hasPrefix("-")
    }

    /// The instant of a start or end; all-day dates begin at midnight in `zone`.
    static func instant(_ time: GoogleEmulatorEventTime, zone: ZoneConverter) -> Instant? {
        let own = time.timeZone.flatMap { ZoneConverter(identifier: $0) } ?? zone
        if let dateTime = time.dateTime { return GoogleTime.parse(dateTime, zone: own) }
        if let date = time.date, let civil = day(date) { return own.instant(civil) }
        return nil
    }
}
