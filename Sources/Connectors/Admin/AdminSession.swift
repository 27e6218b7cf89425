/// What a signed-in dashboard admin is allowed to act as: who, for which establishment, and
/// the anti-CSRF token their forms must echo. Values only; `AdminAuthenticator` makes them.
import Runtime

/// A signed-in admin's session.
public struct AdminSession: Sendable, Equatable {
    /// The session token the cookie carries (256 bits, base64url). Only its digest is stored.
    public let token: String
    /// The admin's login (lowercased).
    public let email: String
    /// The establishment this admin manages; nil for a platform admin.
    public let business: String?
    /// The per-session anti-CSRF token every state-changing form must send back.
    public let csrf: String
    /// When the session stops being accepted.
    public let expiresAt: Instant

    /// A session value (built by `AdminAuthenticator`).
    public init(token: String, email: String, business: String?, csrf: String, expiresAt: Instant) {
        self.token = token; self.email = email; self.business = business; self.csrf = csrf; self.expiresAt = expiresAt
    }

    /// Whether this admin may see and act on `business`: a platform admin sees every
    /// establishment, an establishment admin only their own.
    public func canSee(business other: String) -> Bool {
        guard let business else { return true }
        return business == other
    }
}

/// Why a login was refused.
public enum LoginFailure: Error, Sendable, Equatable {
    /// Unknown email or wrong password: the same answer for both, so logins reveal no account.
    case invalidCredentials
    /// Consecutive failures for this email or address: the attempt was not checked; try again
    /// after `retryAfter` seconds (at most 30).
    case throttled(retryAfter: Int64)
    /// The database could not be read or written.
    case unavailable(StoreError)

    /// The French message for the login page (nil for a store failure: show an error page).
    public var pageMessage: String? {
        switch self {
        case .invalidCredentials: Pages.LoginCopy.invalidCredentials
        case .throttled(let wait): Pages.LoginCopy.throttled(seconds: wait)
        case .unavailable: nil
        }
    }
}
