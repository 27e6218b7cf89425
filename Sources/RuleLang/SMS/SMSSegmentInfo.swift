/// The result of analysing an SMS text: its encoding, size and segment count, plus the
/// one-line summary `speedai-rules check` prints next to each SMS template.

/// How an SMS text will be sent and what it costs in segments.
public struct SMSSegmentInfo: Sendable, Equatable {
    /// GSM-7 when every character is in the GSM 03.38 alphabet, otherwise UCS-2.
    public let encoding: SMSEncoding
    /// GSM-7 septets (2 per extension character) or UTF-16 code units for UCS-2.
    public let units: Int
    /// Segments billed; 0 for empty text.
    public let segments: Int
    /// The distinct characters outside GSM-7, in order of first appearance; empty for GSM-7.
    public let charactersForcingUCS2: [Character]

    /// Creates an analysis result; use `SMSSegmentInfo.analyze` to compute one.
    public init(encoding: SMSEncoding, units: Int, segments: Int, charactersForcingUCS2: [Character]) {
        self.encoding = encoding
        self.units = units
        self.segments = segments
        self.charactersForcingUCS2 = charactersForcingUCS2
    }

    /// Same as `SMSEncoding.analyze(_:)`.
    public static func analyze(_ text: String) -> SMSSegmentInfo {
        SMSEncoding.analyze(text)
    }

    /// One line for the admin, e.g. `GSM-7, 142/160 characters, 1 segment` or
    /// `UCS-2 (forced by ’ ê), 188 characters, 3 segments`. The capacity is shown
    /// while the text fits in one SMS, so the admin sees the room left.
    public var summary: String {
        var text = encoding.displayName
        if !charactersForcingUCS2.isEmpty {
            text += " (forced by \(charactersForcingUCS2.map(Self.displayed).joined(separator: " ")))"
        }
        if segments <= 1 {
            text += ", \(units)/\(encoding.singleSegmentCapacity) characters"
        } else {
            text += ", \(units) characters"
        }
        text += segments == 1 ? ", 1 segment" : ", \(segments) segments"
        return text
    }

    /// Invisible characters (a tab, a no-break space) are shown as `U+00A0` so the
    /// admin can find them; visible ones as themselves.
    private static func displayed(_ character: Character) -> String {
        let visible = character.unicodeScalars.contains { scalar in
            !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
                && scalar.properties.generalCategory != .format
        }
        if visible { return String(character) }
        return character.unicodeScalars.map(codePoint).joined(separator: " ")
    }

    /// `U+00A0` style, at least four hex digits.
    private static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
