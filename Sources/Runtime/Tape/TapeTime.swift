/// Reading the times written in a tape: RFC 3339 with an offset (`2025-01-17T19:02:00+01:00`,
/// `...Z`) everywhere, and for slot times also a local wall-clock time in the
/// establishment's zone (`2025-01-17T20:00`), which is how an admin thinks of a slot.

/// Parses tape times; pure text arithmetic plus the establishment's zone.
public struct TapeTime: Sendable {
    /// The establishment's zone, for local times.
    public let zone: ZoneConverter

    /// A parser for times of an establishment in `zone`.
    public init(zone: ZoneConverter) { self.zone = zone }

    /// An instant from RFC 3339 with a mandatory offset, or nil.
    public func instantWithOffset(_ text: String) -> Instant? {
        guard let (civil, offset) = Self.split(text), let offset else { return nil }
        return Instant(seconds: civil.utcSeconds - Int64(offset))
    }

    /// An instant from RFC 3339 with an offset, or from a local time in the zone, or nil.
    public func instant(_ text: String) -> Instant? {
        guard let (civil, offset) = Self.split(text) else { return nil }
        if let offset { return Instant(seconds: civil.utcSeconds - Int64(offset)) }
        return zone.instant(civil)
    }

    /// The spring-forward gap a local time without offset falls in (see
    /// `ZoneConverter.gap(containing:)`); nil for a time that exists, has an offset, or is no time.
    public func gap(_ text: String) -> (from: CivilDateTime, to: CivilDateTime)? {
        guard let (civil, offset) = Self.split(text), offset == nil else { return nil }
        return zone.gap(containing: civil)
    }

    /// `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]` → the wall-clock part and the offset in seconds.
    static func split(_ text: String) -> (CivilDateTime, Int?)? {
        let bytes = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[from..<(from + count)] {
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func isByte(_ index: Int, _ character: Character) -> Bool {
            index < bytes.count && bytes[index] == character.asciiValue!
        }
        guard let year = number(0, 4), isByte(4, "-"), let month = number(5, 2), isByte(7, "-"),
              let day = number(8, 2), isByte(10, "T") || isByte(10, " "),
              let hour = number(11, 2), isByte(13, ":"), let minute = number(14, 2) else { return nil }
        var index = 16
        var second = 0
        if isByte(index, ":") {
            guard let value = number(index + 1, 2) else { return nil }
            second = value
            index += 3
        }
        let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard civil.isValid, hour < 24, minute < 60, second < 60 else { return nil }
        if index == bytes.count { return (civil, nil) }
        if isByte(index, "Z") || isByte(index, "z") { return index + 1 == bytes.count ? (civil, 0) : nil }
        guard isByte(index, "+") || isByte(index, "-"), index + 6 == bytes.count,
              let offsetHours = number(index + 1, 2), isByte(index + 3, ":"),
              let offsetMinutes = number(index + 4, 2), offsetHours < 24, offsetMinutes < 60 else { return nil }
        let sign = isByte(index, "-") ? -1 : 1
        return (civil, sign * (offsetHours * 3600 + offsetMinutes * 60))
    }
}
