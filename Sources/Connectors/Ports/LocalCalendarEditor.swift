/// Edits the local calendar from outside the server (`speedai-rules calendar ...`): the
/// server notices the change on its next poll, exactly as it would notice a booking made in
/// Google Calendar. Times are read and printed in the business's time zone, which the
/// server registered in the database.
import Runtime

/// Lists, books and cancels bookings of one business in the local calendar.
public struct LocalCalendarEditor {
    let store: any WaitlistStore
    /// The business edited.
    public let business: BusinessRow
    let zone: ZoneConverter

    /// An editor for `businessID`; fails when the server never registered that business.
    public init(store: any WaitlistStore, businessID: String) throws(CalendarError) {
        let row: BusinessRow?
        do { row = try store.business(id: businessID) } catch { throw CalendarError("database unreadable: \(error)") }
        guard let row else {
            throw CalendarError("unknown business '\(businessID)': start `speedai-rules serve` with its rule file once first")
        }
        guard let zone = ZoneConverter(identifier: row.timeZone) else {
            throw CalendarError("business '\(businessID)' has an unknown time zone '\(row.timeZone)'")
        }
        self.store = store
        self.business = row
        self.zone = zone
    }

    /// Parses a local time (`2025-01-18T19:30[:00]`) or a time with an offset.
    public func parseTime(_ text: String) -> Instant? { LocalTimeText.parse(text, zone: zone) }

    /// One line per booking from `from` on: `2025-01-18T19:30:00  20:00  4  uid  summary`.
    public func list(from: Instant) throws(CalendarError) -> [String] {
        let events: [LocalCalendarEvent]
        do { events = try store.localCalendarEvents(business: business.id, from: from) } catch {
            throw CalendarError("database unreadable: \(error)")
        }
        return events.map { event in
            let end = String(LocalTimeText.local(event.end, zone: zone).dropFirst(11).prefix(5))
            let resource = event.resource.isEmpty ? "" : "  @\(event.resource)"
            return "\(LocalTimeText.local(event.start, zone: zone))  until \(end)  party \(event.units)  \(event.uid)\(resource)  \(event.summary)"
        }
    }

    /// Adds a booking; returns it.
    public func book(start: Instant, end: Instant?, units: Int, uid: String?, summary: String?, resource: String) throws(CalendarError) -> LocalCalendarEvent {
        guard units >= 1 else { throw CalendarError("the party size must be at least 1") }
        let end = end ?? start + .seconds(business.slotSeconds)
        guard end > start else { throw CalendarError("the booking must end after it starts") }
        let event = LocalCalendarEvent(business: business.id, uid: uid ?? "cli-\(SecureRandom.token().prefix(10))", start: start,
                                       end: end, resource: resource, units: units, summary: summary ?? "Réservation (\(units))")
        var batch = StoreBatch()
        batch.calendarChanges = [.upsert(event)]
        do { try store.commit(batch) } catch { throw CalendarError("booking not saved: \(error)") }
        return event
    }

    /// Cancels the booking `uid`, or one booking starting at `start` (never a waitlist hold).
    public func cancel(uid: String?, start: Instant?) throws(CalendarError) -> (cancelled: LocalCalendarEvent, othersAtSameTime: Int) {
        let events: [LocalCalendarEvent]
        do { events = try store.localCalendarEvents(business: business.id, from: Instant(seconds: 0)) } catch {
            throw CalendarError("database unreadable: \(error)")
        }
        let candidates = events.filter { event in
            if let uid { return event.uid == uid }
            return event.start == start && !event.uid.hasPrefix(EngineEffect.holdIDPrefix)
        }
        guard let victim = candidates.first else {
            let what = uid.map { "no booking '\($0)'" } ?? "no booking starts at \(start.map { LocalTimeText.local($0, zone: zone) } ?? "?")"
            throw CalendarError("\(what) in the calendar of \(business.id) (see `calendar list`)")
        }
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: business.id, uid: victim.uid)]
        do { try store.commit(batch) } catch { throw CalendarError("cancellation not saved: \(error)") }
        return (victim, candidates.count - 1)
    }

    /// Local ISO text of an instant.
    public func localText(_ instant: Instant) -> String { LocalTimeText.local(instant, zone: zone) }
}
