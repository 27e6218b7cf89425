/// JSON answers built from dictionaries (the API's bodies mix types freely; an `Encodable`
/// struct per answer would be ceremony). Keys sorted, slashes unescaped, security headers on.
import Foundation

/// JSON response bodies for the API.
enum APIJSON {
    /// `object` as the JSON body of a response with `status`.
    static func response(status: Int, _ object: [String: Any]) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + SecurityHeaders.api,
                     body: Array(text(object).utf8))
    }

    /// `object` as JSON text.
    static func text(_ object: [String: Any]) -> String {
        if let text = JSONText.sortedObject(object) { return text }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
