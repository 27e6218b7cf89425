/// The cached `GET /waitlist/{secret}` page over real HTTP on 127.0.0.1: every event that
/// changes what the page shows (form, offer, cancellation, expiry, erasure, rule reload) and
/// the passing of time must give the page an uncached render would give, byte for byte.
import Foundation
import Runtime
import Testing
@testable import Connectors

/// A fixture service behind a real HTTP server, and one entry's link.
private final class CachedPageHarness {
    let fixture: ServiceFixture
    let server: HTTPServer
    let port: Int
    let secret: String

    /// The fixture's evening is full, so the trigger is accepted and places free only by cancellation.
    init() throws {
        fixture = try ServiceFixture()
        try fixture.fillEvening()
        port = LoopbackPort.free() ?? 18_282
        var configuration = HTTPServerConfiguration()
        configuration.port = port
        server = HTTPServer(configuration: configuration, handler: ServiceRouter(service: fixture.service))
        try server.start()
        let answer = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody()))
        secret = ServiceFixture.secret(of: ServiceFixture.json(answer)["url"] as? String ?? "")
    }

    deinit { server.stop() }

    var service: WaitlistService { fixture.service }

    /// The page over HTTP (from the cache when it holds a valid one).
    func get() throws -> TestHTTPResponse {
        try #require(TestHTTPClient.request(port: port, target: "/waitlist/\(secret)"))
    }

    /// What the service answers with no cached page: the reference the cache must match.
    func uncached() -> HTTPResponse {
        service.pageCache.remove(secret)
        let response = service.handleWaitlistPage(HTTPRequest(method: "GET", path: "/waitlist/\(secret)"), secret: secret)
        service.pageCache.remove(secret)
        return response
    }

    /// Gets the page over HTTP and checks it is the uncached answer: status, headers, bytes.
    @discardableResult
    func expectCurrent(_ comment: Comment, sourceLocation: SourceLocation = #_sourceLocation) throws -> TestHTTPResponse {
        let served = try get()
        let reference = uncached()
        #expect(served.status == reference.status, comment, sourceLocation: sourceLocation)
        let sameBody = served.body == reference.body
        #expect(sameBody, "\(comment): the body differs from an uncached render", sourceLocation: sourceLocation)
        for (name, value) in reference.headers {
            #expect(served.header(name) == value, "\(comment): header \(name)", sourceLocation: sourceLocation)
        }
        return served
    }

    /// Gets the page twice so the next `get` is a cache hit, and checks one is held.
    func warm() throws {
        _ = try get()
        _ = try get()
        #expect(service.pageCache.page(for: secret) != nil, "a 200 page is kept")
    }

    /// Posts the waitlist form over HTTP, choosing `slots`.
    func postForm(slots: [String]) throws -> TestHTTPResponse {
        let fields = [("prenom", "Camille"), ("nom", "Perrin"), ("telephone", "06 12 34 56 78"), ("email", "camille@example.fr"),
                      ("couverts", "1")] + slots.map { ("creneaux", $0) }
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return try #require(TestHTTPClient.request(port: port, method: "POST", target: "/waitlist/\(secret)",
                                                   headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                                   body: Array(body.utf8)))
    }

    /// A table of the fixture's full evening cancels (`b-<slot index>-0`).
    func cancelTable(slotIndex: Int) throws {
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-\(slotIndex)-0")]
        try fixture.store.commit(batch)
        service.pollCalendars(force: true)
    }
}

