/// The calendar port: read the busy intervals (polling), write bookings and holds. The
/// embedded default is the local calendar in the SQLite file; issue 5 adds Google Calendar
/// and CalDAV behind the same protocol.
import Runtime

/// One write to a calendar, queued in the outbox.
public struct CalendarOperation: Sendable, Equatable, Codable {
    /// What to do.
    public enum Action: String, Sendable, Codable {
        /// Create (or replace) the event `uid`.
        case upsert
        /// Remove the event `uid` (no error when already gone).
        case delete
    }
    public var action: Action
    public var business: String
    /// The event's id in the calendar (`CalendarIdentity`): stable, so retries never duplicate.
    public var uid: String
    public var start: Instant
    public var end: Instant
    public var resource: String
    public var units: Int
    public var summary: String
    /// Places the slot holds in all (the rule file's capacity), so a connector can re-check
    /// right before writing that the booking still fits; nil skips the check (deletes).
    public var capacity: Int?
    /// Proof of authorship written with the event (`CalendarIdentity.marker(outboxID:)`), set
    /// by the dispatcher for each write: when the event's id is found taken, the event is an
    /// earlier attempt of this very write only if it carries the same marker. Nil: the UID decides.
    public var marker: String?
    /// Whether this is a tentative hold (an offer is open) rather than a booking.
    public var isHold: Bool { uid.hasPrefix(EngineEffect.holdIDPrefix) }
    /// A memberwise initialiser.
    public init(action: Action, business: String, uid: String, start: Instant, end: Instant,
                resource: String, units: Int, summary: String, capacity: Int? = nil, marker: String? = nil) {
        self.action = action; self.business = business; self.uid = uid; self.start = start; self.end = end
        self.resource = resource; self.units = units; self.summary = summary; self.capacity = capacity
        self.marker = marker
    }
}

/// What a calendar read returned.
public struct CalendarSnapshot: Sendable, Equatable {
    /// Busy intervals, sorted by start then id.
    public var busy: [BusyInterval]
    /// A digest that changes whenever `busy` does: the engine hears of a change only then.
    public var cursor: String
    /// The connector's resumable state after this read (sync token, push channel, cached
    /// events; JSON), persisted with the change and handed back to the next read. Nil for
    /// connectors that keep nothing between reads.
    public var state: String?
    public init(busy: [BusyInterval], cursor: String, state: String? = nil) {
        self.busy = busy; self.cursor = cursor; self.state = state
    }

    /// The cursor of a busy list: equal lists, equal cursors.
    public static func cursor(of busy: [BusyInterval]) -> String {
        var text = ""
        for interval in busy {
            text += "\(interval.id)|\(interval.start.seconds)|\(interval.end.seconds)|\(interval.resource)|\(interval.units)\n"
        }
        return Digest.sha256Hex(text)
    }
}

/// A business's calendar.
public protocol CalendarGateway: Sendable {
    /// `local`, `google`, `caldav`: recorded with the sync state.
    var provider: String { get }
    /// The busy intervals ending after `from`. `state` is what the previous read returned
    /// (after a restart: what was persisted), nil the first time or after a reset.
    func read(business: String, from: Instant, state: String?) throws(CalendarError) -> CalendarSnapshot
    /// Applies one write; must be idempotent on `operation.uid`.
    func apply(_ operation: CalendarOperation) -> DeliveryResult
    /// The changes that perform `operation` when this calendar lives in `store` itself (the
    /// local calendar), so the outbox commits them with the row's `sent` mark in one
    /// transaction; nil for a calendar elsewhere (the default).
    func storeChanges(for operation: CalendarOperation, in store: any WaitlistStore) -> [LocalCalendarChange]?
}

extension CalendarGateway {
    /// A calendar outside the waitlist store: written through `apply`.
    public func storeChanges(for operation: CalendarOperation, in store: any WaitlistStore) -> [LocalCalendarChange]? { nil }
}

/// A calendar read that failed (the poller retries on its next tick and records the error).
public struct CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
