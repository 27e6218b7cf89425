/// Dashboard sign-in over a real SQLite file and a manual clock: sessions (opened, found from
/// the cookie, expired, closed), the same answer for an unknown email and a wrong password,
/// throttling per email and per address and its expiry, CSRF, tenants and cookie attributes.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("AdminAuthenticator")
struct AdminAuthenticatorTests {
    static let password = "un mot de passe solide"
    let store: SQLiteStore
    let clock = ManualClock(Instant(seconds: 1_899_716_400))
    let authenticator: AdminAuthenticator

    init() throws {
        store = try SQLiteStore(path: StoreFixtures.databasePath())
        let hasher = PasswordHasher(iterations: 100)
        var batch = StoreBatch()
        batch.admins = [
            AdminRow(email: "chef@bistro.fr", business: "bistro", passwordHash: hasher.hash(Self.password),
                     createdAt: clock.now()),
            AdminRow(email: "ops@speedai.fr", business: nil, passwordHash: hasher.hash(Self.password),
                     createdAt: clock.now()),
        ]
        try store.commit(batch)
        authenticator = AdminAuthenticator(store: store, clock: clock, hasher: hasher)
    }

    func login(_ email: String = "chef@bistro.fr", _ password: String = Self.password,
               from address: String = "192.0.2.1") -> Result<AdminSession, LoginFailure> {
        authenticator.login(email: email, password: password, remoteAddress: address)
    }

    func cookieHeader(_ session: AdminSession) -> String { "theme=dark; speedai_admin=\(session.token); lang=fr" }

    @Test("a good login opens a 12-hour session found again from the cookie; only the digest is stored")
    func loginAndSession() throws {
        let session = try login(" Chef@Bistro.FR ").get()
        #expect(session.email == "chef@bistro.fr" && session.business == "bistro")
        #expect(session.expiresAt == Instant(seconds: clock.now().seconds + 43_200))
        #expect(Base64URL.decode(session.token)?.count == 32)
        let row = try #require(try store.session(digest: Digest.sha256Hex(session.token)))
        #expect(row.email == "chef@bistro.fr" && row.csrf == session.csrf && row.tokenDigest != session.token)
        #expect(authenticator.session(cookieHeader: cookieHeader(session)) == session)
        #expect(authenticator.session(cookieHeader: nil) == nil)
        #expect(authenticator.session(cookieHeader: "speedai_admin=garbage") == nil)
        #expect(authenticator.session(cookieHeader: "speedai_admin=\(SecureRandom.token())") == nil)
    }

    @Test("an unknown email and a wrong password give the same answer")
    func sameAnswer() {
        #expect(login("chef@bistro.fr", "mauvais mot de passe") == .failure(.invalidCredentials))
        #expect(login("personne@bistro.fr", Self.password) == .failure(.invalidCredentials))
        #expect(LoginFailure.invalidCredentials.pageMessage == "Adresse e-mail ou mot de passe incorrect.")
    }

    @Test("an expired session is refused and removed")
    func sessionExpiry() throws {
        let session = try login().get()
        clock.advance(43_199)
        #expect(authenticator.session(cookieHeader: cookieHeader(session)) != nil)
        clock.advance(1)
        #expect(authenticator.session(cookieHeader: cookieHeader(session)) == nil)
        try store.commit(StoreBatch.emptyMarker) // the tidy-up was queued before; wait for a later commit
        #expect(try store.session(digest: Digest.sha256Hex(session.token)) == nil)
    }

    @Test("a sign-in deletes sessions that expired without being presented again")
    func expiredSessionsAreSwept() throws {
        let forgotten = try login().get()
        clock.advance(43_200)
        let fresh = try login("ops@speedai.fr").get()
        #expect(try store.session(digest: Digest.sha256Hex(forgotten.token)) == nil)
        #expect(try store.session(digest: Digest.sha256Hex(fresh.token)) != nil)
    }

    @Test("logout closes the session")
    func logout() throws {
        let session = try login().get()
        try authenticator.logout(token: session.token)
        #expect(authenticator.session(cookieHeader: cookieHeader(session)) == nil)
        try authenticator.logout(token: session.token) // twice is fine
    }

