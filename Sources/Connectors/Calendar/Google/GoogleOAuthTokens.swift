/// OAuth 2.0 access tokens for the Calendar API, obtained with the refresh-token grant
/// (`POST token_uri`, form body `grant_type=refresh_token&client_id&client_secret&refresh_token`,
/// answered with `{"access_token","expires_in","token_type":"Bearer"}`). A token is reused until
/// 60 seconds before it expires. `invalid_grant` means the user revoked access or the refresh
/// token expired: nothing but reconnecting the calendar helps, which the error says.
import Foundation
import Runtime
import Synchronization

/// Hands out a valid access token, refreshing it when needed. Thread-safe: the cache sits in
/// a `Mutex`, held during a refresh so concurrent callers share one refresh.
final class GoogleOAuthTokens: Sendable {
    private struct Cached { var token: String; var expiresAt: Instant }
    private let cache = Mutex<Cached?>(nil)
    private let configuration: GoogleCalendarConfiguration
    private let client: any HTTPClient
    private let now: @Sendable () -> Instant
    /// Refresh this long before the announced expiry.
    static let margin: Int64 = 60

    init(configuration: GoogleCalendarConfiguration, client: any HTTPClient, now: @escaping @Sendable () -> Instant) {
        self.configuration = configuration
        self.client = client
        self.now = now
    }

    /// A token valid for at least a minute; `forceRefresh` after the API answered 401.
    func accessToken(forceRefresh: Bool = false) -> Result<String, GoogleCallError> {
        cache.withLock { cached in
            if !forceRefresh, let current = cached, now() < current.expiresAt - .seconds(Self.margin) {
                return .success(current.token)
            }
            switch refresh() {
            case .success(let fresh):
                cached = fresh
                return .success(fresh.token)
            case .failure(let error):
                cached = nil
                return .failure(error)
            }
        }
    }

    /// One refresh-token grant.
    private func refresh() -> Result<Cached, GoogleCallError> {
        let form = GoogleURL.query([("grant_type", "refresh_token"), ("client_id", configuration.clientID),
                                    ("client_secret", configuration.clientSecret), ("refresh_token", configuration.refreshToken)])
        let request = OutboundHTTPRequest(method: "POST", url: configuration.tokenURL,
                                          headers: [.init("Content-Type", "application/x-www-form-urlencoded"),
                                                    .init("Accept", "application/json")],
                                          body: Array(form.utf8), timeout: configuration.timeout)
        let started = now()
        let response: OutboundHTTPResponse
        switch client.send(request) {
        case .success(let answer): response = answer
        case .failure(let error): return .failure(.transient("Google's token endpoint: \(error)"))
        }
        guard (200..<300).contains(response.status) else {
            let (reason, _, message) = GoogleErrorBody.parse(response.body)
            let detail = message ?? reason ?? GoogleErrorBody.snippet(response.body)
            switch reason {
            case "invalid_grant":
                return .failure(.reconnect("Google refused the refresh token (\(detail))"))
            case "invalid_client", "unauthorized_client":
                return .failure(.reconnect("Google refused the OAuth client (\(detail))"))
            default:
                return .failure(.transient("Google's token endpoint answered \(response.status): \(detail)"))
            }
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
              let token = object["access_token"] as? String, !token.isEmpty else {
            return .failure(.transient("Google's token endpoint answered without an access token: \(GoogleErrorBody.snippet(response.body))"))
        }
        let lifetime = (object["expires_in"] as? NSNumber)?.int64Value ?? 3600
        return .success(Cached(token: token, expiresAt: started + .seconds(max(0, lifetime))))
    }
}
