/// Writes bookings and holds to a CalDAV calendar, safely against retries and against
/// other clients booking the same places.
///
/// - Idempotence: `PUT {calendar}/{uid}.ics` with `If-None-Match: *` (RFC 4791 section
///   5.3.2, RFC 7232) creates the event only if it does not exist; a 412 means it exists:
///   if it carries this write's marker (`X-SPEEDAI-OUTBOX`, or our UID for a write without
///   one) it is our earlier attempt (delivered), otherwise someone else's: a conflict.
/// - Capacity, before: a booking with a capacity is refused when the calendar already
///   holds more than `capacity - units` places at some instant of its window (holds do not
///   count: the engine does not count them either). Counted at each instant
///   (`PeakOccupancy`), not summed over the window: a 1h30 booking spans several slots.
/// - Capacity, after (the race between two service instances, or a phone booking typed in
///   at the same moment): once written, the window is queried again; when it is over
///   capacity, every writer orders the bookings the same way — those it saw before writing
///   first, then by first-written stamp, then UID — and keeps the first ones that fit. A booking of ours that does not fit is deleted
///   and reported `.slotTaken("taken by another client")`.
import Foundation
import Runtime

/// The write side of the gateway.
struct CalDAVBookingWriter: Sendable {
    let transport: CalDAVTransport
    let query: CalDAVCalendarQuery

    /// The URL of the event `uid` in `calendar`.
    static func resourceURL(calendar: String, uid: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#%")
        let name = uid.addingPercentEncoding(withAllowedCharacters: allowed) ?? uid
        return (calendar.hasSuffix("/") ? calendar : calendar + "/") + name + ".ics"
    }

    /// Removes the event; an event already gone is a success.
    func delete(_ operation: CalendarOperation, calendar: String) -> DeliveryResult {
        let url = Self.resourceURL(calendar: calendar, uid: operation.uid)
        switch transport.send("DELETE", url) {
        case .failure(let failure): return failure.delivery
        case .success(let response) where (200..<300).contains(response.status) || response.status == 404 || response.status == 410:
            return .delivered(reference: url)
        case .success(let response): return CalDAVTransport.unexpected(response, "DELETE", url).delivery
        }
    }

    /// Creates the booking or hold (see the file comment).
    func upsert(_ operation: CalendarOperation, calendar: String) -> DeliveryResult {
        let url = Self.resourceURL(calendar: calendar, uid: operation.uid)
        let capacity = operation.isHold ? nil : operation.capacity
        var seenBefore = Set<String>()
        if let capacity {
            switch query.bookings(in: calendar, from: operation.start, to: operation.end, expand: true) {
            case .failure(let failure): return failure.delivery
            case .success(let found):
                let relevant = Self.competing(found, with: operation)
                // Ours already there: an earlier attempt wrote it; the re-check decides.
                if !relevant.contains(where: { $0.booking.uid == operation.uid }) {
                    seenBefore = Set(relevant.map(\.booking.uid))
                    let taken = Self.peak(relevant, of: operation)
                    if taken + operation.units > capacity {
                        return .slotTaken("slot no longer free: the calendar already holds \(taken) of \(capacity) places at that time")
                    }
                }
            }
        }
        let text = CalDAVEventText.calendar(for: operation, stamp: Date().timeIntervalSince1970)
        switch transport.send("PUT", url, headers: [.init("If-None-Match", "*"), .init("Content-Type", "text/calendar; charset=utf-8")],
                              body: Array(text.utf8)) {
        case .failure(let failure): return failure.delivery
        case .success(let response) where (200..<300).contains(response.status):
            break
        case .success(let response) where response.status == 412:
            if let refusal = checkExisting(url, operation) { return refusal }
        case .success(let response):
            return CalDAVTransport.unexpected(response, "PUT", url).delivery
        }
        guard let capacity else { return .delivered(reference: url) }
        return recheck(operation, capacity: capacity, url: url, calendar: calendar, seenBefore: seenBefore)
    }

    /// After a 412: nil when the existing event is ours (an earlier attempt), else why not.
    private func checkExisting(_ url: String, _ operation: CalendarOperation) -> DeliveryResult? {
        switch transport.send("GET", url) {
        case .failure(let failure): return failure.delivery
        case .success(let response) where response.status == 200:
            let ours = if let marker = operation.marker {
                CalDAVEventText.markers(in: response.text).contains(marker)
            } else {
                CalDAVEventText.stamps(in: response.text).keys.contains(operation.uid)
            }
            if ours { return nil }
            return .slotTaken("\(url) already holds another event: not overwritten")
        case .success(let response) where response.status == 404:
            return .retry("\(url) existed at PUT time and was gone right after; trying again")
        case .success(let response):
            return CalDAVTransport.unexpected(response, "GET", url).delivery
        }
    }

    /// The check after the write; deletes ours when it lost the race. Bookings seen by the
    /// check before the write were there first, whatever their stamps say (another
    /// client's clock, or a DTSTAMP refreshed by an edit).
    private func recheck(_ operation: CalendarOperation, capacity: Int, url: String, calendar: String,
                         seenBefore: Set<String>) -> DeliveryResult {
        let found: [CalDAVQueriedBooking]
        switch query.bookings(in: calendar, from: operation.start, to: operation.end, expand: true) {
        case .failure(let failure): return failure.delivery
        case .success(let bookings): found = bookings
        }
        let relevant = Self.competing(found, with: operation).map { entry in
            seenBefore.contains(entry.booking.uid) ? CalDAVQueriedBooking(booking: entry.booking, stamp: -.infinity) : entry
        }
        guard Self.peak(relevant, of: operation) > capacity,
              !Self.keptFirst(relevant, capacity: capacity, within: operation).contains(operation.uid) else {
            return .delivered(reference: url)
        }
        switch delete(operation, calendar: calendar) {
        case .delivered:
            return .slotTaken("taken by another client: the slot went over its \(capacity) places while this booking was written, and it was removed")
        case let other:
            return other
        }
    }

    /// The bookings that share capacity with `operation`: not holds, and on the same
    /// resource (or one of them on the whole establishment).
    static func competing(_ found: [CalDAVQueriedBooking], with operation: CalendarOperation) -> [CalDAVQueriedBooking] {
        found.filter { entry in
            !entry.booking.uid.hasPrefix(EngineEffect.holdIDPrefix)
                && PeakOccupancy.shareCapacity(operation.resource, entry.booking.resource)
        }
    }

    /// The most places the bookings take at one instant of the operation's window.
    static func peak(_ bookings: [CalDAVQueriedBooking], of operation: CalendarOperation) -> Int {
        PeakOccupancy.units(bookings.map { OccupiedSpan(start: $0.booking.start, end: $0.booking.end, units: $0.booking.units) },
                            from: operation.start, to: operation.end)
    }

    /// The UIDs kept when bookings are taken in (stamp, UID) order while the window's busiest
    /// instant stays within capacity.
    static func keptFirst(_ bookings: [CalDAVQueriedBooking], capacity: Int, within operation: CalendarOperation) -> Set<String> {
        var kept = Set<String>()
        var taken: [CalDAVQueriedBooking] = []
        for entry in bookings.sorted(by: { ($0.stamp, $0.booking.uid) < ($1.stamp, $1.booking.uid) }) {
            guard peak(taken + [entry], of: operation) <= capacity else { continue }
            taken.append(entry)
            kept.insert(entry.booking.uid)
        }
        return kept
    }
}
