import Foundation

/// Phone numbers as customers type them, turned into E.164 (`+33612345678`) so the store,
/// the SMS gateway and duplicate checks all compare one spelling. Pragmatic on purpose: it
/// knows French numbering exactly and every other country only by E.164's length bounds.

/// Normalises and classifies phone numbers.
public enum PhoneNumber {
    /// The longest input worth looking at; anything longer is not a phone number.
    static let maximumInputLength = 40

    /// The E.164 form of `raw`, or nil when it is not a plausible number.
    ///
    /// French spellings (`06 12 34 56 78`, `06.12.34.56.78`, `+33 (0)6 12 34 56 78`,
    /// `0033612345678`) must carry exactly 9 national digits after `0` / `+33`, the first
    /// one 1–9. Other `+CC…` / `00CC…` numbers are accepted with 8–15 digits in all.
    /// National numbers (no `+` or `00`) are read in `defaultRegion`; only `"FR"` is known.
    public static func normalize(_ raw: String, defaultRegion: String = "FR") -> String? {
        guard let digits = digitsAndPrefix(raw) else { return nil }
        if digits.international {
            return international(digits.text)
        }
        guard defaultRegion == "FR", digits.text.count == 10, digits.text.first == "0" else { return nil }
        return french(String(digits.text.dropFirst()))
    }

    /// True for French mobile numbers in E.164 (`+336…`, `+337…`): the ones that receive SMS.
    public static func isMobileFR(_ e164: String) -> Bool {
        e164.count == 12 && (e164.hasPrefix("+336") || e164.hasPrefix("+337"))
            && e164.dropFirst().allSatisfy(\.isASCIIDigit)
    }

    /// The digits of `raw` and whether it was written internationally (`+` or `00`), or nil
    /// when it holds anything but digits, one leading `+` and the usual separators.
    private static func digitsAndPrefix(_ raw: String) -> (text: String, international: Bool)? {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty, trimmed.count <= maximumInputLength else { return nil }
        var body = Substring(trimmed)
        let plus = body.first == "+"
        if plus { body = body.dropFirst() }
        // `+33 (0)6…`: the bracketed trunk zero is written but never dialled.
        var compact = String(body.filter { !isSeparator($0) })
        if plus { compact = compact.replacingOccurrences(of: "(0)", with: "") }
        compact = compact.filter { $0 != "(" && $0 != ")" }
        guard !compact.isEmpty, compact.allSatisfy(\.isASCIIDigit) else { return nil }
        if plus { return (compact, true) }
        if compact.hasPrefix("00") { return (String(compact.dropFirst(2)), true) }
        return (compact, false)
    }

    /// Spaces (including the no-break spaces French typography uses), dots, dashes, slashes.
    private static func isSeparator(_ character: Character) -> Bool {
        character == " " || character == "\u{A0}" || character == "\u{202F}" || character == "\t"
            || character == "." || character == "-" || character == "/"
    }

    /// `digits` after the international prefix: country code and national number.
    private static func international(_ digits: String) -> String? {
        if digits.hasPrefix("33") { return french(String(digits.dropFirst(2))) }
        guard (8...15).contains(digits.count), digits.first != "0" else { return nil }
        return "+" + digits
    }

    /// A French national significant number: 9 digits, the first 1–9.
    private static func french(_ national: String) -> String? {
        guard national.count == 9, let first = national.first, first != "0" else { return nil }
        return "+33" + national
    }
}

extension Character {
    /// `0`–`9` only: other scripts' digits are not accepted in phone numbers.
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
