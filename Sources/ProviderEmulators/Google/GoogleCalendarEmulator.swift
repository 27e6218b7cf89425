/// A local Google Calendar (API v3 plus the OAuth token endpoint) on 127.0.0.1, for tests,
/// the bench and demos: one calendar, reachable as `primary` or by its id, that behaves as the
/// documentation describes, failures included, with hooks to play the other clients of the
/// calendar (the front desk adding or cancelling a booking), to expire sync tokens, revoke
/// the grant and inject rate limits or outages.
import Connectors
import Foundation
import Runtime

/// The emulator. Start it, point a `GoogleCalendarConfiguration` at `baseURL` / `tokenURL`.
public final class GoogleCalendarEmulator: Sendable {
    private let core: GoogleEmulatorCore
    private let server: HTTPServer

    /// An emulator of the calendar `calendarID` (in zone `timeZone`) that grants tokens to
    /// this OAuth client and refresh token. `now` is its clock (token and channel expiry).
    public init(calendarID: String = "owner@example.com", timeZone: String = "Europe/Paris",
                clientID: String = "emulator-client.apps.googleusercontent.com", clientSecret: String = "emulator-secret",
                refreshToken: String = "1//emulator-refresh-token",
                now: @escaping @Sendable () -> Instant = { Instant(seconds: Int64(Date().timeIntervalSince1970)) }) {
        core = GoogleEmulatorCore(calendarID: calendarID, timeZone: timeZone, clientID: clientID, clientSecret: clientSecret,
                                  refreshToken: refreshToken, pushClient: CurlHTTPClient(connectTimeout: 2), now: now)
        var configuration = HTTPServerConfiguration()
        configuration.threads = 2
        configuration.maxBodyBytes = 1 << 20
        server = HTTPServer(configuration: configuration, handler: core)
    }

    /// Listens on an ephemeral port of 127.0.0.1.
    public func start() throws(HTTPServerError) {
        try server.start()
        let base = baseURL
        core.state.withLock { $0.baseURL = base }
    }

    /// Stops listening; notifications already queued are still sent.
    public func stop() {
        server.stop()
        core.pushQueue.sync {}
    }

    /// The API root, like `https://www.googleapis.com/calendar/v3`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)/calendar/v3" }
    /// The token endpoint, like `https://oauth2.googleapis.com/token`.
    public var tokenURL: String { "http://127.0.0.1:\(server.port)/token" }
    /// The calendar's id (`primary` also names it).
    public var calendarID: String { core.calendarID }

    // MARK: - Other clients of the calendar

    /// Adds an event as another client would (no validation: an event without `end` is
    /// possible here); an empty id gets a fresh one. Returns the id.
    @discardableResult
    public func externalInsert(_ event: GoogleEmulatorEvent) -> String {
        var event = event
        if event.id.isEmpty { event.id = GoogleEmulatorCore.newEventID() }
        _ = core.store(event, replacing: core.state.withLock { $0.events[event.id] != nil })
        return event.id
    }

    /// Changes an existing event as another client would (a guest declines, a move).
    public func externalUpdate(eventID: String, _ change: (inout GoogleEmulatorEvent) -> Void) {
        guard var event = core.state.withLock({ $0.events[eventID] }) else { return }
        change(&event)
        _ = core.store(event, replacing: true)
    }

    /// Deletes an event as another client would (it stays, `cancelled`, for incremental sync).
    public func externalCancel(eventID: String) {
        _ = core.deleteEvent(eventID)
    }

    // MARK: - Failures

    /// Makes every sync token issued so far expired: its next use answers 410.
    public func expireSyncTokens() {
        core.state.withLock { $0.syncGeneration += 1 }
    }

    /// Revokes a grant: the refresh token answers `invalid_grant`, its access tokens 401.
    public func revoke(refreshToken: String) {
        _ = core.state.withLock { $0.refreshTokens.remove(refreshToken) }
    }

    /// Makes every access token issued so far invalid (401) while the grant stays valid.
    public func expireAccessTokens() {
        core.state.withLock { $0.accessTokens = [:] }
    }

    /// Failures for the next API requests, one each, in order.
    public func enqueueFailures(_ failures: [GoogleEmulatorFailure]) {
        core.state.withLock { $0.failures.append(contentsOf: failures) }
    }

    // MARK: - Inspection

    /// Every event, deleted ones included (`status == "cancelled"`), by id.
    public var events: [GoogleEmulatorEvent] {
        core.state.withLock { $0.events.values.sorted { $0.id < $1.id } }
    }

    /// `METHOD /path?query` of every authenticated API request, in order.
    public var requests: [String] { core.state.withLock { $0.requests } }

    /// How many times the token endpoint was called.
    public var tokenRequestCount: Int { core.state.withLock { $0.tokenRequests } }

    /// The live push channels, by id.
    public var channels: [GoogleEmulatorChannel] {
        core.state.withLock { $0.channels.values.sorted { $0.id < $1.id } }
    }

    /// The notifications sent so far; waits for queued ones first.
    public var pushes: [GoogleEmulatorPush] {
        core.pushQueue.sync {}
        return core.state.withLock { $0.pushes }
    }

    /// Waits until every queued notification has been delivered.
    public func waitForPushes() {
        core.pushQueue.sync {}
    }
}
