/// The rows the store reads and writes. Plain values: the store maps them to tables, the
/// service builds them from engine effects. Times are `Instant`s (seconds since the epoch).
import Runtime

/// Everything one engine step (or one dispatcher step) makes durable, in one transaction.
public struct StoreBatch: Sendable, Equatable {
    /// The event the engine was given; nil for batches that only move outbox rows or the
    /// local calendar.
    public var event: LoggedEventRow?
    /// A snapshot of the engine state to store (typically every few thousand events).
    public var snapshot: EngineSnapshotRow?
    /// A rule file version to remember (idempotent on its digest).
    public var ruleSource: RuleSourceRow?
    /// A rule version to record; its number is the business's last plus one.
    public var ruleVersion: RuleVersionInsert?
    /// Projected entries to insert or replace (by business + id).
    public var entries: [EntryRow] = []
    /// History lines to append.
    public var history: [HistoryRow] = []
    /// Projected offers to insert or replace (by business + engine token).
    public var offers: [OfferRow] = []
    /// Timers to insert or replace (by business + key).
    public var timersScheduled: [TimerRow] = []
    /// Timers to delete (business, key).
    public var timersRemoved: [TimerKey] = []
    /// Delete every timer of `business` due at or before `at` (they fired).
    public var timersFiredThrough: TimerKey?
    /// Side effects to queue.
    public var outbox: [OutboxInsert] = []
    /// Outbox rows whose delivery progressed.
    public var outboxUpdates: [OutboxUpdate] = []
    /// What the SMS provider reported about messages it accepted (applied after `outboxUpdates`).
    public var deliveryReports: [DeliveryReport] = []
    /// Link secrets minted (only their digests).
    public var tokens: [PublicTokenRow] = []
    /// The answer to remember for an idempotency key; `commit` throws `.conflict` when the
    /// (scope, key) exists already.
    public var idempotency: IdempotencyRow?
    /// New calendar sync state.
    public var calendarSync: CalendarSyncRow?
    /// Changes to the local calendar.
    public var calendarChanges: [LocalCalendarChange] = []
    /// Businesses to register or update.
    public var businesses: [BusinessRow] = []
    /// Dashboard admins to insert or replace (by email).
    public var admins: [AdminRow] = []
    /// Dashboard admins to delete (by email), with every session of theirs; applied before `admins`.
    public var adminsRemoved: [String] = []
    /// Admin sessions opened (keyed by their token's digest).
    public var sessions: [AdminSessionRow] = []
    /// Admin sessions closed, by token digest; an unknown digest is no error.
    public var sessionsRemoved: [String] = []
    /// When set, every admin session that expired at or before this time is deleted, so
    /// sessions nobody presents again do not pile up.
    public var sessionsExpiredBy: Instant?
    /// A GDPR erasure's scrub of the rows around the engine, applied last.
    public var privacy: PrivacyScrub?
    /// Pending SMS file erasures done (the file was rewritten without those lines).
    public var smsFileErasuresDone: [PendingSMSFileErasure] = []
    /// Security events for the journal (sign-in failures and slowdowns).
    public var securityEvents: [SecurityEventRow] = []

    /// An empty batch.
    public init() {}

    /// Whether nothing would be written.
    public var isEmpty: Bool { self == StoreBatch() }
}

/// One engine input in the log. `payload` is the service's JSON encoding of the event.
public struct LoggedEventRow: Sendable, Equatable {
    public var business: String
    /// Per-business, strictly increasing, assigned by the service; unique.
    public var sequence: Int64
    /// The virtual time the engine applied the event at.
    public var at: Instant
    /// Short kind (`trigger`, `form`, `reply`, `calendar`, `advance`, `rules`, ...), for queries.
    public var kind: String
    /// The event, JSON.
    public var payload: String
    public init(business: String, sequence: Int64, at: Instant, kind: String, payload: String) {
        self.business = business; self.sequence = sequence; self.at = at; self.kind = kind; self.payload = payload
    }
}

/// A snapshot of an engine: its state (JSON of `EngineState`) after event `sequence`,
/// under the rule file version `ruleDigest`.
public struct EngineSnapshotRow: Sendable, Equatable {
    public var business: String
    public var sequence: Int64
    public var at: Instant
    public var ruleDigest: String
    public var state: String
    public init(business: String, sequence: Int64, at: Instant, ruleDigest: String, state: String) {
        self.business = business; self.sequence = sequence; self.at = at; self.ruleDigest = ruleDigest; self.state = state
    }
}

/// A rule file's text by its SHA-256 (hex).
public struct RuleSourceRow: Sendable, Equatable {
    public var digest: String
    public var business: String
    public var source: String
    public var loadedAt: Instant
    public init(digest: String, business: String, source: String, loadedAt: Instant) {
        self.digest = digest; self.business = business; self.source = source; self.loadedAt = loadedAt
    }
}

