/// The embedded default calendar: bookings in the `calendar_events` table of the service's
/// SQLite file. The server polls it like any calendar, and `speedai-rules calendar
/// book|cancel` edits it from another process while the server runs (WAL + busy timeout).
import Runtime

/// A calendar stored in the waitlist store.
public struct LocalCalendar: CalendarGateway {
    private let store: any WaitlistStore
    public var provider: String { "local" }

    /// The local calendar of `store`.
    public init(store: any WaitlistStore) { self.store = store }

    public func read(business: String, from: Instant, state: String?) throws(CalendarError) -> CalendarSnapshot {
        let events: [LocalCalendarEvent]
        do {
            events = try store.localCalendarEvents(business: business, from: from)
        } catch {
            throw CalendarError("local calendar of \(business) unreadable: \(error)")
        }
        let busy = events.map { BusyInterval(id: $0.uid, start: $0.start, end: $0.end, resource: $0.resource, units: $0.units) }
            .sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        return CalendarSnapshot(busy: busy, cursor: CalendarSnapshot.cursor(of: busy))
    }

    public func apply(_ operation: CalendarOperation) -> DeliveryResult {
        var batch = StoreBatch()
        switch operation.action {
        case .upsert:
            batch.calendarChanges = [.upsert(LocalCalendarEvent(
                business: operation.business, uid: operation.uid, start: operation.start, end: operation.end,
                resource: operation.resource, units: operation.units, summary: operation.summary))]
        case .delete:
            batch.calendarChanges = [.delete(business: operation.business, uid: operation.uid)]
        }
        do {
            try store.commit(batch)
            return .delivered(reference: operation.uid)
        } catch {
            return .retry("local calendar write failed: \(error)")
        }
    }
}
