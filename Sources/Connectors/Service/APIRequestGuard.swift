/// What every API request goes through before it touches a business: the rate limit, the
/// API key, and (for bodies) the content type and JSON shape. Each refusal is a JSON error
/// with a code a program can branch on and a message a developer can act on.
import Foundation

extension WaitlistService {
    /// A refusal, or nil when the request may proceed.
    func guardAPI(_ request: HTTPRequest, expectsJSONBody: Bool) -> HTTPResponse? {
        guard limiter.allow("api:\(request.remoteAddress)") else {
            var response = JSONResponse.error(status: 429, code: "rate_limited",
                                              message: "too many requests from this address; retry in a second")
            response.headers.append(("Retry-After", "1"))
            return response
        }
        guard let authorization = request.header("authorization"), authorization.hasPrefix("Bearer ") else {
            var response = JSONResponse.error(status: 401, code: "unauthorized",
                                              message: "missing API key: send 'Authorization: Bearer <key>'")
            response.headers.append(("WWW-Authenticate", "Bearer"))
            return response
        }
        let presented = Array(Digest.sha256Hex(String(authorization.dropFirst("Bearer ".count))).utf8)
        guard ConstantTime.equals(presented, apiKeyDigest) else {
            var response = JSONResponse.error(status: 401, code: "unauthorized", message: "invalid API key")
            response.headers.append(("WWW-Authenticate", "Bearer error=\"invalid_token\""))
            return response
        }
        if expectsJSONBody {
            let type = request.header("content-type")?.split(separator: ";").first?
                .trimmingCharacters(in: .whitespaces).lowercased()
            guard type == "application/json" else {
                return JSONResponse.error(status: 415, code: "unsupported_media_type",
                                          message: "send the body as JSON with 'Content-Type: application/json'")
            }
        }
        return nil
    }

    /// The JSON object of a request body, or a 400 saying what is wrong with it.
    func jsonObject(_ request: HTTPRequest) -> Result<[String: Any], HTTPResponseBox> {
        JSONObjectBody.parse(request.body).mapError { HTTPResponseBox($0.response) }
    }
}

/// A response carried in a `Result` failure.
struct HTTPResponseBox: Error {
    var response: HTTPResponse
    init(_ response: HTTPResponse) { self.response = response }
}

extension JSONBodyError {
    /// The 400 answer for this refusal.
    var response: HTTPResponse {
        JSONResponse.error(status: 400, code: code, message: message, field: field)
    }
}
