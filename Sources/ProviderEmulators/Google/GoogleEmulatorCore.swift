/// The Google Calendar emulator's request handling: the OAuth token endpoint at `/token` and
/// the Calendar v3 API under `/calendar/v3`, each API call authenticated with a bearer token
/// like Google's (401 `authError` otherwise), then subject to any injected failure, then
/// routed to events, freeBusy, watch or channels.stop.
import Connectors
import Foundation
import Runtime
import Synchronization

/// Serves the emulated endpoints. `Sendable`: all mutable state is in one `Mutex`; pushes go
/// out on a serial queue, outside the lock.
final class GoogleEmulatorCore: HTTPHandler {
    let state = Mutex(GoogleEmulatorState())
    /// The calendar's id and its alias (`primary` names the same calendar).
    let calendarID: String
    let calendarAlias = "primary"
    let timeZone: String
    let clientID: String
    let clientSecret: String
    let now: @Sendable () -> Instant
    /// The watched resource's id, the same for every channel on this calendar's events.
    let resourceID = "emu-" + Base64URL.encode(SecureRandom.bytes(9))
    let pushQueue = DispatchQueue(label: "google-calendar-emulator.push")
    let pushClient: any HTTPClient

    init(calendarID: String, timeZone: String, clientID: String, clientSecret: String, refreshToken: String,
         pushClient: any HTTPClient, now: @escaping @Sendable () -> Instant) {
        self.calendarID = calendarID
        self.timeZone = timeZone
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.pushClient = pushClient
        self.now = now
        _ = state.withLock { $0.refreshTokens.insert(refreshToken) }
    }

    var zone: ZoneConverter { ZoneConverter(identifier: timeZone) ?? ZoneConverter(identifier: "UTC")! }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path == "/token" {
            return request.method == "POST" ? token(request) : Self.error(GoogleEmulatorError(status: 405, reason: "methodNotAllowed", message: "Use POST."))
        }
        guard request.path.hasPrefix("/calendar/v3/") else {
            return Self.error(GoogleEmulatorError(status: 404, reason: "notFound", message: "Not Found"))
        }
        guard authorised(request) else {
            return Self.error(GoogleEmulatorError(status: 401, reason: "authError", message: "Invalid Credentials"))
        }
        let failure = state.withLock { state -> GoogleEmulatorFailure? in
            state.requests.append(request.method + " " + request.path + (request.query.isEmpty ? "" : "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")))
            return state.failures.isEmpty ? nil : state.failures.removeFirst()
        }
        switch failure {
        case .status(let status, let reason)?:
            let chosen = reason ?? (status >= 500 ? "backendError" : "rateLimitExceeded")
            let domain = chosen.hasSuffix("RateLimitExceeded") || chosen == "rateLimitExceeded" ? "usageLimits" : "global"
            return Self.error(GoogleEmulatorError(status: status, reason: chosen, message: status >= 500 ? "Backend Error" : "Rate Limit Exceeded", domain: domain))
        case .garbage?:
            return HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array("{\"items\": [tru".utf8))
        case .htmlPage?:
            return HTTPResponse(status: 502, headers: [("Content-Type", "text/html")], body: Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8))
        case .slow(let seconds)?:
            Thread.sleep(forTimeInterval: seconds)
        case nil:
            break
        }
        return route(request, Array(request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst(3).map(String.init)))
    }

    /// `parts`: the path after `/calendar/v3/`.
    private func route(_ request: HTTPRequest, _ parts: [String]) -> HTTPResponse {
        switch (request.method, parts.count, parts.first) {
        case ("POST", 1, "freeBusy"): return freeBusy(request)
        case ("POST", 2, "channels") where parts[1] == "stop": return stopChannel(request)
        default: break
        }
        guard parts.count >= 3, parts[0] == "calendars", parts[2] == "events" else {
            return Self.error(GoogleEmulatorError(status: 404, reason: "notFound", message: "Not Found"))
        }
        guard parts[1] == calendarID || parts[1] == calendarAlias else {
            return Self.error(GoogleEmulatorError(status: 404, reason: "notFound", message: "Not Found"))
        }
        switch (request.method, parts.count) {
        case ("GET", 3): return listEvents(request)
        case ("POST", 3): return insertEvent(request)
        case ("POST", 4) where parts[3] == "watch": return watch(request)
        case ("GET", 4): return getEvent(parts[3])
        case ("PUT", 4): return updateEvent(parts[3], request)
        case ("DELETE", 4): return deleteEvent(parts[3])
        default: return Self.error(GoogleEmulatorError(status: 404, reason: "notFound", message: "Not Found"))
        }
    }

    private func authorised(_ request: HTTPRequest) -> Bool {
        guard let header = request.header("authorization"), header.hasPrefix("Bearer ") else { return false }
        let token = String(header.dropFirst(7))
        let current = now()
        return state.withLock { state in
            guard let issued = state.accessTokens[token] else { return false }
            return current < issued.expiry && state.refreshTokens.contains(issued.refreshToken)
        }
    }

    // MARK: - JSON answers

    /// 200 (or `status`) with a JSON object.
    static func json(_ object: [String: Any], status: Int = 200) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=UTF-8")], body: Array(data))
    }

    /// Google's error JSON: `{"error":{"errors":[{domain,reason,message}],"code","message"}}`.
    static func error(_ error: GoogleEmulatorError) -> HTTPResponse {
        json(["error": ["errors": [["domain": error.domain, "reason": error.reason, "message": error.message]],
                        "code": error.status, "message": error.message]], status: error.status)
    }

    /// The request body as a JSON object, or Google's 400 `parseError`.
    static func body(_ request: HTTPRequest) -> Result<[String: Any], GoogleEmulatorError> {
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            return .failure(GoogleEmulatorError(status: 400, reason: "parseError", message: "Parse Error"))
        }
        return .success(object)
    }
}
