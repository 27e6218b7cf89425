/// Dashboard sign-in: checks an admin's password, opens a session whose token only the
/// browser holds (the store keeps its SHA-256), finds the session again from the cookie,
/// checks the per-session CSRF token, and slows password guessing down (`LoginThrottle`),
/// reporting each failure and slowdown as a security event. The HTTP layer only
/// moves cookies and form values in and out; every decision is here.
import Foundation
import Runtime

/// Logs dashboard admins in and out and recognises their sessions.
public final class AdminAuthenticator: Sendable {
    /// The session cookie's name.
    public static let cookieName = "speedai_admin"
    /// How long a session lasts, seconds (12 hours).
    public static let sessionLifetime: Int64 = 43_200
    /// Consecutive failures of an email or address are forgotten after this long without a
    /// new one (15 minutes).
    public static let failureMemory: Int64 = 900

    private let store: any WaitlistStore
    private let clock: any ServiceClock
    private let hasher: PasswordHasher
    private let throttle = LoginThrottle(forgetAfter: AdminAuthenticator.failureMemory)
    /// Where failures and slowdowns go (the log and the journal, in the service).
    private let report: (@Sendable (SignInEvent) -> Void)?
    /// Verified against when the email is unknown, so that answer costs the same PBKDF2 work
    /// as a wrong password and timing reveals no account.
    private let decoyHash: String

    /// An authenticator over `store`'s admins and sessions. `hasher` sets the work factor of
    /// the decoy hash; keep it equal to the one accounts are created with.
    public init(store: any WaitlistStore, clock: any ServiceClock, hasher: PasswordHasher = PasswordHasher(),
                report: (@Sendable (SignInEvent) -> Void)? = nil) {
        self.store = store
        self.clock = clock
        self.hasher = hasher
        self.report = report
        decoyHash = hasher.hash(SecureRandom.token())
    }

    /// The form of an email used as a login: trimmed and lowercased.
    public static func normalizedEmail(_ email: String) -> String {
        email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    // MARK: Logging in and out

    /// Checks `password` for `email` and opens a session. While the email or `remoteAddress`
    /// must wait after consecutive failures (`LoginThrottle`: 0, 0, 0, 1, 2, 4… s, at most
    /// 30 s), the attempt is refused unchecked with the wait. An unknown email and a wrong
    /// password take the same work and give the same `.invalidCredentials`. Each failure, and
    /// the first refusal of each wait, is reported as a `SignInEvent`.
    public func login(email: String, password: String, remoteAddress: String) -> Result<AdminSession, LoginFailure> {
        let login = Self.normalizedEmail(email)
        let keys = ["email:" + login, "address:" + remoteAddress]
        let now = clock.now()
        if let wait = throttle.wait(keys: keys, now: now) {
            if wait.firstRefusal, let report {
                let admin = try? store.admin(email: login)
                report(SignInEvent(kind: .slowedDown, email: login, remoteAddress: remoteAddress, knownAccount: admin != nil,
                                   business: admin?.business, failures: 0, delay: wait.seconds, at: now))
            }
            return .failure(.throttled(retryAfter: wait.seconds))
        }
        let admin: AdminRow?
        do { admin = try store.admin(email: login) } catch { return .failure(.unavailable(error)) }
        let matches = hasher.verify(password, against: admin?.passwordHash ?? decoyHash)
        guard let admin, matches else {
            let failedAt = clock.now()
            let counts = throttle.recordFailure(keys: keys, now: failedAt)
            report?(SignInEvent(kind: .failed, email: login, remoteAddress: remoteAddress, knownAccount: admin != nil,
                                business: admin?.business, failures: counts.first?.failures ?? 1,
                                delay: counts.map(\.delay).max() ?? 0, at: failedAt))
            return .failure(.invalidCredentials)
        }
        throttle.reset(key: keys[0])
        let token = SecureRandom.token()
        let opened = clock.now()
        let row = AdminSessionRow(tokenDigest: Digest.sha256Hex(token), email: admin.email, csrf: SecureRandom.token(),
                                  createdAt: opened, expiresAt: Instant(seconds: opened.seconds + Self.sessionLifetime))
        var batch = StoreBatch()
        batch.sessions = [row]
        batch.sessionsExpiredBy = opened
        do { try store.commit(batch) } catch { return .failure(.unavailable(error)) }
        return .success(AdminSession(token: token, email: admin.email, business: admin.business, csrf: row.csrf,
                                     expiresAt: row.expiresAt))
    }

    /// Closes the session of `token` (the cookie's value); an unknown token is no error.
    public func logout(token: String) throws(StoreError) {
        var batch = StoreBatch()
        batch.sessionsRemoved = [Digest.sha256Hex(token)]
        try store.commit(batch)
    }

    // MARK: Recognising a session

    /// The live session named by the `Cookie` request header, or nil: no cookie, a token of
    /// the wrong shape, an unknown or expired session, a removed admin, or a store failure.
    public func session(cookieHeader: String?) -> AdminSession? {
        Self.token(inCookieHeader: cookieHeader).flatMap(session(token:))
    }

    /// The live session of `token` (a cookie's value or an API bearer token), or nil: a token
    /// of the wrong shape (never looked up), an unknown or expired session, a removed admin,
    /// or a store failure.
    public func session(token: String) -> AdminSession? {
        guard Self.hasTokenShape(token) else { return nil }
        let digest = Digest.sha256Hex(token)
        guard let row = try? store.session(digest: digest) else { return nil }
        guard row.expiresAt > clock.now() else {
            // Tidy up; the answer does not depend on it, so nobody waits for the commit.
            var batch = StoreBatch()
            batch.sessionsRemoved = [digest]
            _ = store.enqueue(batch)
            return nil
        }
        guard let admin = try? store.admin(email: row.email) else { return nil }
        return AdminSession(token: token, email: admin.email, business: admin.business, csrf: row.csrf,
                            expiresAt: row.expiresAt)
    }

    /// The session token in a `Cookie` header (`a=1; speedai_admin=<token>`) when it has the
    /// shape of one (256 bits in base64url); nil otherwise, so garbage never reaches the store.
    static func token(inCookieHeader header: String?) -> String? {
        guard let header else { return nil }
        for pair in header.split(separator: ";") {
            let trimmed = pair.trimmingCharacters(in: .whitespaces)
            guard let equals = trimmed.firstIndex(of: "="), trimmed[..<equals] == cookieName else { continue }
            let value = String(trimmed[trimmed.index(after: equals)...])
            return hasTokenShape(value) ? value : nil
        }
        return nil
    }

    /// 256 bits in base64url: the shape of every session token this authenticator issues.
    static func hasTokenShape(_ token: String) -> Bool {
        Base64URL.decode(token)?.count == 32
    }

    /// Whether a form's `csrf` value is this session's token (compared in constant time).
    public func checkCSRF(session: AdminSession, formValue: String?) -> Bool {
        guard let formValue else { return false }
        return ConstantTime.equals(session.csrf, formValue)
    }

    // MARK: Cookies

    /// The `Set-Cookie` value opening `session`: HttpOnly, SameSite=Strict, 12 hours, and
    /// `Secure` when the public URL is https.
    public func cookie(for session: AdminSession, secure: Bool) -> String {
        "\(Self.cookieName)=\(session.token); Path=/; HttpOnly; SameSite=Strict; Max-Age=\(Self.sessionLifetime)"
            + (secure ? "; Secure" : "")
    }

    /// The `Set-Cookie` value that makes the browser forget the session cookie.
    public func clearingCookie(secure: Bool) -> String {
        "\(Self.cookieName)=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure ? "; Secure" : "")
    }
}
