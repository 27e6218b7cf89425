/// The emulated events collection: list (pages of `maxResults` ordered by id with
/// `nextPageToken`, `nextSyncToken` on the last page, incremental results since a sync token
/// with deleted events included, 410 `fullSyncRequired` for an expired token, 400 when a sync
/// token is combined with `timeMin` & co.), insert (400 for an id outside base32hex or 5-1024
/// characters, 409 `duplicate` for an id in use, deleted events included), get, update and
/// delete (deleted events stay as `cancelled` so incremental syncs report them; deleting
/// again is 410 `deleted`). Every change notifies the push channels.
import Connectors
import Foundation
import Runtime

extension GoogleEmulatorCore {
    /// Query parameters a sync token may not be combined with.
    static let syncRestrictions = ["timeMin", "timeMax", "updatedMin", "q", "orderBy", "iCalUID",
                                   "privateExtendedProperty", "sharedExtendedProperty"]

    func listEvents(_ request: HTTPRequest) -> HTTPResponse {
        var pageSize = 250
        if let text = request.queryValue("maxResults") {
            guard let value = Int(text), value > 0 else {
                return Self.error(GoogleEmulatorError(status: 400, reason: "invalid", message: "Invalid value '\(text)'. Values must be within the range: [1, 2500]"))
            }
            pageSize = min(value, 2500)
        }
        let syncToken = request.queryValue("syncToken")
        if syncToken != nil, Self.syncRestrictions.contains(where: { request.queryValue($0) != nil }) {
            return Self.error(GoogleEmulatorError(status: 400, reason: "invalid", message: "Sync token cannot be used with other request restrictions."))
        }
        let zone = self.zone
        var timeMin: Instant?, timeMax: Instant?
        for (name, target) in [("timeMin", 0), ("timeMax", 1)] {
            guard let text = request.queryValue(name) else { continue }
            guard GoogleEmulatorClock.hasOffset(text), let instant = GoogleTime.parse(text, zone: zone) else {
                return Self.error(GoogleEmulatorError(status: 400, reason: "badRequest", message: "Bad Request"))
            }
            if target == 0 { timeMin = instant } else { timeMax = instant }
        }
        let showDeleted = request.queryValue("showDeleted") == "true"
        let result = state.withLock { state -> Result<[String: Any], GoogleEmulatorError> in
            var since: Int?
            if let syncToken {
                guard let parsed = GoogleEmulatorTokens.sync(syncToken) else {
                    return .failure(GoogleEmulatorError(status: 400, reason: "invalid", message: "Invalid sync token value."))
                }
                guard parsed.generation == state.syncGeneration else {
                    return .failure(GoogleEmulatorError(status: 410, reason: "fullSyncRequired", message: "Sync token is no longer valid, a full sync is required."))
                }
                since = parsed.change
            }
            var snapshot = state.changeNumber
            var afterID: String?
            if let pageText = request.queryValue("pageToken") {
                guard let page = GoogleEmulatorTokens.page(pageText) else {
                    return .failure(GoogleEmulatorError(status: 400, reason: "invalid", message: "Invalid page token value."))
                }
                (snapshot, since, afterID) = (page.snapshot, page.since, page.lastID)
            }
            var matching = state.events.values.filter { $0.changeNumber <= snapshot }
            if let since {
                matching = matching.filter { $0.changeNumber > since }
            } else {
                if !showDeleted { matching = matching.filter { $0.status != "cancelled" } }
                matching = matching.filter { event in
                    guard let span = self.span(event) else { return false }
                    return timeMin.map { span.end > $0 } ?? true && timeMax.map { span.start < $0 } ?? true
                }
            }
            matching.sort { $0.id < $1.id }
            if let afterID { matching = matching.filter { $0.id > afterID } }
            let page = matching.prefix(pageSize)
            var answer: [String: Any] = ["kind": "calendar#events", "etag": "\"\(snapshot)\"", "summary": self.calendarID,
                                         "updated": GoogleEmulatorClock.text(self.now()), "timeZone": self.timeZone,
                                         "accessRole": "owner", "defaultReminders": [[String: Any]](),
                                         "items": page.map { $0.json() }]
            if matching.count > pageSize, let last = page.last {
                answer["nextPageToken"] = GoogleEmulatorTokens.page(snapshot: snapshot, since: since, lastID: last.id)
            } else {
                answer["nextSyncToken"] = GoogleEmulatorTokens.sync(generation: state.syncGeneration, change: snapshot)
            }
            return .success(answer)
        }
        switch result {
        case .success(let object): return Self.json(object)
        case .failure(let error): return Self.error(error)
        }
    }

