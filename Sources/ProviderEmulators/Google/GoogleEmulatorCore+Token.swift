/// The emulated OAuth 2.0 token endpoint, refresh-token grant only (what a server with a
/// stored grant uses): form body `grant_type=refresh_token&client_id&client_secret&refresh_token`;
/// answers `{"access_token","expires_in":3599,"scope","token_type":"Bearer"}`, or the OAuth
/// errors `unsupported_grant_type`, `invalid_client` (401) and `invalid_grant` (a revoked or
/// unknown refresh token).
import Connectors
import Foundation
import Runtime

extension GoogleEmulatorCore {
    /// Seconds an access token lives, as Google grants them.
    static let accessTokenLifetime: Int64 = 3599

    func token(_ request: HTTPRequest) -> HTTPResponse {
        state.withLock { $0.tokenRequests += 1 }
        func oauthError(_ status: Int, _ code: String, _ description: String) -> HTTPResponse {
            Self.json(["error": code, "error_description": description], status: status)
        }
        guard let form = FormDecoding.decode(request.body) else {
            return oauthError(400, "invalid_request", "Could not determine client ID from request.")
        }
        guard FormDecoding.value("grant_type", in: form) == "refresh_token" else {
            return oauthError(400, "unsupported_grant_type", "Invalid grant_type: \(FormDecoding.value("grant_type", in: form) ?? "")")
        }
        guard FormDecoding.value("client_id", in: form) == clientID,
              FormDecoding.value("client_secret", in: form) == clientSecret else {
            return oauthError(401, "invalid_client", "The OAuth client was not found.")
        }
        guard let refreshToken = FormDecoding.value("refresh_token", in: form) else {
            return oauthError(400, "invalid_request", "Missing required parameter: refresh_token")
        }
        let issued = "ya29." + Base64URL.encode(SecureRandom.bytes(24))
        let expiry = now() + .seconds(Self.accessTokenLifetime)
        let granted = state.withLock { state -> Bool in
            guard state.refreshTokens.contains(refreshToken) else { return false }
            state.accessTokens[issued] = (expiry, refreshToken)
            return true
        }
        guard granted else { return oauthError(400, "invalid_grant", "Token has been expired or revoked.") }
        return Self.json(["access_token": issued, "expires_in": Self.accessTokenLifetime,
                          "scope": "https://www.googleapis.com/auth/calendar", "token_type": "Bearer"])
    }
}
