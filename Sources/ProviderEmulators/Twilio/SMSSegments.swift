/// How many SMS segments a text costs, the `num_segments` Twilio reports: texts in the GSM-7
/// alphabet fit 160 characters in one SMS and 153 per segment once split; anything else
/// (`ê`, `ç`, `ô`, emoji, common in French) switches the whole SMS to UCS-2: 70, then 67 per
/// segment. Extension characters (`€`, `{`, `[`, ...) take two GSM-7 slots.

/// SMS segment counting.
enum SMSSegments {
    static let basic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà".unicodeScalars)
    static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)

    /// Segments needed for `text` (at least 1).
    static func count(_ text: String) -> Int {
        var septets = 0
        var isGSM = true
        for character in text.unicodeScalars {
            if basic.contains(character) { septets += 1 } else if extended.contains(character) { septets += 2 } else { isGSM = false; break }
        }
        if isGSM { return septets <= 160 ? 1 : (septets + 152) / 153 }
        let units = text.utf16.count
        return units <= 70 ? 1 : (units + 66) / 67
    }
}
