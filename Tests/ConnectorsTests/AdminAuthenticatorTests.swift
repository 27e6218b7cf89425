/// Dashboard sign-in over a real SQLite file and a manual clock: sessions (opened, found from
/// the cookie, expired, closed), the same answer for an unknown email and a wrong password,
/// slowdown per email and per address and its expiry, security events, CSRF, tenants and cookie attributes.
import Foundation
import Runtime
import Synchronization
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

    /// Issue 13: five wrong passwords locked the right one out for 15 minutes, for everyone
    /// behind the address.
    @Test("failures slow an email down (0, 0, 0, 1, 2, 4, 8, 16, 30, 30 s) instead of locking the right password out")
    func failuresSlowDownPerEmail() throws {
        var waits: [Int64] = []
        for attempt in 1...10 {
            #expect(login("chef@bistro.fr", "faux", from: "198.51.100.\(attempt)") == .failure(.invalidCredentials))
            guard attempt > 3 else { continue }
            // The next attempt, even with the right password, waits (unchecked) until the delay is over.
            if case .failure(.throttled(let wait)) = login(from: "203.0.113.9") { waits.append(wait); clock.advance(wait) } else { waits.append(0) }
        }
        #expect(waits == [1, 2, 4, 8, 16, 30, 30])
        #expect(LoginFailure.throttled(retryAfter: 8).pageMessage == "Trop de tentatives. Réessayez dans 8\u{00A0}secondes.")
        // Another email from a fresh address is not affected; the right password gets in once the wait is over.
        _ = login("chef@bistro.fr", "faux", from: "198.51.100.99")
        #expect((try? login("ops@speedai.fr", from: "203.0.113.10").get()) != nil)
        #expect(login(from: "203.0.113.9") == .failure(.throttled(retryAfter: 30)))
        clock.advance(30)
        #expect((try? login(from: "203.0.113.9").get()) != nil)
        #expect(login("chef@bistro.fr", "faux", from: "198.51.100.1") == .failure(.invalidCredentials), "a success starts over")
        #expect((try? login(from: "203.0.113.9").get()) != nil)
    }

    @Test("failures from one address slow it down for every email, at most 30 s")
    func failuresSlowDownPerAddress() {
        for attempt in 1...12 {
            #expect(login("inconnu\(attempt)@bistro.fr", "faux", from: "192.0.2.66") == .failure(.invalidCredentials))
            if case .failure(.throttled(let wait)) = login("ops@speedai.fr", from: "192.0.2.66") { clock.advance(wait) }
        }
        #expect(login("inconnu@bistro.fr", "faux", from: "192.0.2.66") == .failure(.invalidCredentials))
        #expect(login("ops@speedai.fr", from: "192.0.2.66") == .failure(.throttled(retryAfter: 30)))
        #expect((try? login("ops@speedai.fr", from: "192.0.2.67").get()) != nil)
        clock.advance(30)
        #expect((try? login("ops@speedai.fr", from: "192.0.2.66").get()) != nil)
    }

    @Test("failures older than 15 minutes no longer count")
    func failuresAgeOut() {
        for _ in 1...6 { _ = login("chef@bistro.fr", "faux"); clock.advance(30) }
        clock.advance(900)
        #expect(login("chef@bistro.fr", "faux") == .failure(.invalidCredentials))
        #expect((try? login().get()) != nil)
    }

    @Test("each failure and the first refused attempt of each wait are reported, with the account's establishment")
    func failuresAreReported() throws {
        let events = Mutex<[SignInEvent]>([])
        let reporting = AdminAuthenticator(store: store, clock: clock, hasher: PasswordHasher(iterations: 100)) { event in
            events.withLock { $0.append(event) }
        }
        for _ in 1...4 { _ = reporting.login(email: "Chef@bistro.fr", password: "faux", remoteAddress: "192.0.2.5") }
        _ = reporting.login(email: "chef@bistro.fr", password: Self.password, remoteAddress: "192.0.2.5")
        _ = reporting.login(email: "chef@bistro.fr", password: Self.password, remoteAddress: "192.0.2.5")
        _ = reporting.login(email: "nobody@x.fr", password: "faux", remoteAddress: "192.0.2.6")
        let seen = events.withLock { $0 }
        #expect(seen.map(\.kind) == [.failed, .failed, .failed, .failed, .slowedDown, .failed])
        #expect(seen.prefix(5).allSatisfy { $0.business == "bistro" && $0.knownAccount && $0.email == "chef@bistro.fr" })
        #expect(seen.map(\.delay) == [0, 0, 0, 1, 1, 0] && seen[3].failures == 4)
        #expect(seen[5].business == nil && !seen[5].knownAccount)
        #expect(seen[3].frenchText == "Connexion refusée pour c…@bistro.fr depuis 192.0.2.… : mot de passe incorrect (4 échecs de suite) ; nouvel essai possible dans 1 s."
            .replacingOccurrences(of: " :", with: "\u{00A0}:").replacingOccurrences(of: " ;", with: "\u{00A0};")
            .replacingOccurrences(of: "4 échecs", with: "4\u{00A0}échecs").replacingOccurrences(of: "1 s.", with: "1\u{00A0}s."))
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
