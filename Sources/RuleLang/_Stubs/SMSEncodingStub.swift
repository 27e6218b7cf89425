/// TEMP stand-in for the `mustache` branch's SMS analysis.
public enum SMSEncoding: String, Sendable, Hashable {
    case gsm7, ucs2

    public static func analyze(_ text: String) -> SMSSegmentInfo {
        let gsm = Set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
        var forcing: [Character] = []
        for c in text where !gsm.contains(c) && !forcing.contains(c) { forcing.append(c) }
        let encoding: SMSEncoding = forcing.isEmpty ? .gsm7 : .ucs2
        let units = encoding == .gsm7 ? text.count : text.utf16.count
        let single = encoding == .gsm7 ? 160 : 70
        let multi = encoding == .gsm7 ? 153 : 67
        let segments = units == 0 ? 0 : units <= single ? 1 : (units + multi - 1) / multi
        return SMSSegmentInfo(encoding: encoding, units: units, segments: segments, charactersForcingUCS2: forcing)
    }
    public var displayName: String { self == .gsm7 ? "GSM-7" : "UCS-2" }
}

public struct SMSSegmentInfo: Sendable, Equatable {
    public let encoding: SMSEncoding
    public let units: Int
    public let segments: Int
    public let charactersForcingUCS2: [Character]
    public init(encoding: SMSEncoding, units: Int, segments: Int, charactersForcingUCS2: [Character]) {
        self.encoding = encoding
        self.units = units
        self.segments = segments
        self.charactersForcingUCS2 = charactersForcingUCS2
    }
    public var summary: String {
        var text = encoding.displayName
        if !charactersForcingUCS2.isEmpty { text += " (forced by \(charactersForcingUCS2.map { String($0) }.joined(separator: " ")))" }
        text += ", \(units) characters, \(segments) segment\(segments == 1 ? "" : "s")"
        return text
    }
}
