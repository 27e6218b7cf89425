/// Event times as the Calendar API writes them: RFC 3339 `dateTime` with an offset, a
/// floating `dateTime` whose zone is given by `timeZone` (the docs: "a time zone offset is
/// required unless a time zone is explicitly specified in timeZone"), or an all-day `date`.
/// Parsing reuses the tape's RFC 3339 reader and `ZoneConverter`; nothing is re-implemented.
import Runtime

/// RFC 3339 text ⇄ `Instant` for the Google wire format.
public enum GoogleTime {
    /// `2025-01-17T18:00:00Z`: how we write every time (UTC, no zone to get wrong).
    public static func format(_ instant: Instant) -> String {
        CivilDateTime(utcSeconds: instant.seconds).isoText + "Z"
    }

    /// An instant from `dateTime`: its own offset when it has one, else the wall-clock time in
    /// `zone`. Fractional seconds (`.000`) are dropped. Nil when the text is not RFC 3339.
    public static func parse(_ text: String, zone: ZoneConverter) -> Instant? {
        TapeTime(zone: zone).instant(withoutFraction(text))
    }

    /// `2025-01-17T18:00:00.123+01:00` → `2025-01-17T18:00:00+01:00`.
    static func withoutFraction(_ text: String) -> String {
        guard let dot = text.firstIndex(of: ".") else { return text }
        var end = text.index(after: dot)
        while end < text.endIndex, text[end].isASCII, text[end].isNumber { end = text.index(after: end) }
        return String(text[..<dot]) + String(text[end...])
    }
}
