/// The service's routes: the API, the public pages, health and metrics. One `HTTPHandler`
/// the server calls on its threads; each route is a synchronous function of the request.
import Foundation
import Runtime

/// Routes requests to the waitlist service.
public struct ServiceRouter: HTTPHandler {
    let service: WaitlistService

    /// A router over `service`.
    public init(service: WaitlistService) { self.service = service }

    public func handle(_ original: HTTPRequest) -> HTTPResponse {
        let started = Date()
        // A HEAD is a GET without the body, all the way down: link previewers send HEADs to
        // offer links, and a handler that saw "HEAD" must never take it for the POST.
        var request = original
        if original.method == "HEAD" { request.method = "GET" }
        let parts = Self.pathParts(request.path)
        let method = request.method
        var response: HTTPResponse
        if let allowed = ServiceRoutes.allowedMethods(parts, testClock: service.configuration.testClock),
           !allowed.contains(method) {
            response = Self.methodNotAllowed(allowed, json: parts.first == "api" || parts.first == "_test")
        } else if let dashboard = service.handleDashboard(request, parts: parts) {
            response = dashboard
        } else {
            switch (method, parts.first, parts.count) {
            case ("POST", "api", 4) where parts == ["api", "v1", "waitlist", "trigger"]:
                response = service.handleTrigger(request)
            case ("GET", "api", 3) where parts == ["api", "v1", "availability"]:
                response = service.handleAvailability(request)
            case ("GET", "waitlist", 2), ("POST", "waitlist", 2):
                response = service.handleWaitlistPage(request, secret: parts[1])
            case ("GET", "waitlist", 3) where parts[2] == "merci":
                response = service.handleThankYou(request, secret: parts[1])
            case ("GET", "o", 3), ("POST", "o", 3):
                response = service.handleOfferPage(request, secret: parts[1], answer: parts[2])
            case ("GET", "assets", 2) where parts[1] == "waitlist.css":
                response = HTTPResponse(status: 200, headers: [("Content-Type", "text/css; charset=utf-8"),
                                                               ("Cache-Control", "public, max-age=86400")],
                                        body: Array(Pages.stylesheet.utf8))
            case ("POST", "webhooks", 3) where parts[1] == "twilio" && parts[2] == "sms":
                response = service.handleTwilioInbound(request)
            case ("POST", "webhooks", 3) where parts[1] == "twilio" && parts[2] == "status":
                response = service.handleTwilioStatus(request)
            case ("POST", "webhooks", 3) where parts[1] == "google" && parts[2] == "calendar":
                response = service.handleGooglePush(request)
            case ("GET", "healthz", 1):
                response = service.handleHealth()
            case ("GET", "metrics", 1):
                service.updateCalendarMetrics()
                response = HTTPResponse(status: 200, headers: [("Content-Type", Metrics.contentType)],
                                        body: Array(service.telemetry.renderMetrics().utf8))
            case ("POST", "_test", 2) where parts[1] == "clock" && service.configuration.testClock:
                response = service.handleTestClock(request)
            case (_, "api", _):
                response = JSONResponse.error(status: parts.count >= 2 && request.method != "GET" && request.method != "POST" ? 405 : 404,
                                              code: "not_found", message: "no such endpoint: \(request.method) \(request.path)")
            default:
                response = service.pageResponse(status: 404, html: Pages.notFound(), noStore: true)
            }
        }
        if original.method == "HEAD" { response.body = [] }
        service.telemetry.countRequest(route: Self.routeLabel(parts, testClock: service.configuration.testClock), status: response.status,
                                       seconds: Date().timeIntervalSince(started))
        return response
    }

    /// The path's non-empty segments. In ASCII without CR (every real request path) a byte is
    /// a character, so splitting the bytes gives what splitting the characters gives, cheaper.
    static func pathParts(_ path: String) -> [String] {
        if path.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) {
            return path.utf8.split(separator: UInt8(ascii: "/")).map { String(decoding: $0, as: UTF8.self) }
        }
        return path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// 405 for a known path asked with another method, naming the methods it takes: the
    /// API's JSON error for API paths, a short page elsewhere.
    static func methodNotAllowed(_ allowed: [String], json: Bool) -> HTTPResponse {
        var response = json
            ? JSONResponse.error(status: 405, code: "method_not_allowed",
                                 message: "this endpoint takes \(allowed.joined(separator: ", "))")
            : HTTPResponse(status: 405, headers: [("Content-Type", "text/plain; charset=utf-8")] + SecurityHeaders.page(noStore: true),
                           body: Array("Méthode non autorisée : \(allowed.joined(separator: ", ")).\n".utf8))
        response.headers.append(("Allow", allowed.joined(separator: ", ")))
        return response
    }

    /// The route label for metrics: the route table's template (`/waitlist/{token}`), never
    /// the typed path, and `other` for a path no route has, so the series stay bounded and a
    /// link secret can never be planted in a label.
    static func routeLabel(_ parts: [String], testClock: Bool) -> String {
        ServiceRoutes.template(parts, testClock: testClock) ?? "other"
    }
}

extension WaitlistService {
    /// `GET /healthz`: 200 when the database answers, 503 otherwise. The status is `degraded`
    /// (still 200: the process serves, restarting it would not help) while some establishment's
    /// calendar cannot be read; `calendar_unavailable` lists them.
    func handleHealth() -> HTTPResponse {
        do {
            let counts = try store.outboxCounts()
            let unreadable = businessesWithUnavailableCalendar()
            return APIJSON.response(status: 200, ["status": unreadable.isEmpty ? "ok" : "degraded", "businesses": businessIDs,
                                                  "calendar_unavailable": unreadable,
                                                  "outbox_pending": counts[.pending] ?? 0, "outbox_dead": counts[.dead] ?? 0])
        } catch {
            return JSONResponse.error(status: 503, code: "unhealthy", message: "database unavailable")
        }
    }

    /// The largest single move of the test clock: ten years.
    static let testClockMaxAdvance = 10 * 366 * 86_400

    /// `POST /_test/clock` with `{"advance_seconds": N}` (only with `serve --test-clock`).
    func handleTestClock(_ request: HTTPRequest) -> HTTPResponse {
        guard let clock = clock as? AdjustableClock else {
            return JSONResponse.error(status: 404, code: "not_found", message: "no test clock")
        }
        // Bounded: a test never needs more than ten years, and an unbounded jump would overflow
        // the clock's arithmetic.
        guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
              let seconds = object["advance_seconds"] as? Int, (0...Self.testClockMaxAdvance).contains(seconds) else {
            return JSONResponse.error(status: 400, code: "invalid_json",
                                      message: "send {\"advance_seconds\": N} with N from 0 to \(Self.testClockMaxAdvance)",
                                      field: "advance_seconds")
        }
        let now = clock.advance(bySeconds: Int64(seconds))
        fireDueTimers()
        return APIJSON.response(status: 200, ["now": now.description])
    }

    /// An HTML page with the security headers.
    func pageResponse(status: Int, html: String, noStore: Bool) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "text/html; charset=utf-8")] + SecurityHeaders.page(noStore: noStore),
                     body: Array(html.utf8))
    }
}