/// The read-side projection of one waitlist entry (the dashboard filters on the columns).
public struct EntryRow: Sendable, Equatable {
    public var business: String
    public var id: Int
    /// `EntryStatus.rawValue`.
    public var status: String
    public var phone: String
    public var firstName: String
    public var lastName: String
    public var email: String
    public var requested: Instant
    public var service: String
    /// Chosen slots' starts.
    public var slots: [Instant]
    public var partySize: Int
    public var source: String
    public var createdAt: Instant
    public var updatedAt: Instant
    /// The whole `WaitlistEntry`, JSON, for anything the columns do not carry.
    public var json: String {
        get { jsonText.text }
        set { jsonText = .written(newValue) }
    }
    /// The JSON, or the deferred encoding that will produce it (`DeferredJSON`).
    var jsonText: JSONText.Value
    public init(business: String, id: Int, status: String, phone: String, firstName: String, lastName: String,
                email: String, requested: Instant, service: String, slots: [Instant], partySize: Int,
                source: String, createdAt: Instant, updatedAt: Instant, json: String) {
        self.init(business: business, id: id, status: status, phone: phone, firstName: firstName, lastName: lastName,
                  email: email, requested: requested, service: service, slots: slots, partySize: partySize,
                  source: source, createdAt: createdAt, updatedAt: updatedAt, jsonText: .written(json))
    }

    init(business: String, id: Int, status: String, phone: String, firstName: String, lastName: String,
         email: String, requested: Instant, service: String, slots: [Instant], partySize: Int,
         source: String, createdAt: Instant, updatedAt: Instant, jsonText: JSONText.Value) {
        self.business = business; self.id = id; self.status = status; self.phone = phone
        self.firstName = firstName; self.lastName = lastName; self.email = email; self.requested = requested
        self.service = service; self.slots = slots; self.partySize = partySize; self.source = source
        self.createdAt = createdAt; self.updatedAt = updatedAt; self.jsonText = jsonText
    }
}

/// One history line of an entry (or of the business journal when `entryID` is nil).
public struct HistoryRow: Sendable, Equatable {
    public var business: String
    public var entryID: Int?
    public var at: Instant
    public var from: String?
    public var to: String?
    public var reason: String
    public init(business: String, entryID: Int?, at: Instant, from: String?, to: String?, reason: String) {
        self.business = business; self.entryID = entryID; self.at = at; self.from = from; self.to = to; self.reason = reason
    }
}

/// The projection of one offer.
public struct OfferRow: Sendable, Equatable {
    public var business: String
    /// The engine's offer token (not a secret: the public link carries another, hashed, one).
    public var engineToken: String
    public var entryID: Int
    public var slotStart: Instant
    public var service: String
    public var sentAt: Instant
    public var expiresAt: Instant
    /// `Offer.Outcome.rawValue`.
    public var outcome: String
    public init(business: String, engineToken: String, entryID: Int, slotStart: Instant, service: String,
                sentAt: Instant, expiresAt: Instant, outcome: String) {
        self.business = business; self.engineToken = engineToken; self.entryID = entryID; self.slotStart = slotStart
        self.service = service; self.sentAt = sentAt; self.expiresAt = expiresAt; self.outcome = outcome
    }
}

/// Identifies a timer: the business and the timer's description (`TimerID.description`),
/// or, for `timersFiredThrough`, the business and a due time.
public struct TimerKey: Sendable, Equatable {
    public var business: String
    public var key: String
    public var due: Instant
    public init(business: String, key: String, due: Instant) { self.business = business; self.key = key; self.due = due }
}

/// A pending engine timer, projected so an operator can see what will happen when.
public struct TimerRow: Sendable, Equatable {
    public var business: String
    public var key: String
    public var due: Instant
    public init(business: String, key: String, due: Instant) { self.business = business; self.key = key; self.due = due }
}

/// Where an outbox row stands.
public enum OutboxStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting to be sent (first try or a retry after back-off).
    case pending
    /// The provider acknowledged it.
    case sent
    /// Retries exhausted or a permanent failure: shown in the dashboard.
    case dead
}

/// A side effect to queue. `kind` is `sms` or `calendar`; `payload` is the service's JSON.
public struct OutboxInsert: Sendable, Equatable {
    public var business: String
    public var entryID: Int?
    public var kind: String
    public var payload: String
    public var nextAttemptAt: Instant
    public var createdAt: Instant
    /// The sequence of the logged event whose effects queued the row (nil: not from an event).
    public var step: Int64?
    public init(business: String, entryID: Int?, kind: String, payload: String, nextAttemptAt: Instant, createdAt: Instant,
                step: Int64? = nil) {
        self.business = business; self.entryID = entryID; self.kind = kind; self.payload = payload
        self.nextAttemptAt = nextAttemptAt; self.createdAt = createdAt; self.step = step
    }
}

