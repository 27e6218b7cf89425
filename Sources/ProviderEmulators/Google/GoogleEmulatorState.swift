/// Everything the Google Calendar emulator remembers, guarded by one mutex in
/// `GoogleEmulatorCore`: the calendar's events and change counter (sync tokens name a point
/// in it), OAuth tokens, push channels, injected failures, and logs for tests.
import Connectors
import Runtime

/// The emulator's mutable state.
struct GoogleEmulatorState {
    var events: [String: GoogleEmulatorEvent] = [:]
    /// Bumped by every change; an event remembers the number of its last change.
    var changeNumber = 0
    /// Sync tokens of another generation are expired (410).
    var syncGeneration = 1
    /// Issued access tokens: expiry and the refresh token they came from.
    var accessTokens: [String: (expiry: Instant, refreshToken: String)] = [:]
    /// Refresh tokens that still work.
    var refreshTokens: Set<String> = []
    var channels: [String: GoogleEmulatorChannel] = [:]
    var failures: [GoogleEmulatorFailure] = []
    /// `METHOD /path?query` of every API request that passed authentication.
    var requests: [String] = []
    var tokenRequests = 0
    var pushes: [GoogleEmulatorPush] = []
    /// `http://127.0.0.1:port/calendar/v3` once started.
    var baseURL = ""
}

/// Opaque sync and page tokens, as base64url text of the numbers they stand for.
enum GoogleEmulatorTokens {
    /// A sync token: generation and change number.
    static func sync(generation: Int, change: Int) -> String {
        "CPD" + Base64URLText.encode("s:\(generation):\(change)")
    }

    /// `(generation, change)` of a sync token, or nil when it is not one of ours.
    static func sync(_ token: String) -> (generation: Int, change: Int)? {
        guard token.hasPrefix("CPD"), let text = Base64URLText.decode(String(token.dropFirst(3))) else { return nil }
        let parts = text.split(separator: ":")
        guard parts.count == 3, parts[0] == "s", let generation = Int(parts[1]), let change = Int(parts[2]) else { return nil }
        return (generation, change)
    }

    /// A page token: the listing's snapshot change number, its sync base (-1 for a full
    /// listing) and the last id returned (pages are ordered by id).
    static func page(snapshot: Int, since: Int?, lastID: String) -> String {
        "Ci" + Base64URLText.encode("p:\(snapshot):\(since ?? -1):\(lastID)")
    }

    /// The parts of a page token, or nil.
    static func page(_ token: String) -> (snapshot: Int, since: Int?, lastID: String)? {
        guard token.hasPrefix("Ci"), let text = Base64URLText.decode(String(token.dropFirst(2))) else { return nil }
        let parts = text.split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "p", let snapshot = Int(parts[1]), let since = Int(parts[2]) else { return nil }
        return (snapshot, since < 0 ? nil : since, String(parts[3]))
    }
}

/// Base64url of UTF-8 text.
private enum Base64URLText {
    static func encode(_ text: String) -> String { Base64URL.encode(Array(text.utf8)) }
    static func decode(_ text: String) -> String? {
        Base64URL.decode(text).map { String(decoding: $0, as: UTF8.self) }
    }
}
