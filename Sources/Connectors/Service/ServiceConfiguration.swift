/// How one `speedai-rules serve` process is set up: where things are, what overrides the
/// rule files, and the limits that protect the service and the customers it texts.
import Runtime

/// Settings of the waitlist service.
public struct ServiceConfiguration: Sendable {
    /// Folder of the rule files, one `<business_id>.rules` each.
    public var rulesDirectory: String
    /// Folder of the database and the SMS file.
    public var dataDirectory: String
    /// Base URL of the public pages; overrides each rule file's `public_url` when set.
    public var publicURL: String?
    /// The API key callers of the trigger must present (`Authorization: Bearer`).
    public var apiKey: String
    /// Calendar polling interval; overrides the rule files' `poll_every` when set (demo).
    public var pollInterval: Duration?
    /// Engine snapshots are written every this many logged events per business.
    public var snapshotEvery: Int = 500
    /// `source` values the trigger accepts.
    public var allowedSources: Set<String> = ["voice_agent", "phone", "dashboard", "web", "sms"]
    /// Invitations one phone number may receive per business per hour (SMS-pumping guard).
    public var invitationsPerPhonePerHour: Int = 5
    /// Calendar reads in flight at once across all establishments (each establishment has at
    /// most one): enough that a few hung servers leave room for everyone else.
    public var calendarReadLimit: Int = 16
    /// Establishments whose SMS are handed to their provider at the same time, in one outbox
    /// round (each establishment's own SMS stay in order).
    public var smsSendLimit: Int = 32
    /// API requests per client address per second (token bucket), and the burst allowed.
    public var apiRequestsPerSecond: Double = 50
    /// Burst of the API rate limiter.
    public var apiBurst: Double = 200
    /// When set, the outbox is not dispatched (maintenance; restart tests).
    public var outboxPaused: Bool = false
    /// Enables `POST /_test/clock` (tests only).
    public var testClock: Bool = false

    /// A configuration with the given folders and key.
    public init(rulesDirectory: String, dataDirectory: String, publicURL: String?, apiKey: String) {
        self.rulesDirectory = rulesDirectory
        self.dataDirectory = dataDirectory
        self.publicURL = publicURL
        self.apiKey = apiKey
    }
}