/// A queued side effect as stored.
public struct OutboxRow: Sendable, Equatable {
    /// Unique, increasing in insertion order; providers get it as an idempotency key.
    public var id: Int64
    public var business: String
    public var entryID: Int?
    public var kind: String
    public var payload: String
    public var status: OutboxStatus
    public var attempts: Int
    public var nextAttemptAt: Instant
    public var lastError: String?
    public var createdAt: Instant
    public var sentAt: Instant?
    /// The logged event whose effects queued the row (nil for rows older than schema 6).
    public var step: Int64?
    public init(id: Int64, business: String, entryID: Int?, kind: String, payload: String, status: OutboxStatus,
                attempts: Int, nextAttemptAt: Instant, lastError: String?, createdAt: Instant, sentAt: Instant?,
                step: Int64? = nil) {
        self.id = id; self.business = business; self.entryID = entryID; self.kind = kind; self.payload = payload
        self.status = status; self.attempts = attempts; self.nextAttemptAt = nextAttemptAt; self.lastError = lastError
        self.createdAt = createdAt; self.sentAt = sentAt; self.step = step
    }

    /// Whether `other` was queued by the same step (the same event's effects) as this row.
    public func sameStep(as other: OutboxRow) -> Bool {
        guard business == other.business else { return false }
        if let step, let otherStep = other.step { return step == otherStep }
        return createdAt == other.createdAt
    }
}

/// Progress of one outbox row: sent, retry later, or dead-lettered.
public struct OutboxUpdate: Sendable, Equatable {
    public var id: Int64
    public var status: OutboxStatus
    public var attempts: Int
    public var nextAttemptAt: Instant
    public var lastError: String?
    public var sentAt: Instant?
    /// Replaces the payload when set (e.g. the SMS body with its link secrets masked once sent).
    public var payload: String?
    /// The provider's reference for the message (Twilio's MessageSid), stored when set so its
    /// delivery reports find the row.
    public var providerRef: String?
    public init(id: Int64, status: OutboxStatus, attempts: Int, nextAttemptAt: Instant, lastError: String?,
                sentAt: Instant?, payload: String? = nil, providerRef: String? = nil) {
        self.id = id; self.status = status; self.attempts = attempts; self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError; self.sentAt = sentAt; self.payload = payload; self.providerRef = providerRef
    }
}

/// What a public link secret points to. Only the SHA-256 of the secret is stored.
public struct PublicTokenRow: Sendable, Equatable {
    /// SHA-256 (hex) of the secret.
    public var digest: String
    public var business: String
    /// `entry` (the waitlist page) or `offer` (the Oui/Non pages).
    public var kind: String
    /// The engine's token for the entry or offer.
    public var engineToken: String
    public var entryID: Int
    public var createdAt: Instant
    public var expiresAt: Instant
    public init(digest: String, business: String, kind: String, engineToken: String, entryID: Int,
                createdAt: Instant, expiresAt: Instant) {
        self.digest = digest; self.business = business; self.kind = kind; self.engineToken = engineToken
        self.entryID = entryID; self.createdAt = createdAt; self.expiresAt = expiresAt
    }
}

/// A remembered API answer for an `Idempotency-Key` (Stripe's semantics).
public struct IdempotencyRow: Sendable, Equatable {
    /// The API key's digest: keys of different clients never collide.
    public var scope: String
    public var key: String
    /// SHA-256 (hex) of the request (method, path, body).
    public var requestDigest: String
    public var status: Int
    public var responseBody: String
    public var createdAt: Instant
    public init(scope: String, key: String, requestDigest: String, status: Int, responseBody: String, createdAt: Instant) {
        self.scope = scope; self.key = key; self.requestDigest = requestDigest; self.status = status
        self.responseBody = responseBody; self.createdAt = createdAt
    }
}

/// A calendar's synchronisation state: what was last read, so only changes reach the engine.
public struct CalendarSyncRow: Sendable, Equatable {
    public var business: String
    /// `local`, `google`, `caldav`.
    public var provider: String
    /// Provider cursor: a digest of the busy list, a sync token, a CTag.
    public var cursor: String
    public var lastPolledAt: Instant
    public var lastChangedAt: Instant?
    public var lastError: String?
    /// The connector's own resumable state (JSON): sync token, push channel, cached events.
    public var state: String?
    public init(business: String, provider: String, cursor: String, lastPolledAt: Instant,
                lastChangedAt: Instant?, lastError: String?, state: String? = nil) {
        self.business = business; self.provider = provider; self.cursor = cursor; self.lastPolledAt = lastPolledAt
        self.lastChangedAt = lastChangedAt; self.lastError = lastError; self.state = state
    }
}

