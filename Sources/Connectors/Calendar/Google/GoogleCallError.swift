/// Why a call to Google did not succeed, sorted by what the caller should do: reconnect the
/// calendar (the refresh token is dead), try again later (rate limits, 5xx, network), or give
/// up on this request (any other 4xx). Google's error bodies are JSON
/// (`{"error":{"code":403,"message":...,"errors":[{"domain":"usageLimits","reason":"rateLimitExceeded"}]}}`
/// for the API, `{"error":"invalid_grant","error_description":...}` for OAuth), but a proxy
/// may answer with an HTML page, so the reading is lenient.
import Foundation

/// A failed call, classified.
enum GoogleCallError: Error, Equatable {
    /// The refresh token was revoked or expired (`invalid_grant`) or the OAuth client is
    /// refused: only the admin can fix it by connecting the calendar again.
    case reconnect(String)
    /// Worth retrying later: 429, 403 rate limits, 5xx, network trouble, an unreadable answer.
    case transient(String)
    /// Google refused this request for good (`status`, `reason` from the error body).
    case rejected(status: Int, reason: String?, message: String)

    /// The message for an operator.
    var message: String {
        switch self {
        case .reconnect(let text): return "reconnect calendar: \(text)"
        case .transient(let text): return text
        case .rejected(_, _, let text): return text
        }
    }

    /// The `reason` of a rejected call.
    var reason: String? {
        if case .rejected(_, let reason, _) = self { return reason }
        return nil
    }

    /// The status of a rejected call.
    var status: Int? {
        if case .rejected(let status, _, _) = self { return status }
        return nil
    }
}

/// Reads Google error bodies.
enum GoogleErrorBody {
    /// 403 reasons that mean "slow down", per the Calendar API's error guide.
    static let rateLimitReasons: Set<String> = ["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded", "dailyLimitExceeded"]

    /// `(reason, domain, message)` of an API error body; nils when it is not Google's JSON.
    static func parse(_ body: [UInt8]) -> (reason: String?, domain: String?, message: String?) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else { return (nil, nil, nil) }
        if let error = object["error"] as? [String: Any] {
            let first = (error["errors"] as? [[String: Any]])?.first
            return (first?["reason"] as? String ?? error["status"] as? String, first?["domain"] as? String,
                    error["message"] as? String ?? first?["message"] as? String)
        }
        // OAuth: {"error":"invalid_grant","error_description":"..."}
        return (object["error"] as? String, nil, object["error_description"] as? String)
    }

    /// The classification of a non-2xx answer to `what` (`listing events`).
    static func classify(_ response: OutboundHTTPResponse, what: String) -> GoogleCallError {
        let (reason, domain, message) = parse(response.body)
        let detail = message.map { ": \($0)" } ?? (reason == nil ? ": \(snippet(response.body))" : "")
        let label = "Google Calendar answered \(response.status)\(reason.map { " (\($0))" } ?? "") when \(what)\(detail)"
        // 401 after a fresh token, 429 and 5xx pass: try again later.
        if response.status == 401 || response.status == 429 || response.status >= 500 { return .transient(label) }
        if response.status == 403, domain == "usageLimits" || reason.map(rateLimitReasons.contains) == true {
            return .transient(label)
        }
        return .rejected(status: response.status, reason: reason, message: label)
    }

    /// The start of a body that is not JSON (an HTML error page), on one line.
    static func snippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(120), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? "empty body" : "unexpected body '\(text)'"
    }
}
