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
    /// `speedai-booking-N` or `speedai-hold-N`: stable, so retries never duplicate.
    public var uid: String
    public var start: Instant
    public var end: Instant
    public var resource: String
    public var units: Int
    public var summary: String
    /// A memberwise initialiser.
    public init(action: Action, business: String, uid: String, start: Instant, end: Instant,
                resource: String, units: Int, summary: String) {
        self.action = action; self.business = business; self.uid = uid; self.start = start; self.end = end
        self.resource = resource; self.units = units; self.summary = summary
    }
}

/// What a calendar read returned.
public struct CalendarSnapshot: Sendable, Equatable {
    /// Busy intervals, sorted by start then id.
    public var busy: [BusyInterval]
    /// A cursor that changes whenever `busy` does (a digest, a sync token, a CTag).
    public var cursor: String
    public init(busy: [BusyInterval], cursor: String) { self.busy = busy; self.cursor = cursor }
}

/// A business's calendar.
public protocol CalendarGateway: Sendable {
    /// `local`, `google`, `caldav`: recorded with the sync state.
    var provider: String { get }
    /// The busy intervals ending after `from`.
    func read(business: String, from: Instant) throws(CalendarError) -> CalendarSnapshot
    /// Applies one write; must be idempotent on `operation.uid`.
    func apply(_ operation: CalendarOperation) -> DeliveryResult
}

/// A calendar read that failed (the poller retries on its next tick and records the error).
public struct CalendarError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
