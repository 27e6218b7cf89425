/// Parses a URL query string with the same rules as form bodies (browsers submit GET forms
/// that way), for code that holds a raw query rather than libmicrohttpd's decoded arguments.

/// The query string parser.
public enum QueryString {
    /// The parameters of `query` (with or without its leading `?`) in order, or nil when an
    /// escape is malformed or a name or value is not UTF-8.
    public static func parse(_ query: String) -> [(name: String, value: String)]? {
        // Byte-wise on purpose: as Characters, `?` followed by a combining mark (U+0301,
        // U+302F...) is one grapheme, so `hasPrefix("?")` missed it and the `?` stayed in
        // the first name (found by the `form` fuzz target).
        var bytes = Array(query.utf8)
        if bytes.first == UInt8(ascii: "?") { bytes.removeFirst() }
        return FormDecoding.decode(bytes)
    }
}
