/// Turns the cached calendar resources into the engine's busy list exactly as the tapes
/// do: each resource is read by Runtime's `ICalParser`, its series expanded (RRULE, RDATE,
/// EXDATE, RECURRENCE-ID overrides, STATUS:CANCELLED, TRANSP:TRANSPARENT, DURATION or no
/// DTEND, floating times in the establishment's zone) by `ICalCalendar.occurrences`, and the
/// occurrences become bookings through `TapeCalendar` (party and resource from
/// `X-SPEEDAI-PARTY` / `X-SPEEDAI-RESOURCE`; all-day events are not bookings). Parses are
/// cached by ETag, so a poll with no change parses nothing.
import Runtime
import RuleLang
import Synchronization

/// Parsed resources, by URL and ETag. Thread-safe.
final class CalDAVParseCache: Sendable {
    /// One parse: the calendar, or the first error.
    struct Entry: Sendable {
        var etag: String
        var ics: String
        var outcome: Result<ICalCalendar, CalendarError>
    }
    private let entries = Mutex<[String: Entry]>([:])

    /// The parse of `resource` at `url`, from the cache when its ETag and text are known.
    func calendar(url: String, resource: CalDAVState.Resource) -> Result<ICalCalendar, CalendarError> {
        if let entry = entries.withLock({ $0[url] }), entry.etag == resource.etag, entry.ics == resource.ics {
            return entry.outcome
        }
        let outcome = Self.parse(resource.ics, name: url)
        entries.withLock { $0[url] = Entry(etag: resource.etag, ics: resource.ics, outcome: outcome) }
        return outcome
    }

    /// Forgets resources no longer in the calendar.
    func keep(only urls: Set<String>) {
        entries.withLock { entries in
            for url in entries.keys where !urls.contains(url) { entries[url] = nil }
        }
    }

    /// Parses one resource's text.
    static func parse(_ ics: String, name: String) -> Result<ICalCalendar, CalendarError> {
        let (calendar, diagnostics) = ICalParser.parse(text: ics, fileName: name)
        if let calendar { return .success(calendar) }
        let first = diagnostics.first { $0.severity == .error }?.message ?? "unreadable iCalendar"
        return .failure(CalendarError("\(name) is not valid iCalendar: \(first)"))
    }
}

/// The busy-list computation.
enum CalDAVBusyCalendar {
    /// How far ahead occurrences are expanded, as the engine's horizon.
    static let horizon: Duration = .seconds(400 * 86_400)

    /// Busy intervals ending after `from` (sorted by start, then id) and the resources
    /// that could not be read, with why.
    static func busy(_ resources: [String: CalDAVState.Resource], from: Instant, zone: ZoneConverter,
                     cache: CalDAVParseCache) -> (busy: [BusyInterval], unreadable: [String: String]) {
        var occurrences: [EventOccurrence] = []
        var unreadable: [String: String] = [:]
        for url in resources.keys.sorted() {
            guard let resource = resources[url] else { continue }
            switch cache.calendar(url: url, resource: resource) {
            case .success(let calendar):
                occurrences += calendar.occurrences(from: from, to: from + horizon, defaultZone: zone)
            case .failure(let error):
                unreadable[url] = error.message
            }
        }
        cache.keep(only: Set(resources.keys))
        let busy = TapeCalendar(occurrences: occurrences).busy
        return (busy.sorted { ($0.start, $0.id) < ($1.start, $1.id) }, unreadable)
    }

    /// The bookings of one or more resources overlapping `[from, to)`, keyed by UID, for
    /// the capacity checks (expanded or not by the server, it is expanded here again).
    static func bookings(in calendars: [ICalCalendar], from: Instant, to: Instant, zone: ZoneConverter) -> [TapeBooking] {
        let occurrences = calendars.flatMap { $0.occurrences(from: from, to: to, defaultZone: zone) }
        return TapeCalendar(occurrences: occurrences).bookings.filter { $0.start < to && $0.end > from }
    }
}
