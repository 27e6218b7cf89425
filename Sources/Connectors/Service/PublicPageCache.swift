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

/// One rendered page and the conditions under which it is still the right answer.
struct CachedPublicPage: Sendable {
    /// The business and the runtime object the page was rendered from (a business that is
    /// dropped and served again gets a new runtime).
    var business: String
    var runtime: BusinessRuntime
    /// The engine-level token of the entry (what an erasure names).
    var engineToken: String
    /// `BusinessState.version` read before anything the page shows.
    var version: UInt64
    /// The page is right for any time in `renderedAt ..< validUntil`.
    var renderedAt: Instant
    var validUntil: Instant
    var response: HTTPResponse
}

/// A bounded, thread-safe map from link secret to its rendered page.
final class PublicPageCache: Sendable {
    /// What the cache holds under its lock.
    private struct Contents {
        var pages: [String: (page: CachedPublicPage, lastUsed: UInt64)] = [:]
        var bytes = 0
        var clock: UInt64 = 0
    }

    /// Upper bounds on what the cache holds.
    let maxPages: Int
    let maxBytes: Int
    private let contents = Mutex(Contents())

    /// A cache of at most `maxPages` pages and `maxBytes` bytes of bodies (a waitlist page is
    /// about 12 kB, so the defaults hold the 1 024 most recently opened links in 12 MB at most).
    init(maxPages: Int = 1_024, maxBytes: Int = 16 << 20) {
        self.maxPages = max(1, maxPages)
        self.maxBytes = max(1, maxBytes)
    }

    /// The page stored for `secret`, if any (the caller checks it is still valid).
    func page(for secret: String) -> CachedPublicPage? {
        contents.withLock { contents in
            guard contents.pages[secret] != nil else { return nil }
            contents.clock &+= 1
            contents.pages[secret]!.lastUsed = contents.clock
            return contents.pages[secret]!.page
        }
    }

    /// Stores `page` for `secret`, replacing an older one, then trims to the bounds.
    func store(_ page: CachedPublicPage, for secret: String) {
        let size = page.response.body.count
        guard size <= maxBytes else { return }
        contents.withLock { contents in
            if let old = contents.pages[secret] { contents.bytes -= old.page.response.body.count }
            contents.clock &+= 1
            contents.pages[secret] = (page, contents.clock)
            contents.bytes += size
            guard contents.pages.count > maxPages || contents.bytes > maxBytes else { return }
            // Drop the least recently used until a quarter of the room is free again, so the
            // sort is paid once per many insertions.
            let keep = (pages: maxPages - maxPages / 4, bytes: maxBytes - maxBytes / 4)
            for (key, value) in contents.pages.sorted(by: { $0.value.lastUsed < $1.value.lastUsed }) {
                guard contents.pages.count > keep.pages || contents.bytes > keep.bytes else { break }
                contents.pages[key] = nil
                contents.bytes -= value.page.response.body.count
            }
        }
    }

    /// Forgets the page of `secret` (it turned out stale).
    func remove(_ secret: String) {
        contents.withLock { contents in
            if let old = contents.pages.removeValue(forKey: secret) { contents.bytes -= old.page.response.body.count }
        }
    }

    /// Forgets every page of these entries of `business` (an erasure: their names, e-mail
    /// addresses and phone numbers must not stay in memory).
    func remove(business: String, engineTokens: [String]) {
        let tokens = Set(engineTokens)
        contents.withLock { contents in
            for (key, value) in contents.pages where value.page.business == business && tokens.contains(value.page.engineToken) {
                contents.pages[key] = nil
                contents.bytes -= value.page.response.body.count
            }
        }
    }

    /// How many pages are held (for tests).
    var count: Int { contents.withLock { $0.pages.count } }
}
