/// JSON responses for the API and for the server's own errors, with one error shape
/// everywhere: `{"error":{"code":"...","message":"...","field":"..."}}`. Codes are stable
/// identifiers for programs; messages are plain English for the person reading them.

import Foundation

/// Builders for `application/json` responses.
public enum JSONResponse {
    /// The content type of every JSON response.
    public static let contentType = "application/json; charset=utf-8"

    /// An error response; `field` names the offending input when there is one.
    public static func error(status: Int, code: String, message: String, field: String? = nil) -> HTTPResponse {
        var body = "{\"error\":{\"code\":\(JSONText.quoted(code)),\"message\":\(JSONText.quoted(message))"
        if let field { body += ",\"field\":\(JSONText.quoted(field))" }
        body += "}}"
        return HTTPResponse(status: status, headers: headers, body: Array(body.utf8))
    }

    /// A success response with `object` encoded as JSON (keys sorted, so output is stable).
    /// An object that cannot be encoded yields a 500 error response rather than a crash.
    public static func ok<Object: Encodable>(status: Int = 200, object: Object) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return HTTPResponse(status: status, headers: headers, body: Array(try encoder.encode(object)))
        } catch {
            return self.error(status: 500, code: "internal_error", message: "The response could not be encoded as JSON.")
        }
    }

    /// Content type plus the API security headers.
    private static var headers: [(name: String, value: String)] {
        [(name: "Content-Type", value: contentType)] + SecurityHeaders.api
    }
}
