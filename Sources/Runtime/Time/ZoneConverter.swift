import Foundation

/// Converts between instants and the wall-clock time of one IANA time zone (the
/// establishment's). Wall-clock times that do not exist (the spring-forward gap) move
/// forward by the gap, and ambiguous ones (the autumn overlap) take the earlier instant,
/// as RFC 5545 section 3.3.5 prescribes for DATE-TIME with TZID.
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
}
