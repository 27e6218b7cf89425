/// Parses a URL query string with the same rules as form bodies (browsers submit GET forms
/// that way), for code that holds a raw query rather than libmicrohttpd's decoded arguments.

/// The query string parser.
public enum QueryString {
    /// The parameters of `query` (with or without its leading `?`) in order, or nil when an
    /// escape is malformed or a name or value is not UTF-8.
    public static func parse(_ query: String) -> [(name: String, value: String)]? {
        var text = Substring(query)
        if text.hasPrefix("?") { text = text.dropFirst() }
        return FormDecoding.decode(Array(text.utf8))
    }
}
