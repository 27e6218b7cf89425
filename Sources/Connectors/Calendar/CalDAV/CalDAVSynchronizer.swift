/// Brings the cached copy of the calendar up to date. RFC 6578 `sync-collection`
/// (sync-level 1) with the stored token lists what changed since the last read: members
/// with a new `getetag`, and members answered with status 404 (removed). The changed ones
/// are fetched with RFC 4791 `calendar-multiget`. No token means a full sync: every member
/// is listed, and cached members not listed are dropped. A token the server no longer
/// accepts (403/409 with the `DAV:valid-sync-token` precondition, section 3.2) starts a
/// full sync. A truncated answer (507 on the collection itself, section 3.6) is continued
/// with the token it returned. Servers without sync-collection get a `PROPFIND` Depth 1
/// listing of ETags instead.
import Foundation

/// The incremental reader of one calendar collection.
struct CalDAVSynchronizer: Sendable {
    let transport: CalDAVTransport
    /// Hrefs per calendar-multiget request.
    static let batchSize = 100
    /// Continuations of a truncated sync-collection answer before giving up on this read.
    static let maxRounds = 100

    /// Updates `state` (token, resources); on failure `state` may hold part of the changes,
    /// which is harmless: ETags say what is current.
    func sync(_ state: inout CalDAVState) -> Result<Void, CalDAVFailure> {
        var full = state.syncToken == nil
        var listed = Set<String>()
        var rounds = 0
        while rounds < Self.maxRounds {
            rounds += 1
            let answer: DAVMultistatus
            switch syncCollection(state.calendar, token: state.syncToken) {
            case .success(let multistatus): answer = multistatus
            case .failure(.invalidToken) where state.syncToken != nil:
                state.syncToken = nil
                full = true
                listed = []
                continue
            case .failure(.unsupported) where state.syncToken == nil:
                return listWithoutSync(&state)
            case .failure(.invalidToken), .failure(.unsupported):
                return .failure(CalDAVFailure(transient: false, message:
                    "CalDAV server refused sync-collection on \(CalDAVTransport.redacted(state.calendar)) even without a sync token"))
            case .failure(.other(let failure)): return .failure(failure)
            }
            var changed: [String] = []
            var truncated = false
            for response in answer.responses {
                let url = CalDAVTransport.resolve(response.href, against: state.calendar)
                if CalDAVTransport.sameCollection(url, state.calendar) {
                    truncated = truncated || response.status == 507
                    continue
                }
                if response.status == 404 || response.status == 410 {
                    state.resources[url] = nil
                    state.unreadable[url] = nil
                    continue
                }
                listed.insert(url)
                let etag = response.property("getetag")?.trimmedText
                if let etag, !etag.isEmpty, state.resources[url]?.etag == etag { continue }
                changed.append(url)
            }
            if case .failure(let failure) = fetch(changed, into: &state) { return .failure(failure) }
            state.syncToken = answer.syncToken
            if !truncated || answer.syncToken == nil { break }
        }
        if full {
            for url in state.resources.keys where !listed.contains(url) { state.resources[url] = nil }
            for url in state.unreadable.keys where state.resources[url] == nil { state.unreadable[url] = nil }
        }
        return .success(())
    }

    /// Why a sync-collection REPORT gave no listing.
    enum SyncRefusal: Error {
        /// The token is unknown or expired: start over without one.
        case invalidToken
        /// The server does not do sync-collection.
        case unsupported
        case other(CalDAVFailure)
    }

    private func syncCollection(_ calendar: String, token: String?) -> Result<DAVMultistatus, SyncRefusal> {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:sync-collection xmlns:d="DAV:">
              <d:sync-token>\(CalDAVXMLText.escape(token ?? ""))</d:sync-token>
              <d:sync-level>1</d:sync-level>
              <d:prop><d:getetag/></d:prop>
            </d:sync-collection>
            """
        switch transport.send("REPORT", calendar, depth: "1", xml: body) {
        case .failure(let failure): return .failure(.other(failure))
        case .success(let response):
            if response.status == 207, let answer = DAVMultistatus.parse(response.body) { return .success(answer) }
            if response.text.contains("valid-sync-token") || (token != nil && response.status == 410) {
                return .failure(.invalidToken)
            }
            if [400, 403, 405, 415, 422, 501].contains(response.status) || response.status == 207 {
                return .failure(.unsupported)
            }
            return .failure(.other(CalDAVTransport.unexpected(response, "REPORT sync-collection", calendar)))
        }
    }

    /// The fallback: list every member's ETag and fetch what changed.
    private func listWithoutSync(_ state: inout CalDAVState) -> Result<Void, CalDAVFailure> {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>
            """
        let listing: DAVMultistatus
        switch transport.multistatus("PROPFIND", state.calendar, depth: "1", xml: body) {
        case .failure(let failure): return .failure(failure)
        case .success(let answer): listing = answer
        }
        var listed = Set<String>()
        var changed: [String] = []
        for response in listing.responses {
            let url = CalDAVTransport.resolve(response.href, against: state.calendar)
            if CalDAVTransport.sameCollection(url, state.calendar) || response.property("resourcetype")?.child("collection") != nil {
                continue
            }
            listed.insert(url)
            let etag = response.property("getetag")?.trimmedText
            if let etag, !etag.isEmpty, state.resources[url]?.etag == etag { continue }
            changed.append(url)
        }
        if case .failure(let failure) = fetch(changed, into: &state) { return .failure(failure) }
        for url in state.resources.keys where !listed.contains(url) { state.resources[url] = nil }
        for url in state.unreadable.keys where state.resources[url] == nil { state.unreadable[url] = nil }
        state.syncToken = nil
        return .success(())
    }

    /// Fetches `urls` with calendar-multiget, in batches.
    private func fetch(_ urls: [String], into state: inout CalDAVState) -> Result<Void, CalDAVFailure> {
        var start = 0
        while start < urls.count {
            let batch = Array(urls[start..<min(urls.count, start + Self.batchSize)])
            start += Self.batchSize
            let hrefs = batch.map { "<d:href>\(CalDAVXMLText.escape(CalDAVXMLText.path(of: $0)))</d:href>" }.joined()
            let body = """
                <?xml version="1.0" encoding="utf-8"?>
                <c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
                  <d:prop><d:getetag/><c:calendar-data/></d:prop>\(hrefs)
                </c:calendar-multiget>
                """
            let answer: DAVMultistatus
            switch transport.multistatus("REPORT", state.calendar, depth: "1", xml: body) {
            case .failure(let failure): return .failure(failure)
            case .success(let multistatus): answer = multistatus
            }
            for response in answer.responses {
                let url = CalDAVTransport.resolve(response.href, against: state.calendar)
                guard let data = response.property("calendar-data", DAVNamespace.caldav)?.text, response.status != 404 else {
                    state.resources[url] = nil
                    state.unreadable[url] = nil
                    continue
                }
                let etag = response.property("getetag")?.trimmedText ?? ""
                state.resources[url] = CalDAVState.Resource(etag: etag, ics: data)
            }
        }
        return .success(())
    }
}
