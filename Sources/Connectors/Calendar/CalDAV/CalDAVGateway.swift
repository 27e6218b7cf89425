/// A business's calendar on any CalDAV server (Nextcloud, iCloud, Fastmail, Radicale,
/// SOGo...): reads the busy list incrementally with RFC 6578 sync-collection, writes
/// bookings and holds as one event resource each, and settles races with other clients
/// (see `CalDAVBookingWriter`). Its resumable state (calendar URL, sync token, every
/// event's raw iCalendar) travels in `CalendarSnapshot.state`, so a restarted service
/// continues incrementally.
import Runtime
import Synchronization

/// The CalDAV calendar port.
public final class CalDAVGateway: CalendarGateway {
    /// Always `caldav`.
    public var provider: String { "caldav" }
    /// The settings in use.
    public let configuration: CalDAVConfiguration
    private let transport: CalDAVTransport
    private let zone: ZoneConverter?
    private let parses = CalDAVParseCache()
    /// The calendar URL once known (from the state or discovery), for writes.
    private let knownCalendar = Mutex<String?>(nil)

    /// A gateway for `configuration`, talking through `client`.
    public init(configuration: CalDAVConfiguration, client: any HTTPClient) {
        self.configuration = configuration
        self.transport = CalDAVTransport(client: client, configuration: configuration)
        self.zone = ZoneConverter(identifier: configuration.timeZone)
    }

    /// What the state is tied to: another URL or calendar name starts over.
    private var source: String { "\(configuration.url)#\(configuration.calendarName ?? "")" }

    public func read(business: String, from: Instant, state: String?) throws(CalendarError) -> CalendarSnapshot {
        let zone = try establishmentZone()
        var current: CalDAVState
        if let saved = CalDAVState.decode(state, source: source) {
            current = saved
            knownCalendar.withLock { $0 = saved.calendar }
        } else {
            current = CalDAVState(source: source, calendar: try calendarURL().get(), syncToken: nil, resources: [:])
        }
        if case .failure(let failure) = CalDAVSynchronizer(transport: transport).sync(&current) {
            throw CalendarError("calendar of \(business) not read: \(failure.message)")
        }
        let (busy, unreadable) = CalDAVBusyCalendar.busy(current.resources, from: from, zone: zone, cache: parses)
        current.unreadable = unreadable
        return CalendarSnapshot(busy: busy, cursor: CalendarSnapshot.cursor(of: busy), state: current.encoded)
    }

    public func apply(_ operation: CalendarOperation) -> DeliveryResult {
        let calendar: String
        switch resolvedCalendar() {
        case .success(let url): calendar = url
        case .failure(let failure): return CalDAVFailure(transient: failure.isTransient, message: "CalDAV calendar not found: \(failure.message)").delivery
        }
        guard let zone else { return .permanent("unknown time zone '\(configuration.timeZone)' in the CalDAV configuration") }
        let writer = CalDAVBookingWriter(transport: transport, query: CalDAVCalendarQuery(transport: transport, zone: zone))
        switch operation.action {
        case .upsert: return writer.upsert(operation, calendar: calendar)
        case .delete: return writer.delete(operation, calendar: calendar)
        }
    }

    /// The bookings overlapping `[from, to)`, asked of the server with `calendar-query`
    /// (`time-range`; `expand` when asked), for point checks without a full read. Ids are
    /// those of `read` (`uid`, or `uid@start` for the occurrences of a series).
    public func calendarQuery(from: Instant, to: Instant, expand: Bool = true) throws(CalendarError) -> [BusyInterval] {
        let zone = try establishmentZone()
        let calendar = try calendarURL().get()
        switch CalDAVCalendarQuery(transport: transport, zone: zone).bookings(in: calendar, from: from, to: to, expand: expand) {
        case .failure(let failure): throw CalendarError("CalDAV calendar-query failed: \(failure.message)")
        case .success(let found):
            return TapeCalendar(bookings: found.map(\.booking)).busy.sorted { ($0.start, $0.id) < ($1.start, $1.id) }
        }
    }

    /// The calendar collection URL: known, or discovered now (and remembered).
    public func calendarURL() -> Result<String, CalendarError> {
        resolvedCalendar().mapError { CalendarError("CalDAV calendar not found: \($0.message)") }
    }

    private func resolvedCalendar() -> Result<String, CalDAVFailure> {
        if let known = knownCalendar.withLock({ $0 }) { return .success(known) }
        return CalDAVDiscovery(transport: transport).calendarURL().map { url in
            knownCalendar.withLock { $0 = url }
            return url
        }
    }

    private func establishmentZone() throws(CalendarError) -> ZoneConverter {
        guard let zone else {
            throw CalendarError("unknown time zone '\(configuration.timeZone)' in the CalDAV configuration (use an IANA name such as Europe/Paris)")
        }
        return zone
    }
}