/// One booking of the local calendar.
public struct LocalCalendarEvent: Sendable, Equatable {
    public var business: String
    public var uid: String
    public var start: Instant
    public var end: Instant
    /// Staff member / room label; empty for every resource.
    public var resource: String
    /// Covers taken.
    public var units: Int
    public var summary: String
    public init(business: String, uid: String, start: Instant, end: Instant, resource: String = "", units: Int = 1,
                summary: String = "") {
        self.business = business; self.uid = uid; self.start = start; self.end = end; self.resource = resource
        self.units = units; self.summary = summary
    }
}

/// A change to the local calendar.
public enum LocalCalendarChange: Sendable, Equatable {
    /// Insert or replace (by business + uid).
    case upsert(LocalCalendarEvent)
    /// Insert or replace a booking only if it still fits under `capacity` places next to the
    /// other bookings (holds aside) at every instant of its time, checked inside the
    /// transaction that writes it; else the batch fails with `StoreError.conflict`.
    case book(LocalCalendarEvent, capacity: Int)
    /// Delete (business, uid); nothing when absent.
    case delete(business: String, uid: String)
}

/// The installation's identity in the database (schema version 6).
public struct InstallationRow: Sendable, Equatable {
    /// 12 hex digits, drawn when the database was created or upgraded.
    public var id: String
    /// Per business, the first entry number whose booking carries the installation id
    /// (entries below were booked as `speedai-booking-N`); absent: 0.
    public var legacyBookingsBelow: [String: Int]

    /// The calendar identity of `business`.
    public func calendarIdentity(business: String) -> CalendarIdentity {
        CalendarIdentity(installation: id, business: business, legacyBelow: legacyBookingsBelow[business] ?? 0)
    }
}

/// What the service knows about a business, shared with the CLI through the database.
public struct BusinessRow: Sendable, Equatable {
    public var id: String
    public var name: String
    public var timeZone: String
    /// Default booking length, seconds (the first service's slot length).
    public var slotSeconds: Int64
    public var ruleDigest: String
    public var updatedAt: Instant
    public init(id: String, name: String, timeZone: String, slotSeconds: Int64, ruleDigest: String, updatedAt: Instant) {
        self.id = id; self.name = name; self.timeZone = timeZone; self.slotSeconds = slotSeconds
        self.ruleDigest = ruleDigest; self.updatedAt = updatedAt
    }
}

/// A dashboard admin account.
public struct AdminRow: Sendable, Equatable {
    /// The login, lowercased.
    public var email: String
    /// The establishment this admin manages; nil for a platform admin (every establishment).
    public var business: String?
    /// `PasswordHasher`'s encoded hash; the password itself is never stored.
    public var passwordHash: String
    public var createdAt: Instant
    public init(email: String, business: String?, passwordHash: String, createdAt: Instant) {
        self.email = email; self.business = business; self.passwordHash = passwordHash; self.createdAt = createdAt
    }
}

/// An open dashboard session. Only the SHA-256 of the session token is stored.
public struct AdminSessionRow: Sendable, Equatable {
    /// SHA-256 (hex) of the cookie's token.
    public var tokenDigest: String
    public var email: String
    /// The session's anti-CSRF token, echoed by every form.
    public var csrf: String
    public var createdAt: Instant
    public var expiresAt: Instant
    public init(tokenDigest: String, email: String, csrf: String, createdAt: Instant, expiresAt: Instant) {
        self.tokenDigest = tokenDigest; self.email = email; self.csrf = csrf; self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// An erasure the embedded SMS file (`DATA/sms.jsonl`) still owes: the lines sent to the phone
/// whose SHA-256 is `phoneDigest`, erased from `business`.
public struct PendingSMSFileErasure: Sendable, Equatable, Hashable {
    public var business: String
    /// SHA-256 (hex) of the E.164 phone number.
    public var phoneDigest: String

    public init(business: String, phoneDigest: String) {
        self.business = business
        self.phoneDigest = phoneDigest
    }
}

/// A security event as the journal shows it (see `SignInEvent`).
public struct SecurityEventRow: Sendable, Equatable {
    /// The establishment whose journal shows it; nil: platform-wide.
    public var business: String?
    public var at: Instant
    /// `sign_in_failed`, `sign_in_slowed_down`.
    public var kind: String
    /// The journal's French line (email and address masked).
    public var text: String

    public init(business: String?, at: Instant, kind: String, text: String) {
        self.business = business
        self.at = at
        self.kind = kind
        self.text = text
    }
}
