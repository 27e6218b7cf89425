/// Writing bookings and holds. events.insert takes a client-chosen `id` (base32hex, 5-1024
/// characters), derived here from the uid, so a retry after a lost answer meets 409
/// "duplicate" instead of creating a second event; the 409 is then answered by events.update
/// (`PUT`) with the same body, which is also how an upsert replaces a moved booking or brings
/// back a deleted one (Google keeps the ids of deleted events). Right before a booking is
/// inserted, the slot is re-checked against the calendar as it is now, since another client
/// (the front desk, a booking site) may have taken the last place since the engine decided.
import Foundation
import Runtime

extension GoogleCalendarGateway {
    /// Applies one write; idempotent on `operation.uid`.
    public func apply(_ operation: CalendarOperation) -> DeliveryResult {
        switch operation.action {
        case .upsert: return upsert(operation)
        case .delete: return delete(operation)
        }
    }

    /// Busy periods of the calendar in [from, to) (`POST /freeBusy`): a point check that
    /// cannot tell events apart, used first by the re-check of single-place slots.
    public func freeBusy(from: Instant, to: Instant) throws(CalendarError) -> [Range<Instant>] {
        do throws(GoogleCallError) {
            return try freeBusyRanges(from: from, to: to).get()
        } catch {
            throw CalendarError(error.message)
        }
    }

    // MARK: - Upsert

    private func upsert(_ operation: CalendarOperation) -> DeliveryResult {
        let eventID = GoogleEventID.from(uid: operation.uid)
        if !operation.isHold, let capacity = operation.capacity {
            switch recheck(operation, eventID: eventID, capacity: capacity) {
            case .success(nil): break
            case .success(let refusal?): return .slotTaken(refusal)
            case .failure(let error): return Self.delivery(error)
            }
        }
        let body = eventBody(operation, eventID: eventID)
        let what = "inserting event \(operation.uid)"
        switch call("POST", calendarPath + "/events", json: body, what: what) {
        case .failure(let error):
            return Self.delivery(error)
        case .success(let response) where (200..<300).contains(response.status):
            return .delivered(reference: eventID)
        case .success(let response) where response.status == 409:
            // `duplicate`: an earlier attempt of this write (same marker), or an event deleted
            // since (Google keeps their ids); anything else holding the id is not ours to replace.
            if let refusal = checkExisting(operation, eventID: eventID) { return refusal }
            return replace(operation, eventID: eventID, body: body)
        case .success(let response):
            return Self.delivery(GoogleErrorBody.classify(response, what: what))
        }
    }

    /// After a 409: nil when the event holding the id may be replaced, else why not.
    private func checkExisting(_ operation: CalendarOperation, eventID: String) -> DeliveryResult? {
        guard let marker = operation.marker else { return nil }
        let what = "reading event \(operation.uid)"
        switch decode(GoogleEventResource.self, call("GET", calendarPath + "/events/" + eventID, what: what), what: what) {
        case .failure(let error):
            return Self.delivery(error)
        case .success(let event):
            if event.status == "cancelled" || event.extendedProperties?.private?["speedaiOutbox"] == marker { return nil }
            return .slotTaken("event id \(eventID) already holds another event: not overwritten")
        }
    }

    /// events.update of an event that already exists.
    private func replace(_ operation: CalendarOperation, eventID: String, body: [String: Any]) -> DeliveryResult {
        let what = "updating event \(operation.uid)"
        switch call("PUT", calendarPath + "/events/" + eventID, json: body, what: what) {
        case .failure(let error):
            return Self.delivery(error)
        case .success(let response) where (200..<300).contains(response.status):
            return .delivered(reference: eventID)
        case .success(let response):
            return Self.delivery(GoogleErrorBody.classify(response, what: what))
        }
    }

    /// The event resource we write: UTC times, holds tentative, our fields in the private
    /// extended properties (read back by `GoogleBusyRule`).
    func eventBody(_ operation: CalendarOperation, eventID: String) -> [String: Any] {
        [
            "id": eventID,
            "summary": operation.summary,
            "start": ["dateTime": GoogleTime.format(operation.start)],
            "end": ["dateTime": GoogleTime.format(operation.end)],
            "status": operation.isHold ? "tentative" : "confirmed",
            "transparency": "opaque",
            "extendedProperties": ["private": privateProperties(operation)],
        ]
    }

    /// Our fields on the event: uid, party size, resource, and the write's marker.
    func privateProperties(_ operation: CalendarOperation) -> [String: String] {
        var properties = ["speedai": "1", "speedaiUID": operation.uid, "speedaiParty": String(operation.units),
                          "speedaiResource": operation.resource]
        if let marker = operation.marker { properties["speedaiOutbox"] = marker }
        return properties
    }

    // MARK: - Capacity re-check