    @Test("removing an admin ends their sessions")
    func removedAdmin() throws {
        let session = try login().get()
        var batch = StoreBatch()
        batch.adminsRemoved = ["chef@bistro.fr"]
        try store.commit(batch)
        #expect(authenticator.session(cookieHeader: cookieHeader(session)) == nil)
        #expect(try store.admins().map(\.email) == ["ops@speedai.fr"])
    }

    @Test("five failures for one email throttle it for 15 minutes, whatever the address")
    func throttlePerEmail() throws {
        for attempt in 1...5 {
            #expect(login("chef@bistro.fr", "faux", from: "198.51.100.\(attempt)") == .failure(.invalidCredentials))
        }
        // Even the right password is refused while throttled.
        #expect(login(from: "203.0.113.9") == .failure(.throttled(retryAfter: 900)))
        #expect(LoginFailure.throttled(retryAfter: 900).pageMessage == "Trop de tentatives. Réessayez dans 15 minutes.")
        // Another email from a fresh address is not affected.
        #expect((try? login("ops@speedai.fr", from: "203.0.113.9").get()) != nil)
        clock.advance(600)
        #expect(login(from: "203.0.113.9") == .failure(.throttled(retryAfter: 300)))
        clock.advance(300)
        #expect((try? login(from: "203.0.113.9").get()) != nil)
    }

    @Test("five failures from one address throttle it for every email")
    func throttlePerAddress() {
        for attempt in 1...5 {
            #expect(login("inconnu\(attempt)@bistro.fr", "faux", from: "192.0.2.66") == .failure(.invalidCredentials))
        }
        #expect(login("ops@speedai.fr", from: "192.0.2.66") == .failure(.throttled(retryAfter: 900)))
        #expect((try? login("ops@speedai.fr", from: "192.0.2.67").get()) != nil)
    }

    @Test("failures older than 15 minutes no longer count")
    func failuresAgeOut() {
        for _ in 1...4 { _ = login("chef@bistro.fr", "faux") }
        clock.advance(900)
        #expect(login("chef@bistro.fr", "faux") == .failure(.invalidCredentials))
        #expect((try? login().get()) != nil)
    }

    @Test("CSRF: only the session's own token passes")
    func csrf() throws {
        let session = try login().get()
        let other = try login("ops@speedai.fr").get()
        #expect(authenticator.checkCSRF(session: session, formValue: session.csrf))
        #expect(!authenticator.checkCSRF(session: session, formValue: other.csrf))
        #expect(!authenticator.checkCSRF(session: session, formValue: nil))
        #expect(!authenticator.checkCSRF(session: session, formValue: ""))
        #expect(!authenticator.checkCSRF(session: session, formValue: String(session.csrf.dropLast())))
    }

    @Test("an establishment admin sees only their establishment; a platform admin sees all")
    func tenants() throws {
        let chef = try login().get()
        let platform = try login("ops@speedai.fr").get()
        #expect(chef.canSee(business: "bistro") && !chef.canSee(business: "salon"))
        #expect(platform.business == nil && platform.canSee(business: "bistro") && platform.canSee(business: "salon"))
    }

    @Test("cookie attributes")
    func cookies() throws {
        let session = try login().get()
        #expect(authenticator.cookie(for: session, secure: false)
                == "speedai_admin=\(session.token); Path=/; HttpOnly; SameSite=Strict; Max-Age=43200")
        #expect(authenticator.cookie(for: session, secure: true)
                == "speedai_admin=\(session.token); Path=/; HttpOnly; SameSite=Strict; Max-Age=43200; Secure")
        #expect(authenticator.clearingCookie(secure: true)
                == "speedai_admin=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure")
    }

    @Test("a malformed stored hash refuses the login without crashing")
    func malformedStoredHash() throws {
        var batch = StoreBatch()
        batch.admins = [AdminRow(email: "casse@bistro.fr", business: "bistro", passwordHash: "pbkdf2-sha256$x$y$z",
                                 createdAt: clock.now())]
        try store.commit(batch)
        #expect(login("casse@bistro.fr", "pbkdf2-sha256$x$y$z") == .failure(.invalidCredentials))
    }
}

extension StoreBatch {
    /// A batch that writes nothing visible (an unknown session removed), to wait behind queued ones.
    static var emptyMarker: StoreBatch {
        var batch = StoreBatch()
        batch.sessionsRemoved = ["none"]
        return batch
    }
}
