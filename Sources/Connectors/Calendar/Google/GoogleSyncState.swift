/// The Google connector's resumable state, stored as JSON by the service between reads (and
/// across restarts): the incremental sync token, the busy events seen so far, the calendar's
/// zone and the push channel. The busy list is rebuilt from it alone, so a new gateway
/// instance handed this text continues the incremental sync where the last one stopped.
import Foundation
import Runtime

/// Sync token, cached busy events and push channel.
struct GoogleSyncState: Codable, Equatable {
    /// Format version, to recognise state written by a future release.
    var version = 1
    /// `nextSyncToken` of the last completed sync; nil forces a full sync.
    var syncToken: String?
    /// The calendar's zone as events.list reported it.
    var timeZone: String?
    /// Busy events by Google event id.
    var events: [String: GoogleCachedEvent] = [:]
    /// The live push channel, when push is configured.
    var channel: GooglePushChannel?
    /// Why the last attempt to open a push channel failed (polling continues meanwhile).
    var pushError: String?

    /// The state in `text`; a fresh one (full sync) when nil, unreadable or of another version.
    static func decode(_ text: String?) -> GoogleSyncState {
        guard let text, let state = try? JSONDecoder().decode(GoogleSyncState.self, from: Data(text.utf8)),
              state.version == 1 else { return GoogleSyncState() }
        return state
    }

    /// Deterministic JSON (sorted keys): the same state always gives the same text, so the
    /// service stores it only when something really changed.
    func encoded() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(self) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// Forgets the events that ended by `instant`: the engine no longer asks about them, and
    /// should one be moved later, the incremental sync brings it back whole.
    mutating func prune(endedBy instant: Instant) {
        events = events.filter { $0.value.end > instant.seconds }
    }

    /// The busy intervals ending after `instant`, sorted by start then id.
    func busy(endingAfter instant: Instant) -> [BusyInterval] {
        events.values.filter { $0.end > instant.seconds }.map(\.interval).sorted {
            ($0.start, $0.id) < ($1.start, $1.id)
        }
    }
}
