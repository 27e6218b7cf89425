import Foundation

/// Converts between instants and the wall-clock time of one IANA time zone (the
/// establishment's). Wall-clock times that do not exist (the spring-forward gap) move
/// forward by the gap, and ambiguous ones (the autumn overlap) take the earlier instant,
/// as RFC 5545 section 3.3.5 prescribes for DATE-TIME with TZID; `gap(containing:)` lets a
/// caller that must not guess (the API) refuse a time in the gap instead.
public struct ZoneConverter: Sendable {
    public let identifier: String
    private let zone: TimeZone

    /// Nil when the identifier is not a known time zone.
    public init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        self.zone = zone
    }

    /// UTC offset in seconds at an instant.
    public func offset(at instant: Instant) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant.seconds)))
    }

    /// The wall-clock time at an instant.
    public func local(_ instant: Instant) -> CivilDateTime {
        CivilDateTime(utcSeconds: instant.seconds + Int64(offset(at: instant)))
    }

    /// The instant a wall-clock time denotes (see the type's note on gaps and overlaps).
    public func instant(_ local: CivilDateTime) -> Instant {
        let wall = local.utcSeconds
        // Try the offsets in force a day either side; they cover any real transition.
        let before = offset(at: Instant(seconds: wall - 86_400))
        let after = offset(at: Instant(seconds: wall + 86_400))
        var candidates: [Int64] = []
        for candidateOffset in Set([before, after]) {
            let utc = wall - Int64(candidateOffset)
            if offset(at: Instant(seconds: utc)) == candidateOffset { candidates.append(utc) }
        }
        if let earliest = candidates.min() { return Instant(seconds: earliest) }
        // In a gap: interpret with the offset before the transition, which lands after it.
        return Instant(seconds: wall - Int64(before))
    }

    /// The spring-forward gap a wall-clock time falls in, as the wall-clock times the clocks
    /// jump from and to (`02:00` → `03:00` in Paris on the last Sunday of March), or nil when
    /// the time exists. The API refuses such a time rather than move it silently.
    public func gap(containing local: CivilDateTime) -> (from: CivilDateTime, to: CivilDateTime)? {
        let wall = local.utcSeconds
        var low = wall - 86_400, high = wall + 86_400
        let before = offset(at: Instant(seconds: low)), after = offset(at: Instant(seconds: high))
        for candidateOffset in Set([before, after]) where offset(at: Instant(seconds: wall - Int64(candidateOffset))) == candidateOffset {
            return nil
        }
        // The transition: the first second whose offset is no longer `before`.
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: Instant(seconds: middle)) == before { low = middle } else { high = middle }
        }
        return (CivilDateTime(utcSeconds: high + Int64(before)), CivilDateTime(utcSeconds: high + Int64(offset(at: Instant(seconds: high)))))
    }
}
