/// Reading the busy list with Google's incremental sync ("Synchronize resources
/// efficiently"): the first read lists every event still to end (`singleEvents=true`,
/// `timeMin` = the read window's start, as the guide's own example limits its full sync to a
/// date range, following `nextPageToken`) and keeps the last page's `nextSyncToken`; later
/// reads pass `syncToken`
/// (and, as documented, none of `timeMin`, `timeMax`, `updatedMin`, `q`, `orderBy`) and apply
/// the changed and cancelled events to the cached map. A 410 GONE means the token is no
/// longer valid: drop everything and sync in full.
import Foundation
import Runtime

extension GoogleCalendarGateway {
    /// Events per page (Google's default; at most 2500).
    static let pageSize = 250
    /// A guard against a server that hands out page tokens forever.
    static let maxPages = 1000

    /// The busy intervals ending after `from`, and the state to resume from.
    public func read(business: String, from: Instant, state: String?) throws(CalendarError) -> CalendarSnapshot {
        var sync = GoogleSyncState.decode(state)
        do throws(GoogleCallError) {
            if sync.syncToken == nil {
                try fullSync(&sync, from: from)
            } else {
                do throws(GoogleCallError) {
                    try incrementalSync(&sync)
                } catch where error.status == 410 {
                    // 410 GONE (`fullSyncRequired`): the token expired; start over.
                    try fullSync(&sync, from: from)
                }
            }
        } catch {
            throw CalendarError(error.message)
        }
        sync.prune(endedBy: from)
        maintainPushChannel(&sync)
        let busy = sync.busy(endingAfter: from)
        return CalendarSnapshot(busy: busy, cursor: CalendarSnapshot.cursor(of: busy), state: sync.encoded())
    }

    /// Lists every event ending after `from` into a fresh map; `sync` changes only on success.
    func fullSync(_ sync: inout GoogleSyncState, from: Instant) throws(GoogleCallError) {
        var fresh = GoogleSyncState()
        fresh.channel = sync.channel
        fresh.pushError = sync.pushError
        fresh.syncToken = try listPages(query: [("singleEvents", "true"), ("maxResults", String(Self.pageSize)),
                                                ("timeMin", GoogleTime.format(from))],
                                        into: &fresh, what: "listing events (full sync)")
        sync = fresh
    }

    /// Applies the changes since `sync.syncToken`; throws `.rejected(410, ...)` when the token
    /// expired. `sync` changes only on success.
    func incrementalSync(_ sync: inout GoogleSyncState) throws(GoogleCallError) {
        guard let token = sync.syncToken else { return }
        var updated = sync
        updated.syncToken = try listPages(query: [("singleEvents", "true"), ("maxResults", String(Self.pageSize)),
                                                  ("syncToken", token)],
                                          into: &updated, what: "listing changed events (incremental sync)")
        sync = updated
    }

    /// Follows `nextPageToken` from the first page to the last, applying every event to
    /// `state`; returns the last page's `nextSyncToken`.
    private func listPages(query: [(String, String)], into state: inout GoogleSyncState, what: String) throws(GoogleCallError) -> String {
        var pageToken: String?
        for _ in 0..<Self.maxPages {
            let pageQuery = query + (pageToken.map { [("pageToken", $0)] } ?? [])
            let result = call("GET", calendarPath + "/events", query: pageQuery, what: what)
            let page = try decode(GoogleEventList.self, result, what: what).get()
            if let zone = page.timeZone { state.timeZone = zone }
            let calendarZone = zone(named: state.timeZone)
            for event in page.items ?? [] {
                if let busy = GoogleBusyRule.busy(event, calendarZone: calendarZone) {
                    state.events[event.id] = busy
                } else {
                    state.events[event.id] = nil
                }
            }
            if let next = page.nextPageToken, !next.isEmpty {
                pageToken = next
                continue
            }
            guard let syncToken = page.nextSyncToken, !syncToken.isEmpty else {
                throw .transient("Google Calendar's last page has neither nextPageToken nor nextSyncToken when \(what)")
            }
            return syncToken
        }
        throw .transient("Google Calendar kept answering with more pages (over \(Self.maxPages)) when \(what)")
    }
}
