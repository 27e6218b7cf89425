/// Percent-encoding for the pieces we put into Google URLs and form bodies: calendar ids
/// contain `@` and `#`, sync and page tokens contain `=` and `+`, which must not be read as
/// syntax. Only RFC 3986 unreserved characters stay as they are.
import Foundation

/// URL and form encoding helpers.
enum GoogleURL {
    private static let unreserved: CharacterSet = {
        var set = CharacterSet()
        set.insert(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return set
    }()

    /// `value` with everything but unreserved characters percent-encoded.
    static func encode(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    /// `name=value&...`, both sides encoded (query strings and form bodies alike).
    static func query(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&")
    }
}
