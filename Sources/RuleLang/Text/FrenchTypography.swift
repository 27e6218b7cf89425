/// French typography for everything a customer or an admin reads: a narrow no-break space
/// (U+202F) before « : ; ! ? » and a no-break space (U+00A0) inside « ». One helper for the
/// public pages, the dashboard and the SMS, so the three never disagree.
///
/// It only turns an existing space into the no-break one, never inserts one: `https://`,
/// `?page=2`, `19h30`, `&amp;` and CSS like `color:red` have no space before their sign,
/// so they come out unchanged.

/// The French spacing rules.
public enum FrenchTypography {
    /// U+202F, before `:` `;` `!` `?`.
    public static let narrowNoBreakSpace: Character = "\u{202F}"
    /// U+00A0, after `«` and before `»`.
    public static let noBreakSpace: Character = "\u{00A0}"

    /// `text` with the spaces around « : ; ! ? » and inside « » made no-break.
    public static func apply(_ text: String) -> String {
        // Fast path: most strings (values, URLs) have no space next to those signs.
        guard text.contains(where: { $0 == "«" || $0 == "»" || isHighPunctuation($0) }) else { return text }
        var characters = Array(text)
        for index in characters.indices {
            let character = characters[index]
            if isHighPunctuation(character) || character == "»", index > 0, isBreakableSpace(characters[index - 1]) {
                characters[index - 1] = character == "»" ? noBreakSpace : narrowNoBreakSpace
            } else if character == "«", index + 1 < characters.count, isBreakableSpace(characters[index + 1]) {
                characters[index + 1] = noBreakSpace
            }
        }
        return String(characters)
    }

    /// The text nodes of an HTML document through `apply`: tags, attributes and the contents
    /// of `<style>`, `<script>`, `<textarea>`, `<pre>` and `<code>` (the rules editor's
    /// source, CSS) are left exactly as they are.
    public static func applyToHTML(_ html: String) -> String {
        guard html.contains(where: { $0 == "«" || $0 == "»" || isHighPunctuation($0) }) else { return html }
        var output = ""
        output.reserveCapacity(html.utf8.count + 64)
        var rest = html[...]
        while let open = rest.firstIndex(of: "<") {
            output += apply(String(rest[..<open]))
            guard let close = rest[open...].firstIndex(of: ">") else {
                output += rest[open...]
                return output
            }
            let tag = rest[open...close]
            output += tag
            rest = rest[rest.index(after: close)...]
            if let name = verbatimElement(tag), let end = closingTag(of: name, in: rest) {
                output += rest[..<end]
                rest = rest[end...]
            }
        }
        output += apply(String(rest))
        return output
    }

    /// `text` typeset when it is already UCS-2, plain otherwise. U+202F is outside GSM-7: a
    /// GSM-7 text would switch to UCS-2, from 160 to 70 characters per segment, and even one
    /// that still fits with the sample values could take more segments with a longer name. In
    /// UCS-2 a space and U+202F are one unit each, so the segment count cannot change.
    public static func applyToSMS(_ text: String) -> String {
        guard SMSEncoding.billing(text).encoding == .ucs2 else { return text }
        let typeset = apply(text)
        return SMSEncoding.billing(typeset).segments == SMSEncoding.billing(text).segments ? typeset : text
    }


    /// Where `</name` starts in `text` (any case), if anywhere.
    private static func closingTag(of name: String, in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        while let open = text[index...].firstIndex(of: "<") {
            let after = text[text.index(after: open)...]
            if after.hasPrefix("/"), after.dropFirst().prefix(name.count).lowercased() == name { return open }
            index = text.index(after: open)
        }
        return nil
    }

    private static func isHighPunctuation(_ character: Character) -> Bool {
        character == ":" || character == ";" || character == "!" || character == "?"
    }

    private static func isBreakableSpace(_ character: Character) -> Bool {
        character == " " || character == "\u{00A0}" || character == "\u{202F}"
    }

    /// The element whose content must stay verbatim, when `tag` opens one.
    private static func verbatimElement(_ tag: Substring) -> String? {
        let name = tag.dropFirst().prefix { $0.isLetter }.lowercased()
        return ["style", "script", "textarea", "pre", "code"].contains(name) ? name : nil
    }
}