    /// [start, end) of an event in absolute time; an event without end lasts 30 minutes.
    func span(_ event: GoogleEmulatorEvent) -> (start: Instant, end: Instant)? {
        guard let start = GoogleEmulatorClock.instant(event.start, zone: zone) else { return nil }
        let end = event.end.flatMap { GoogleEmulatorClock.instant($0, zone: event.start.timeZone.flatMap(ZoneConverter.init(identifier:)) ?? zone) }
        return (start, end ?? start + .seconds(1800))
    }

    func insertEvent(_ request: HTTPRequest) -> HTTPResponse {
        let event: GoogleEmulatorEvent
        switch Self.body(request).flatMap(GoogleEmulatorEvent.parse) {
        case .success(let parsed): event = parsed
        case .failure(let error): return Self.error(error)
        }
        if !event.id.isEmpty, !GoogleEventID.isValid(event.id) {
            return Self.error(GoogleEmulatorError(status: 400, reason: "invalid", message: "Invalid resource id value."))
        }
        switch store(event, replacing: false) {
        case .success(let stored): return Self.json(stored.json())
        case .failure(let error): return Self.error(error)
        }
    }

    func getEvent(_ id: String) -> HTTPResponse {
        guard let event = state.withLock({ $0.events[id] }) else {
            return Self.error(GoogleEmulatorError(status: 404, reason: "notFound", message: "Not Found"))
        }
        return Self.json(event.json())
    }

    func updateEvent(_ id: String, _ request: HTTPRequest) -> HTTPResponse {
        var event: GoogleEmulatorEvent
        switch Self.body(request).flatMap(GoogleEmulatorEvent.parse) {
        case .success(let parsed): event = parsed
        case .failure(let error): return Self.error(error)
        }
        event.id = id
        switch store(event, replacing: true) {
        case .success(let stored): return Self.json(stored.json())
        case .failure(let error): return Self.error(error)
        }
    }

    func deleteEvent(_ id: String) -> HTTPResponse {
        let result = state.withLock { state -> Result<Void, GoogleEmulatorError> in
            guard var event = state.events[id] else {
                return .failure(GoogleEmulatorError(status: 404, reason: "notFound", message: "Not Found"))
            }
            guard event.status != "cancelled" else {
                return .failure(GoogleEmulatorError(status: 410, reason: "deleted", message: "Resource has been deleted"))
            }
            event.status = "cancelled"
            record(&event, in: &state)
            return .success(())
        }
        switch result {
        case .success:
            notifyChange()
            return HTTPResponse(status: 204)
        case .failure(let error): return Self.error(error)
        }
    }

    /// Inserts (`replacing` false: the id must be new) or updates (it must exist) an event,
    /// then notifies the channels.
    func store(_ event: GoogleEmulatorEvent, replacing: Bool) -> Result<GoogleEmulatorEvent, GoogleEmulatorError> {
        let result = state.withLock { state -> Result<GoogleEmulatorEvent, GoogleEmulatorError> in
            var stored = event
            if stored.id.isEmpty { stored.id = Self.newEventID() }
            let existing = state.events[stored.id]
            if replacing {
                guard let existing else { return .failure(GoogleEmulatorError(status: 404, reason: "notFound", message: "Not Found")) }
                stored.created = existing.created
                stored.sequence = existing.sequence + 1
            } else {
                guard existing == nil else {
                    return .failure(GoogleEmulatorError(status: 409, reason: "duplicate", message: "The requested identifier already exists."))
                }
                stored.created = now()
            }
            record(&stored, in: &state)
            return .success(stored)
        }
        if case .success = result { notifyChange() }
        return result
    }

    /// Stamps a change on `event` and stores it.
    func record(_ event: inout GoogleEmulatorEvent, in state: inout GoogleEmulatorState) {
        state.changeNumber += 1
        event.changeNumber = state.changeNumber
        event.updated = now()
        state.events[event.id] = event
    }

    /// A fresh id as Google makes them: 26 base32hex characters.
    static func newEventID() -> String {
        let alphabet = Array("0123456789abcdefghijklmnopqrstuv")
        return String(SecureRandom.bytes(26).map { alphabet[Int($0 & 31)] })
    }
}