@Suite("Public page cache over real HTTP")
struct PublicPageCacheTests {
    @Test("a second GET is served from the cache with the same status, headers and bytes")
    func hitIsIdentical() throws {
        let harness = try CachedPageHarness()
        let first = try harness.get()
        let second = try harness.get()
        #expect(first.status == 200 && second.status == 200)
        #expect(first.body == second.body)
        #expect(first.headers.filter { $0.name.lowercased() != "date" }.map { "\($0.name): \($0.value)" }
            == second.headers.filter { $0.name.lowercased() != "date" }.map { "\($0.name): \($0.value)" })
        #expect(second.header("cache-control") == "no-store")
        #expect(second.header("content-security-policy") == SecurityHeaders.pageContentSecurityPolicy)
        #expect(harness.service.pageCache.count == 1)
        try harness.expectCurrent("warm page")
        let head = try #require(TestHTTPClient.request(port: harness.port, method: "HEAD", target: "/waitlist/\(harness.secret)"))
        #expect(head.status == 200 && head.body.isEmpty, "a HEAD of a cached page has no body")
        #expect(try harness.get().body == first.body, "the HEAD did not empty the cached body")
    }

    @Test("the form's POST: the next GET shows the update page with the choices made")
    func formSubmit() throws {
        let harness = try CachedPageHarness()
        try harness.warm()
        #expect(!(try harness.get().text.contains("Vous êtes déjà inscrit·e")))
        #expect(try harness.postForm(slots: ["2030-03-14T19:30", "2030-03-14T20:00"]).status == 303)
        let page = try harness.expectCurrent("after the form")
        #expect(page.text.contains("Vous êtes déjà inscrit·e"))
        #expect(page.text.contains("value=\"Camille\""))
    }

    @Test("a cancellation (a calendar event) and the offer that follows are rendered afresh")
    func cancellationAndOffer() throws {
        let harness = try CachedPageHarness()
        try harness.warm()
        let before = harness.service.pageCache.page(for: harness.secret)?.version
        try harness.cancelTable(slotIndex: 3)  // 20:30
        try harness.expectCurrent("after a cancellation")
        _ = try harness.get()
        let after = harness.service.pageCache.page(for: harness.secret)?.version
        #expect(before != nil && after != nil && before != after, "the page kept from before the cancellation was not served")
        // The customer chooses 20:00, a table cancels there: the engine offers it to them.
        #expect(try harness.postForm(slots: ["2030-03-14T19:30", "2030-03-14T20:00"]).status == 303)
        try harness.warm()
        try harness.cancelTable(slotIndex: 2)  // 20:00
        let status = harness.service.runtime("testbistro")?.state.withLock { $0.engine.state.entries.first?.status }
        #expect(status == .offered)
        try harness.expectCurrent("after the offer")
    }

    @Test("the offer's timeout (a timer event) and the link's expiry (time alone)")
    func expiry() throws {
        let harness = try CachedPageHarness()
        #expect(try harness.postForm(slots: ["2030-03-14T19:30", "2030-03-14T20:00"]).status == 303)
        try harness.cancelTable(slotIndex: 2)
        try harness.warm()
        harness.fixture.clock.advance(6 * 60)  // the offer's 5 minutes pass
        harness.service.fireDueTimers()
        try harness.expectCurrent("after the offer expired")
        // Past the link's lifetime nothing happens in the engine, yet the page is gone.
        try harness.warm()
        harness.fixture.clock.advance(400 * 86_400)
        let gone = try harness.expectCurrent("after the link expired")
        #expect(gone.status == 410)
        #expect(harness.service.pageCache.page(for: harness.secret) == nil)
    }

    @Test("a slot that starts leaves the list although no event happened")
    func slotsPassWithTime() throws {
        let harness = try CachedPageHarness()
        try harness.warm()
        #expect(try harness.get().text.contains("2030-03-14T19:00"))
        harness.fixture.clock.advance(7 * 3600 + 60)  // 12:00 → 19:01
        let later = try harness.expectCurrent("after 19:00 started")
        #expect(later.status == 200)
        #expect(!later.text.contains("2030-03-14T19:00"))
    }

    @Test("an erasure answers 404 or 410 and drops the entry's page from memory")
    func erasure() throws {
        let harness = try CachedPageHarness()
        #expect(try harness.postForm(slots: ["2030-03-14T19:30"]).status == 303)
        try harness.warm()
        #expect(try harness.service.privacyErase(phone: "0612345678", businesses: ["testbistro"], by: "admin")?.count == 1)
        #expect(harness.service.pageCache.count == 0, "no name or e-mail stays in the cache")
        let page = try harness.expectCurrent("after the erasure")
        #expect(page.status == 404 || page.status == 410)
        #expect(!page.text.contains("Camille"))
    }

    @Test("a rule reload (new establishment name) shows on the next GET")
    func ruleReload() throws {
        let harness = try CachedPageHarness()
        try harness.warm()
        #expect(try harness.get().text.contains("Test Bistro"))
        try ServiceFixture.rules.replacingOccurrences(of: "name = \"Test Bistro\"", with: "name = \"Chez Paulette\"")
            .write(toFile: harness.fixture.folder + "/rules/testbistro.rules", atomically: true, encoding: .utf8)
        harness.service.scanRules()
        let page = try harness.expectCurrent("after the rule reload")
        #expect(page.text.contains("Chez Paulette") && !page.text.contains("Test Bistro"))
    }
}

@Suite("Public page cache bounds")
struct PublicPageCacheBoundsTests {
    @Test("never more than maxPages pages nor maxBytes bytes; the most recently used stay")
    func bounded() throws {
        let runtime = try #require(try ServiceFixture().service.runtime("testbistro"))
        func page(_ bytes: Int) -> CachedPublicPage {
            CachedPublicPage(business: "testbistro", runtime: runtime, engineToken: "t", version: 1, renderedAt: Instant(seconds: 0),
                             validUntil: Instant(seconds: 10), response: HTTPResponse(status: 200, body: Array(repeating: 0, count: bytes)))
        }
        let cache = PublicPageCache(maxPages: 8, maxBytes: 1_000)
        for index in 0..<8 { cache.store(page(10), for: "s\(index)") }
        _ = cache.page(for: "s0")  // used: kept when the cache trims
        cache.store(page(10), for: "s8")
        #expect(cache.count <= 8)
        #expect(cache.page(for: "s0") != nil && cache.page(for: "s8") != nil)
        #expect(cache.page(for: "s1") == nil, "the least recently used went first")
        for index in 0..<10 { cache.store(page(300), for: "big\(index)") }
        #expect(cache.count <= 3, "300-byte pages under a 1 000-byte cap")
        cache.store(page(2_000), for: "huge")
        #expect(cache.page(for: "huge") == nil, "a page larger than the cap is not kept")
    }
}
