/// The CalDAV gateway's resumable state, persisted by the service as JSON with each
/// calendar change (`calendar_sync.state`): the calendar URL, the RFC 6578 sync token and
/// every event resource's ETag and raw iCalendar text, so the busy list can be rebuilt
/// after a restart without downloading the calendar again.
import Foundation

/// What one read leaves for the next.
struct CalDAVState: Codable, Sendable, Equatable {
    /// One calendar object resource.
    struct Resource: Codable, Sendable, Equatable {
        var etag: String
        var ics: String
    }

    /// Bumped when the layout changes; other versions are discarded (full resync).
    var version: Int = 1
    /// The configured URL and calendar name the state belongs to: a new configuration
    /// starts over.
    var source: String
    /// The calendar collection URL in use.
    var calendar: String
    /// The last sync token, nil before the first complete sync (or when the server does
    /// not support sync-collection).
    var syncToken: String?
    /// Resources by absolute URL.
    var resources: [String: Resource]
    /// Resources that could not be read as iCalendar, with the first error; left out of
    /// the busy list until they change.
    var unreadable: [String: String] = [:]

    /// The state in `json` if it belongs to `source`, else nil (first read, another
    /// calendar, or garbage: all mean a full sync).
    static func decode(_ json: String?, source: String) -> CalDAVState? {
        guard let json, let state = try? JSONDecoder().decode(CalDAVState.self, from: Data(json.utf8)),
              state.version == 1, state.source == source else { return nil }
        return state
    }

    /// The JSON text, keys sorted so equal states are equal strings.
    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