    /// Nil when the booking still fits, else why not. Single-place slots ask freeBusy first
    /// (cheap, and usually free); anything busy, and every larger slot, lists the events
    /// overlapping [start, end) and counts, at the busiest instant (`PeakOccupancy`: a long
    /// booking spans tables used one after the other), the units of those that count on the
    /// slot's resource, leaving out this booking itself (an earlier attempt) and holds, which
    /// the engine does not count as bookings either.
    private func recheck(_ operation: CalendarOperation, eventID: String, capacity: Int) -> Result<String?, GoogleCallError> {
        if capacity == 1 {
            switch freeBusyRanges(from: operation.start, to: operation.end) {
            case .failure(let error): return .failure(error)
            case .success(let ranges) where ranges.isEmpty: return .success(nil)
            case .success: break
            }
        }
        let what = "re-checking the slot of \(operation.uid)"
        var spans: [OccupiedSpan] = []
        var pageToken: String?
        var zoneName: String?
        for _ in 0..<Self.maxPages {
            let query = [("singleEvents", "true"), ("timeMin", GoogleTime.format(operation.start)),
                         ("timeMax", GoogleTime.format(operation.end)), ("maxResults", String(Self.pageSize))]
                + (pageToken.map { [("pageToken", $0)] } ?? [])
            let page: GoogleEventList
            switch decode(GoogleEventList.self, call("GET", calendarPath + "/events", query: query, what: what), what: what) {
            case .success(let value): page = value
            case .failure(let error): return .failure(error)
            }
            zoneName = page.timeZone ?? zoneName
            for event in page.items ?? [] where event.id != eventID {
                guard let busy = GoogleBusyRule.busy(event, calendarZone: zone(named: zoneName)),
                      busy.busyID != operation.uid, !busy.busyID.hasPrefix(EngineEffect.holdIDPrefix),
                      busy.start < operation.end.seconds, busy.end > operation.start.seconds,
                      busy.resource.isEmpty || (!operation.resource.isEmpty && busy.resource == operation.resource)
                else { continue }
                spans.append(OccupiedSpan(start: Instant(seconds: busy.start), end: Instant(seconds: busy.end), units: busy.units))
            }
            guard let next = page.nextPageToken, !next.isEmpty else { break }
            pageToken = next
        }
        let used = PeakOccupancy.units(spans, from: operation.start, to: operation.end)
        guard used + operation.units > capacity else { return .success(nil) }
        let resource = operation.resource.isEmpty ? "" : " on \(operation.resource)"
        return .success("slot no longer free: \(used) of \(capacity) places at \(GoogleTime.format(operation.start))\(resource) are taken by other bookings, \(operation.units) needed")
    }

    /// `POST /freeBusy` for this calendar.
    func freeBusyRanges(from: Instant, to: Instant) -> Result<[Range<Instant>], GoogleCallError> {
        let what = "querying free/busy"
        let body: [String: Any] = ["timeMin": GoogleTime.format(from), "timeMax": GoogleTime.format(to),
                                   "items": [["id": configuration.calendarID]]]
        let object: [String: Any]
        switch jsonObject(call("POST", "/freeBusy", json: body, what: what), what: what) {
        case .success(let value): object = value
        case .failure(let error): return .failure(error)
        }
        guard let calendars = object["calendars"] as? [String: Any],
              let calendar = calendars[configuration.calendarID] as? [String: Any] else {
            return .failure(.transient("Google Calendar's free/busy answer does not mention calendar \(configuration.calendarID)"))
        }
        if let errors = calendar["errors"] as? [[String: Any]], let first = errors.first {
            let reason = first["reason"] as? String ?? "unknown"
            return .failure(.rejected(status: 200, reason: reason, message: "Google Calendar could not answer free/busy for calendar \(configuration.calendarID): \(reason)"))
        }
        let zone = zone(named: nil)
        var ranges: [Range<Instant>] = []
        for period in calendar["busy"] as? [[String: Any]] ?? [] {
            guard let startText = period["start"] as? String, let endText = period["end"] as? String,
                  let start = GoogleTime.parse(startText, zone: zone), let end = GoogleTime.parse(endText, zone: zone) else {
                return .failure(.transient("Google Calendar's free/busy answer has a period that cannot be read: \(period)"))
            }
            if start < end { ranges.append(start..<end) }
        }
        return .success(ranges)
    }

    // MARK: - Delete

    private func delete(_ operation: CalendarOperation) -> DeliveryResult {
        let eventID = GoogleEventID.from(uid: operation.uid)
        let what = "deleting event \(operation.uid)"
        switch call("DELETE", calendarPath + "/events/" + eventID, what: what) {
        case .failure(let error):
            return Self.delivery(error)
        case .success(let response) where (200..<300).contains(response.status):
            return .delivered(reference: eventID)
        case .success(let response) where response.status == 404 || response.status == 410:
            // Already gone (`notFound`, or `deleted` for an event deleted before).
            return .delivered(reference: nil)
        case .success(let response):
            return Self.delivery(GoogleErrorBody.classify(response, what: what))
        }
    }

    /// The outbox's view of a failed call: only a request Google refused for good is
    /// permanent; a dead refresh token is retried (with back-off) so bookings still land
    /// once the admin reconnects the calendar.
    static func delivery(_ error: GoogleCallError) -> DeliveryResult {
        switch error {
        case .reconnect, .transient: return .retry(error.message)
        case .rejected: return .permanent(error.message)
        }
    }
}
