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
        batch.calendarChanges = Self.changes(for: operation)
        do {
            try store.commit(batch)
            return .delivered(reference: operation.uid)
        } catch .conflict(let refusal) {
            return .slotTaken(refusal)
        } catch {
            return .retry("local calendar write failed: \(error)")
        }
    }

    /// The same changes as `apply`, for the outbox to commit with the row's `sent` mark, when
    /// `store` is this calendar's own store.
    public func storeChanges(for operation: CalendarOperation, in store: any WaitlistStore) -> [LocalCalendarChange]? {
        (self.store as AnyObject) === (store as AnyObject) ? Self.changes(for: operation) : nil
    }

    /// The table changes of one calendar write.
    static func changes(for operation: CalendarOperation) -> [LocalCalendarChange] {
        switch operation.action {
        case .upsert:
            let event = LocalCalendarEvent(business: operation.business, uid: operation.uid, start: operation.start,
                                           end: operation.end, resource: operation.resource, units: operation.units,
                                           summary: operation.summary)
            // A booking is re-checked against the calendar inside the transaction that writes it.
            if !operation.isHold, let capacity = operation.capacity { return [.book(event, capacity: capacity)] }
            return [.upsert(event)]
        case .delete:
            return [.delete(business: operation.business, uid: operation.uid)]
        }
    }
}
