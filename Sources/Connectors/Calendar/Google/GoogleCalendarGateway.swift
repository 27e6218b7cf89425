/// The Google Calendar v3 connector: reads the busy list with incremental sync (events.list
/// with `syncToken`), writes bookings and holds with client-chosen event ids (so retries never
/// duplicate), re-checks capacity right before booking, and keeps a push channel open when a
/// webhook address is configured. See `GoogleCalendarGateway+Sync`, `+Apply`, `+Push`.
import Foundation
import Runtime

/// A business's Google calendar behind the `CalendarGateway` port.
///
/// `Sendable`: the configuration and client are immutable; the only mutable state, the
/// access-token cache, lives in `GoogleOAuthTokens` behind a mutex. Sync state is not kept
/// here but handed in and out by the service with each read.
public final class GoogleCalendarGateway: CalendarGateway {
    /// `google`.
    public let provider = "google"
    /// The settings the gateway was made with.
    public let configuration: GoogleCalendarConfiguration
    let client: any HTTPClient
    let now: @Sendable () -> Instant
    let tokens: GoogleOAuthTokens

    /// A gateway calling Google (or an emulator) through `client`; `now` is the clock for
    /// token expiry and channel renewal.
    public init(configuration: GoogleCalendarConfiguration, client: any HTTPClient,
                now: @escaping @Sendable () -> Instant) {
        self.configuration = configuration
        self.client = client
        self.now = now
        self.tokens = GoogleOAuthTokens(configuration: configuration, client: client, now: now)
    }

    /// The API path of the calendar (`/calendars/primary`), its id percent-encoded.
    var calendarPath: String { "/calendars/\(GoogleURL.encode(configuration.calendarID))" }

    /// The calendar's zone fallback for floating times.
    func zone(named name: String?) -> ZoneConverter {
        name.flatMap { ZoneConverter(identifier: $0) } ?? ZoneConverter(identifier: configuration.defaultTimeZone)
            ?? ZoneConverter(identifier: "UTC")!
    }

    /// One authorised API call: `path` under the API root, `json` as the
    /// body. Any HTTP answer comes back (callers read 404/409/410 themselves) except a 401,
    /// which refreshes the access token and retries once, as Google's OAuth guide advises.
    func call(_ method: String, _ path: String, query: [(String, String)] = [], json: Any? = nil,
              what: String) -> Result<OutboundHTTPResponse, GoogleCallError> {
        var url = configuration.apiBaseURL + path
        if !query.isEmpty { url += "?" + GoogleURL.query(query) }
        var body: [UInt8] = []
        if let json {
            guard let data = try? JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]) else {
                return .failure(.rejected(status: 0, reason: nil, message: "could not encode the request when \(what)"))
            }
            body = Array(data)
        }
        var refreshed = false
        while true {
            let token: String
            switch tokens.accessToken(forceRefresh: refreshed) {
            case .success(let value): token = value
            case .failure(let error): return .failure(error)
            }
            var headers: [OutboundHTTPRequest.Header] = [.init("Authorization", "Bearer \(token)"), .init("Accept", "application/json")]
            if json != nil { headers.append(.init("Content-Type", "application/json")) }
            let request = OutboundHTTPRequest(method: method, url: url, headers: headers, body: body, timeout: configuration.timeout)
            switch client.send(request) {
            case .failure(let error):
                return .failure(.transient("Google Calendar \(error) when \(what)"))
            case .success(let response) where response.status == 401 && !refreshed:
                refreshed = true
            case .success(let response):
                return .success(response)
            }
        }
    }

    /// A 2xx answer's JSON object, or a classified error (non-2xx, or a body that is not JSON).
    func jsonObject(_ result: Result<OutboundHTTPResponse, GoogleCallError>, what: String) -> Result<[String: Any], GoogleCallError> {
        switch result {
        case .failure(let error): return .failure(error)
        case .success(let response):
            guard (200..<300).contains(response.status) else { return .failure(GoogleErrorBody.classify(response, what: what)) }
            guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
                return .failure(.transient("Google Calendar answered \(response.status) with something that is not JSON when \(what): \(GoogleErrorBody.snippet(response.body))"))
            }
            return .success(object)
        }
    }

    /// A 2xx answer decoded as `T`, or a classified error.
    func decode<T: Decodable>(_ type: T.Type, _ result: Result<OutboundHTTPResponse, GoogleCallError>,
                              what: String) -> Result<T, GoogleCallError> {
        switch result {
        case .failure(let error): return .failure(error)
        case .success(let response):
            guard (200..<300).contains(response.status) else { return .failure(GoogleErrorBody.classify(response, what: what)) }
            do {
                return .success(try JSONDecoder().decode(T.self, from: Data(response.body)))
            } catch {
                return .failure(.transient("Google Calendar answered \(response.status) with a body that cannot be read when \(what): \(Self.describe(error)) (\(GoogleErrorBody.snippet(response.body)))"))
            }
        }
    }

    /// A short description of a decoding error: which field, what was wrong.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at '\(path(context))'"
        case .keyNotFound(let key, let context):
            return "missing '\(key.stringValue)' at '\(path(context))'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "bad value at '\(path(context))'"
        @unknown default:
            return "\(error)"
        }
    }
}
