/// The rendered `GET /waitlist/{secret}` pages, kept so a customer (or a link previewer)
/// reopening the link does not look the token up in SQLite, take the business's engine lock
/// to copy the entry and its availability, and render the same HTML again.
///
/// A page is a function of the engine state (the entry, its form, its availability, the
/// rules), of the link secret (the form's action) and of the time (a slot that has started
/// leaves the page; the link expires). So a cached page answers only while
///  - the business's engine is at the `BusinessState.version` it was rendered from: every
///    event (form, offer, answer, cancel, expiry timer, calendar change, erasure, rule
///    reload) and a reload from the store give the engine a version never seen before;
///  - the time is inside the window in which the page's slot list and the link's validity
///    cannot change (`renderedAt ..< validUntil`).
/// The token row in the store is not read again on a hit: a row never changes once written,
/// and it is only deleted by an erasure, which is an engine event (the version moves) and
/// also drops the entry's pages here (`remove(business:engineTokens:)`), so no personal data
/// outlives an erasure in this cache either.
///
/// Bounded: at most `maxPages` pages and `maxBytes` bytes of bodies; past either, the least
/// recently used quarter is dropped. Only 200 answers are kept; 404, 410 and every POST go
/// the uncached way.
import Runtime
import Synchronization

/// One rendered page and the conditions under which it is still the right answer. A class,
/// so a hit takes the cache's lock only to find it (no copy of its fields under the lock);
/// everything but the recency stamp is immutable.
final class CachedPublicPage: Sendable {
    /// The business and the runtime object the page was rendered from (a business that is
    /// dropped and served again gets a new runtime).
    let business: String
    let runtime: BusinessRuntime
    /// The engine-level token of the entry (what an erasure names).
    let engineToken: String
    /// `BusinessState.version` read before anything the page shows.
    let version: UInt64
    /// The page is right for any time in `renderedAt ..< validUntil`.
    let renderedAt: Instant
    let validUntil: Instant
    let response: HTTPResponse
    /// When the page was last handed out, on the cache's use counter (for eviction).
    fileprivate let lastUsed = Atomic<UInt64>(0)

    init(business: String, runtime: BusinessRuntime, engineToken: String, version: UInt64, renderedAt: Instant,
         validUntil: Instant, response: HTTPResponse) {
        self.business = business
        self.runtime = runtime
        self.engineToken = engineToken
        self.version = version
        self.renderedAt = renderedAt
        self.validUntil = validUntil
        self.response = response
    }
}

/// A bounded, thread-safe map from link secret to its rendered page.
final class PublicPageCache: Sendable {
    /// What the cache holds under its lock.
    private struct Contents {
        var pages: [String: CachedPublicPage] = [:]
        var bytes = 0
    }

    /// Upper bounds on what the cache holds.
    let maxPages: Int
    let maxBytes: Int
    private let contents = Mutex(Contents())
    /// Counts uses, so pages can be ordered by their last one without taking the lock to say so.
    private let uses = Atomic<UInt64>(0)

    /// A cache of at most `maxPages` pages and `maxBytes` bytes of bodies (a waitlist page is
    /// about 4 to 12 kB, so the defaults hold the 1 024 most recently opened links).
    init(maxPages: Int = 1_024, maxBytes: Int = 16 << 20) {
        self.maxPages = max(1, maxPages)
        self.maxBytes = max(1, maxBytes)
    }

    /// The page stored for `secret`, if any (the caller checks it is still valid).
    func page(for secret: String) -> CachedPublicPage? {
        guard let page = contents.withLock({ $0.pages[secret] }) else { return nil }
        page.lastUsed.store(uses.wrappingAdd(1, ordering: .relaxed).newValue, ordering: .relaxed)
        return page
    }

    /// Stores `page` for `secret`, replacing an older one, then trims to the bounds.
    func store(_ page: CachedPublicPage, for secret: String) {
        let size = page.response.body.count
        guard size <= maxBytes else { return }
        page.lastUsed.store(uses.wrappingAdd(1, ordering: .relaxed).newValue, ordering: .relaxed)
        contents.withLock { contents in
            if let old = contents.pages.updateValue(page, forKey: secret) { contents.bytes -= old.response.body.count }
            contents.bytes += size
            guard contents.pages.count > maxPages || contents.bytes > maxBytes else { return }
            // Drop the least recently used until a quarter of the room is free again, so the
            // sort is paid once per many insertions.
            let keep = (pages: maxPages - maxPages / 4, bytes: maxBytes - maxBytes / 4)
            let byAge = contents.pages.map { (key: $0.key, page: $0.value, used: $0.value.lastUsed.load(ordering: .relaxed)) }
                .sorted { $0.used < $1.used }
            for old in byAge {
                guard contents.pages.count > keep.pages || contents.bytes > keep.bytes else { break }
                contents.pages[old.key] = nil
                contents.bytes -= old.page.response.body.count
            }
        }
    }

    /// Forgets the page of `secret` (it turned out stale).
    func remove(_ secret: String) {
        contents.withLock { contents in
            if let old = contents.pages.removeValue(forKey: secret) { contents.bytes -= old.response.body.count }
        }
    }

    /// Forgets every page of these entries of `business` (an erasure: their names, e-mail
    /// addresses and phone numbers must not stay in memory).
    func remove(business: String, engineTokens: [String]) {
        let tokens = Set(engineTokens)
        contents.withLock { contents in
            for (key, page) in contents.pages where page.business == business && tokens.contains(page.engineToken) {
                contents.pages[key] = nil
                contents.bytes -= page.response.body.count
            }
        }
    }

    /// How many pages are held (for tests).
    var count: Int { contents.withLock { $0.pages.count } }
}
