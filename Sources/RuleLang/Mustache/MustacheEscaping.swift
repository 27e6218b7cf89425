/// How interpolated values are escaped. HTML pages need the spec's escaping so a
/// client named `<b>` cannot inject markup; SMS text must go out exactly as typed, or
/// "Fish & Chips" would reach a phone as "Fish &amp; Chips".

/// The escaping applied by `{{name}}` (never by `{{{name}}}` or `{{&name}}`).
public enum MustacheEscaping: Sendable, Hashable {
    /// HTML escaping: `&` `<` `>` `"` as the Mustache spec requires, plus `'` → `&#39;`
    /// so values are also safe inside single-quoted attributes.
    case html
    /// No escaping at all, for SMS text: `{{x}}` and `{{{x}}}` render the same.
    case none
}

extension MustacheEscaping {
    /// Appends `text` to `output`, escaped. Text without special characters, the common
    /// case, is appended in one piece.
    func append(_ text: String, to output: inout String) {
        guard self == .html else {
            output += text
            return
        }
        let utf8 = text.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            if let replacement = Self.htmlReplacement(for: utf8[index]) {
                output += text[runStart..<index]
                output += replacement
                runStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        output += text[runStart..<utf8.endIndex]
    }

    private static func htmlReplacement(for byte: UInt8) -> String? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case UInt8(ascii: "'"): "&#39;"
        default: nil
        }
    }
}
