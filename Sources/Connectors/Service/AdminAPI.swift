/// `/api/v1/admin/...`: the dashboard's data as JSON, for the SpeedAI dashboard to embed.
/// Same accounts, sessions, throttling and tenant rules as the HTML dashboard. A request
/// proves who it is with `Authorization: Bearer <session token>` (no ambient credential, so no
/// CSRF token needed) or with the `speedai_admin` cookie, in which case every unsafe method
/// must also pass the origin check and echo the session's CSRF token in `X-CSRF-Token`.
/// Every refusal is the API's JSON error; bad input changes nothing.
import Foundation
import RuleLang
import Runtime

extension WaitlistService {
    /// Routes `/api/v1/admin/...` (`parts` starts with `api`, `v1`, `admin`).
    func handleAdminAPI(_ request: HTTPRequest, parts: [String]) -> HTTPResponse {
        let rest = Array(parts.dropFirst(3))
        let method = request.method
        func only(_ allowed: String, _ body: () -> HTTPResponse) -> HTTPResponse {
            allowed.split(separator: ",").contains(Substring(method)) ? body() : Self.methodNotAllowed(allowed)
        }
        switch rest.count {
        case 1 where rest[0] == "sessions":
            return only("POST") { adminAPILogin(request) }
        case 2 where rest == ["sessions", "current"]:
            return only("DELETE") { withAdminAPISession(request) { session, byCookie in adminAPILogout(session, byCookie: byCookie) } }
        case 1 where rest[0] == "entries":
            return only("GET") { withAdminAPISession(request) { session, _ in adminAPIList(request, session: session) } }
        case 1 where rest[0] == "entries.csv":
            return only("GET") { withAdminAPISession(request) { session, _ in adminAPIExport(request, session: session) } }
        case 1 where rest[0] == "stats":
            return only("GET") { withAdminAPISession(request) { session, _ in adminAPIStats(request, session: session) } }
        case 3 where rest[0] == "entries":
            return only("GET,DELETE") {
                withAdminAPISession(request) { session, _ in
                    method == "GET" ? adminAPIEntry(request, business: rest[1], id: rest[2], session: session)
                        : adminAPIAction(request, .delete, business: rest[1], id: rest[2], session: session)
                }
            }
        case 4 where rest[0] == "entries" && (rest[3] == "notify" || rest[3] == "delete"):
            return only("POST") {
                withAdminAPISession(request) { session, _ in
                    adminAPIAction(request, rest[3] == "notify" ? .notify(slot: nil) : .delete,
                                   business: rest[1], id: rest[2], session: session)
                }
            }
        case 4 where rest[0] == "entries" && rest[3] == "priority":
            return only("POST") {
                withAdminAPISession(request) { session, _ in adminAPIPriority(request, business: rest[1], id: rest[2], session: session) }
            }
        case 2 where rest == ["privacy", "export"]:
            return only("GET") { withAdminAPISession(request) { session, _ in adminAPIPrivacyExport(request, session: session) } }
        case 2 where rest == ["privacy", "erase"]:
            return only("POST") { withAdminAPISession(request) { session, _ in adminAPIPrivacyErase(request, session: session) } }
        default:
            return JSONResponse.error(status: 404, code: "not_found", message: "no such endpoint: \(method) \(request.path)")
        }
    }

    /// A 405 naming the methods the path takes.
    static func methodNotAllowed(_ allowed: String) -> HTTPResponse {
        var response = JSONResponse.error(status: 405, code: "method_not_allowed",
                                          message: "this endpoint takes \(allowed.replacingOccurrences(of: ",", with: " or "))")
        response.headers.append(("Allow", allowed.replacingOccurrences(of: ",", with: ", ")))
        return response
    }

    // MARK: Authentication

    /// Runs `body` for the request's admin session (and whether it came from the cookie), or
    /// answers 429 / 401 / 403.
    func withAdminAPISession(_ request: HTTPRequest, _ body: (AdminSession, Bool) -> HTTPResponse) -> HTTPResponse {
        guard limiter.allow("api:\(request.remoteAddress)") else {
            var response = JSONResponse.error(status: 429, code: "rate_limited", message: "too many requests from this address; retry in a second")
            response.headers.append(("Retry-After", "1"))
            return response
        }
        if let authorization = request.header("authorization") {
            let token = authorization.hasPrefix("Bearer ") ? String(authorization.dropFirst("Bearer ".count)) : ""
            guard let session = admins.session(token: token) else {
                return Self.unauthenticated("the bearer token is not a live session; sign in again with POST /api/v1/admin/sessions")
            }
            return body(session, false)
        }
        guard let session = admins.session(cookieHeader: request.header("cookie")) else {
            return Self.unauthenticated("sign in first: send 'Authorization: Bearer <token>' from POST /api/v1/admin/sessions")
        }
        if request.method != "GET" && request.method != "HEAD" {
            guard OriginCheck.allows(request: request, publicOrigin: configuration.publicURL ?? ""),
                  admins.checkCSRF(session: session, formValue: request.header("x-csrf-token")) else {
                return JSONResponse.error(status: 403, code: "csrf_failed",
                                          message: "with the session cookie, send the session's CSRF token in 'X-CSRF-Token' from the dashboard's origin",
                                          field: "X-CSRF-Token")
            }
        }
        return body(session, true)
    }

