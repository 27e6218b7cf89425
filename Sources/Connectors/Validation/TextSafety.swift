/// Which characters may appear in text a customer types. Control characters and Unicode
/// direction overrides are refused: they can break SMS bodies, CSV exports and logs, or
/// make a name display differently in the dashboard than it is stored ("Trojan Source").

/// Detects characters that have no place in a name, phone number or e-mail address.
enum TextSafety {
    /// True when `text` holds a control character (C0, DEL, C1), a line or paragraph
    /// separator, or a bidirectional embedding, override or isolate.
    static func containsForbiddenCharacters(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isForbidden)
    }

    /// `text` without the forbidden characters, to show it back safely.
    static func removingForbiddenCharacters(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.filter { !isForbidden($0) })
        return String(scalars)
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C: true
        default: false
        }
    }
}
