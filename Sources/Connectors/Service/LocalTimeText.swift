/// Slot times as the API and the pages write them: ISO 8601 local wall-clock time of the
/// establishment (`2025-01-18T19:30:00`), or with an offset (`...+01:00`, `...Z`).
import Runtime

/// Parsing and printing of slot times.
enum LocalTimeText {
    /// `2025-01-18T19:30[:00]` in `zone`, or an absolute time with `Z` / `±hh:mm`. Nil when
    /// the text is not such a time or names a date that does not exist.
    static func parse(_ text: String, zone: ZoneConverter) -> Instant? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 16 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<from + count] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x20, bytes[13] == 0x3A,
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2) else { return nil }
        var index = 16
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            guard let value = number(index + 1, 2) else { return nil }
            second = value
            index += 3
        }
        let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard civil.isValid, hour < 24, minute < 60, second < 60 else { return nil }
        if index == bytes.count { return zone.instant(civil) }
        if bytes[index] == 0x5A, index + 1 == bytes.count { return Instant(seconds: civil.utcSeconds) }
        guard bytes[index] == 0x2B || bytes[index] == 0x2D, index + 6 == bytes.count, bytes[index + 3] == 0x3A,
              let offsetHours = number(index + 1, 2), let offsetMinutes = number(index + 4, 2),
              offsetHours < 24, offsetMinutes < 60 else { return nil }
        let sign: Int64 = bytes[index] == 0x2B ? 1 : -1
        return Instant(seconds: civil.utcSeconds - sign * Int64(offsetHours * 3600 + offsetMinutes * 60))
    }

    /// `2025-01-18T19:30:00` in `zone`.
    static func local(_ instant: Instant, zone: ZoneConverter) -> String {
        let civil = zone.local(instant)
        return "\(String(civil.isoText.prefix(16))):\(civil.second < 10 ? "0" : "")\(civil.second)"
    }

    /// `2025-01-18T19:30:00+01:00`.
    static func withOffset(_ instant: Instant, zone: ZoneConverter) -> String {
        let offset = zone.offset(at: instant)
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 3600, minutes = abs(offset) % 3600 / 60
        return local(instant, zone: zone) + "\(sign)\(hours < 10 ? "0" : "")\(hours):\(minutes < 10 ? "0" : "")\(minutes)"
    }
}

extension WaitlistService {
    /// `2025-01-18T19:30:00` in a business's time zone (UTC when unknown).
    public func localTime(_ instant: Instant, business: String) -> String {
        let zone = runtime(business)?.state.withLock { $0.engine.zone } ?? ZoneConverter(identifier: "UTC")!
        return LocalTimeText.local(instant, zone: zone)
    }

    /// Parses `2025-01-18T19:30[:00]` in a business's time zone, or with an offset.
    public func parseLocalTime(_ text: String, business: String) -> Instant? {
        guard let zone = runtime(business)?.state.withLock({ $0.engine.zone }) else { return nil }
        return LocalTimeText.parse(text, zone: zone)
    }
}