    static func unauthenticated(_ message: String) -> HTTPResponse {
        var response = JSONResponse.error(status: 401, code: "unauthenticated", message: message)
        response.headers.append(("WWW-Authenticate", "Bearer"))
        return response
    }

    /// `POST /api/v1/admin/sessions` `{"email": ..., "password": ...}` → 201 with the token.
    func adminAPILogin(_ request: HTTPRequest) -> HTTPResponse {
        guard limiter.allow("api:\(request.remoteAddress)") else {
            var response = JSONResponse.error(status: 429, code: "rate_limited", message: "too many requests from this address; retry in a second")
            response.headers.append(("Retry-After", "1"))
            return response
        }
        if let refusal = adminAPIRefuseQuery(request, allowed: []) { return refusal }
        guard OriginCheck.allows(request: request, publicOrigin: configuration.publicURL ?? "") else {
            return JSONResponse.error(status: 403, code: "forbidden_origin", message: "sign-in is only accepted from the dashboard's origin")
        }
        let object: [String: Any]
        switch adminAPIBody(request, fields: ["email", "password"], required: true) {
        case .success(let value): object = value
        case .failure(let refusal): return refusal.response
        }
        for field in ["email", "password"] where !(object[field] is String) {
            return JSONResponse.error(status: 400, code: object[field] == nil ? "missing_field" : "invalid_type",
                                      message: "'\(field)' is required and must be a string", field: field)
        }
        switch admins.login(email: object["email"] as? String ?? "", password: object["password"] as? String ?? "",
                            remoteAddress: request.remoteAddress) {
        case .success(let session):
            telemetry.log(.info, "admin signed in (api)", ["business": .string(session.business ?? "(platform)")])
            return APIJSON.response(status: 201, ["token": session.token, "csrf": session.csrf, "email": session.email,
                                                  "expires_at": session.expiresAt.description,
                                                  "business": session.business ?? NSNull()])
        case .failure(.invalidCredentials):
            return JSONResponse.error(status: 401, code: "invalid_credentials", message: "wrong email or password")
        case .failure(.throttled(let wait)):
            var response = JSONResponse.error(status: 429, code: "too_many_attempts",
                                              message: "too many failed sign-ins; retry in \(wait) seconds")
            response.headers.append(("Retry-After", String(wait)))
            return response
        case .failure(.unavailable):
            return JSONResponse.error(status: 503, code: "unavailable", message: "storage unavailable; retry")
        }
    }

    /// `DELETE /api/v1/admin/sessions/current` → 204; the cookie is cleared when it was used.
    func adminAPILogout(_ session: AdminSession, byCookie: Bool) -> HTTPResponse {
        do { try admins.logout(token: session.token) } catch {
            return JSONResponse.error(status: 503, code: "unavailable", message: "storage unavailable; retry")
        }
        var response = HTTPResponse(status: 204, headers: SecurityHeaders.api)
        if byCookie { response.headers.append(("Set-Cookie", admins.clearingCookie(secure: securePublicURL))) }
        return response
    }

    // MARK: Input

    /// A 400 when the query names a parameter outside `allowed` (with a "did you mean").
    func adminAPIRefuseQuery(_ request: HTTPRequest, allowed: [String]) -> HTTPResponse? {
        guard let unknown = request.query.first(where: { !allowed.contains($0.name) })?.name else { return nil }
        let hint = Suggestions.didYouMean(unknown, among: allowed).map { " (\($0))" } ?? ""
        let known = allowed.isEmpty ? "this endpoint takes no query parameters" : "parameters are \(allowed.joined(separator: ", "))"
        return JSONResponse.error(status: 400, code: "unknown_parameter", message: "unknown query parameter '\(unknown)'\(hint); \(known)",
                                  field: unknown)
    }

    /// The JSON object body with only `fields`: 415 for another content type, 400 for bad
    /// JSON or an unknown field. Without `required`, an empty body is an empty object.
    func adminAPIBody(_ request: HTTPRequest, fields: [String], required: Bool) -> Result<[String: Any], HTTPResponseBox> {
        if !required && request.body.isEmpty { return .success([:]) }
        let type = request.header("content-type")?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/json" else {
            return .failure(HTTPResponseBox(JSONResponse.error(status: 415, code: "unsupported_media_type",
                                                               message: "send the body as JSON with 'Content-Type: application/json'")))
        }
        return JSONObjectBody.parse(request.body, allowedFields: fields).mapError { HTTPResponseBox($0.response) }
    }
}
