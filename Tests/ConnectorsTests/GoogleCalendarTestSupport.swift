/// Shared pieces of the Google Calendar tests: an emulator on 127.0.0.1 with a clock the
/// test moves, gateways pointed at it, a webhook receiver that records push notifications,
/// and booking operations.
import Foundation
import Runtime
import Synchronization
@testable import Connectors
import ProviderEmulators

/// An emulator, its clock, and gateways wired to both.
final class GoogleFixture: Sendable {
    /// Monday 2025-01-20 08:00 UTC.
    static let morning = Instant(seconds: 1_737_360_000)
    /// 2025-01-20 18:00 UTC (19:00 in Paris).
    static let evening = Instant(seconds: 1_737_396_000)

    let clock = ManualClock(GoogleFixture.morning)
    let emulator: GoogleCalendarEmulator

    init() throws {
        let clock = self.clock
        emulator = GoogleCalendarEmulator(now: { clock.now() })
        try emulator.start()
    }

    deinit { emulator.stop() }

    /// A gateway with the emulator's credentials (or `refreshToken`), through libcurl.
    func gateway(pushAddress: String? = nil, channelLifetime: Int = 7 * 86_400, timeout: Double = 10,
                 refreshToken: String = "1//emulator-refresh-token") -> GoogleCalendarGateway {
        let configuration = GoogleCalendarConfiguration(
            clientID: "emulator-client.apps.googleusercontent.com", clientSecret: "emulator-secret",
            refreshToken: refreshToken, tokenURL: emulator.tokenURL, apiBaseURL: emulator.baseURL,
            pushAddress: pushAddress, channelLifetime: channelLifetime, timeout: timeout)
        let clock = self.clock
        return GoogleCalendarGateway(configuration: configuration, client: CurlHTTPClient(), now: { clock.now() })
    }

    /// Reads from the start of the morning.
    func read(_ gateway: GoogleCalendarGateway, state: String? = nil) throws -> CalendarSnapshot {
        try gateway.read(business: "bistro", from: Self.morning, state: state)
    }

    /// A booking (or hold) operation for entry `entry`.
    static func operation(_ entry: Int, hold: Bool = false, action: CalendarOperation.Action = .upsert,
                          start: Instant = evening, minutes: Int64 = 90, units: Int = 2, resource: String = "",
                          capacity: Int? = nil) -> CalendarOperation {
        CalendarOperation(action: action, business: "bistro", uid: (hold ? "speedai-hold-" : "speedai-booking-") + String(entry),
                          start: start, end: start + .seconds(minutes * 60), resource: resource, units: units,
                          summary: "Table pour \(units) — Dupont", capacity: capacity)
    }

    /// An event of another client, with our party-size convention.
    static func external(id: String = "", start: Instant = evening, minutes: Int64 = 90, party: Int? = nil,
                         resource: String? = nil) -> GoogleEmulatorEvent {
        var properties: [String: String] = [:]
        if let party { properties["speedaiParty"] = String(party) }
        if let resource { properties["speedaiResource"] = resource }
        return .timed(id: id, summary: "Walk-in", start: start, end: start + .seconds(minutes * 60), privateProperties: properties)
    }

    /// The emulator's requests that list events.
    var listRequests: [String] {
        emulator.requests.filter { $0.hasPrefix("GET /calendar/v3/calendars/") && $0.contains("/events?") }
    }
}

/// A webhook receiver on 127.0.0.1 that records what it is sent.
final class GooglePushReceiver: Sendable {
    /// The requests received, shared with the server's handler.
    final class Log: Sendable {
        let requests = Mutex<[HTTPRequest]>([])
    }
    let server: HTTPServer
    let log = Log()

    init() throws {
        let log = self.log
        server = HTTPServer(configuration: HTTPServerConfiguration(threads: 1), handler: HTTPHandlerFunction { request in
            log.requests.withLock { $0.append(request) }
            return HTTPResponse(status: 200)
        })
        try server.start()
    }

    deinit { server.stop() }

    var address: String { "http://127.0.0.1:\(server.port)/webhooks/google" }
    var requests: [HTTPRequest] { log.requests.withLock { $0 } }
}
