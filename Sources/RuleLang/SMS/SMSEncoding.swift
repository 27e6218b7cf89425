/// Decides how an SMS will be encoded and how many segments it will be sent as. Each
/// segment is billed, and a single character outside GSM-7 (a typographic ’, an emoji)
/// switches the whole message to UCS-2, cutting a segment from 160 to 70 characters;
/// `speedai-rules check` shows this so admins see the cost of a template.

/// The two encodings an SMS can use.
public enum SMSEncoding: String, Sendable, Hashable {
    /// 7-bit GSM 03.38 default alphabet: 160 characters in one SMS, 153 per segment beyond.
    case gsm7
    /// UTF-16 (UCS-2 on the wire): 70 code units in one SMS, 67 per segment beyond.
    case ucs2

    /// Encoding, size and segment count of `text` as it would be sent.
    ///
    /// GSM-7 units are septets: 1 per basic character, 2 per extension character
    /// (`€ [ ] { } ^ ~ | \` and form feed). UCS-2 units are UTF-16 code units, so an
    /// emoji outside the Basic Multilingual Plane counts 2. The text is analysed as
    /// given, without Unicode normalisation, because that is what the gateway receives.
    /// Empty text needs no SMS at all: 0 segments.
    public static func analyze(_ text: String) -> SMSSegmentInfo {
        let bill = billing(text)
        // Only a UCS-2 text has characters forcing it: list them (a pass over graphemes).
        guard bill.encoding == .ucs2 else {
            return SMSSegmentInfo(encoding: .gsm7, units: bill.units, segments: bill.segments, charactersForcingUCS2: [])
        }
        var forcing: [Character] = []
        var seen: Set<Character> = []
        for character in text where character.unicodeScalars.contains(where: { GSM7Alphabet.septets(for: $0) == nil }) {
            if seen.insert(character).inserted { forcing.append(character) }
        }
        // French typography writes U+202F only into texts that are UCS-2 already: name it only
        // when nothing else forces UCS-2 (a blank in the list confuses the admin).
        let visible = forcing.filter { $0 != FrenchTypography.narrowNoBreakSpace }
        return SMSSegmentInfo(encoding: .ucs2, units: bill.units, segments: bill.segments,
                              charactersForcingUCS2: visible.isEmpty ? forcing : visible)
    }

    /// Encoding, units and segments of `text`, as `analyze` gives them, without listing the
    /// characters forcing UCS-2: one pass over the scalars, for counting many messages
    /// (a replay's summary, the dashboard's statistics).
    public static func billing(_ text: String) -> (encoding: SMSEncoding, units: Int, segments: Int) {
        var septets = 0
        for scalar in text.unicodeScalars {
            guard let cost = GSM7Alphabet.septets(for: scalar) else {
                let units = text.utf16.count
                return (.ucs2, units, SMSEncoding.ucs2.segments(forUnits: units))
            }
            septets += cost
        }
        return (.gsm7, septets, SMSEncoding.gsm7.segments(forUnits: septets))
    }

    /// Units that fit in a message sent as one SMS.
    public var singleSegmentCapacity: Int {
        switch self { case .gsm7: 160; case .ucs2: 70 }
    }

    /// Units per segment of a multi-part SMS (the rest of each segment holds the
    /// concatenation header).
    public var multipartSegmentCapacity: Int {
        switch self { case .gsm7: 153; case .ucs2: 67 }
    }

    /// The label used in summaries: `GSM-7` or `UCS-2`.
    public var displayName: String {
        switch self { case .gsm7: "GSM-7"; case .ucs2: "UCS-2" }
    }

    /// Segments needed for `units`: 0 for nothing, 1 up to the single capacity,
    /// otherwise ceil(units / multipart capacity).
    public func segments(forUnits units: Int) -> Int {
        if units == 0 { return 0 }
        if units <= singleSegmentCapacity { return 1 }
        return (units + multipartSegmentCapacity - 1) / multipartSegmentCapacity
    }
}
