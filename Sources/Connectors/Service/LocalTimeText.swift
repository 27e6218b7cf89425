/// Slot times as the API and the pages write them: ISO 8601 local wall-clock time of the
/// establishment (`2025-01-18T19:30:00`), or with an offset (`...+01:00`, `...Z`).
import Runtime

/// Parsing and printing of slot times.
enum LocalTimeText {
    /// `2025-01-18T19:30[:00]` in `zone`, or an absolute time with `Z` / `±hh:mm`. Nil when
    /// the text is not such a time or names a date that does not exist. The tapes' parser,
    /// except that the API has only ever taken an upper-case `Z`.
    static func parse(_ text: String, zone: ZoneConverter) -> Instant? {
        guard text.last != "z" else { return nil }
        return TapeTime(zone: zone).instant(text)
    }

    /// Why a local time cannot be taken: it falls in the spring-forward gap of `zone`
    /// ("2025-03-30T02:30:00 does not exist in Europe/Paris (clocks go from 02:00 to 03:00)").
    /// Nil for a time that exists or carries an offset. An ambiguous autumn time exists twice
    /// and is taken at its first occurrence (add an offset to mean the second).
    static func gapMessage(_ text: String, zone: ZoneConverter) -> String? {
        guard let gap = TapeTime(zone: zone).gap(text) else { return nil }
        func clock(_ civil: CivilDateTime) -> String { String(civil.isoText.dropFirst(11).prefix(5)) }
        return "\(text) does not exist in \(zone.identifier) (clocks go from \(clock(gap.from)) to \(clock(gap.to)))"
    }

    /// `2025-01-18T19:30:00` in `zone`.
    static func local(_ instant: Instant, zone: ZoneConverter) -> String { zone.local(instant).isoText }

    /// `2025-01-18T19:30` in `zone`: a slot's value in forms and tapes.
    static func minute(_ instant: Instant, zone: ZoneConverter) -> String { String(local(instant, zone: zone).prefix(16)) }

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
