/// The waitlist service: the engines of every business, their log in the store, and the one
/// path every input takes — apply under the business's lock, queue the batch in order,
/// wait for its commit outside the lock. HTTP handlers, the calendar poller, the timer
/// loop and the rule watcher all go through `apply`.
import Foundation
import RuleLang
import Runtime
import Synchronization

/// What `apply` returns: the caller's inspection of the engine after the event, and the
/// links minted for it.
struct Applied<Result: Sendable>: Sendable {
    var result: Result
    var links: [Int: String]
    var effects: [EngineEffect]
}

/// What the rule watcher remembers of a file to skip unchanged ones without reading them.
struct RuleFileStamp: Equatable, Sendable {
    var modified: Date?
    var size: Int64?
}

/// Errors the service reports to its callers.
public enum ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No business with this id is served.
    case unknownBusiness(String)
    /// The database failed; nothing was acknowledged.
    case storage(StoreError)
    /// A rule file cannot run.
    case rules(business: String, message: String)

    public var description: String {
        switch self {
        case .unknownBusiness(let id): return "unknown business '\(id)'"
        case .storage(let error): return "storage failure: \(error)"
        case let .rules(business, message): return "rules of \(business): \(message)"
        }
    }
}

/// The running service (everything but the HTTP transport).
public final class WaitlistService: Sendable {
    public let configuration: ServiceConfiguration
    public let store: any WaitlistStore
    public let clock: any ServiceClock
    /// The connectors of businesses without their own (the embedded default's).
    let defaultConnectors: BusinessConnectors
    /// Connectors configured per business (`DATA/config/<business>.json`).
    let connectorsByBusiness = Mutex<[String: BusinessConnectors]>([:])
    /// The connection settings those connectors were built from (webhooks authenticate with them).
    let connectionSettings = Mutex<[String: ConnectionSettings]>([:])
    let telemetry: ServiceTelemetry
    let runtimes = Mutex<[String: BusinessRuntime]>([:])
    /// Rule sources last seen on disk, by business: digest and text (the watcher's memory).
    let ruleFiles = Mutex<[String: (digest: String, stamp: RuleFileStamp)]>([:])
    /// Held by the folder watcher's scan and by a dashboard rule save, so a file the editor
    /// is writing and applying is never picked up (and applied a second time) by the watcher.
    let ruleFileLock = Mutex(())
    let idempotency = IdempotencyGate()
    let limiter: RateLimiter
    /// Invitations per phone and business: a bucket of `invitationsPerPhonePerHour` refilled over an hour.
    let invitationLimiter: RateLimiter
    let apiKeyDigest: [UInt8]
    /// Dashboard sign-in, created on first use (it hashes a decoy password once).
    let adminAuthenticator = Mutex<AdminAuthenticator?>(nil)
    /// Whether `stop()` was called.
    let lifecycle = Mutex(false)
    /// Wakes the scheduler (a push notification asked for a calendar read).
    let schedulerSignal = DispatchSemaphore(value: 0)
    /// Businesses whose calendar must be read at the next scheduler pass.
    let pollRequests = Mutex<Set<String>>([])
    /// Wakes the dispatcher when a commit queued outbox rows.
    let outboxSignal = DispatchSemaphore(value: 0)
    /// Where periodic engine snapshots are encoded and written, off the business locks.
    let snapshotQueue = DispatchQueue(label: "speedai.snapshots", qos: .utility)
    /// Signalled once by each background thread when it ends.
    let loopsFinished = DispatchSemaphore(value: 0)
    /// How many background threads `startBackgroundWork` started.
    let backgroundThreads = Mutex(0)
    /// When each business's retention purge last ran (in memory: a restart runs it again).
    let privacyPurges = Mutex<[String: Instant]>([:])
    /// Rendered public waitlist pages, checked against the engine's version on every use.
    let pageCache = PublicPageCache()
    /// The installation's identity, read once from the store (`calendarIdentity(for:)`).
    let installationRow = Mutex<InstallationRow?>(nil)
    /// Outbox rows being delivered by some thread right now (`OutboxClaims`).
    let outboxClaims = OutboxClaims()
    /// Businesses whose calendar read is under way (`readCalendars`).
    let calendarReadsInFlight = Mutex<Set<String>>([])
    /// Where calendar reads run, so a slow or hung server delays only its own establishment.
    let calendarReaders = DispatchQueue(label: "speedai.calendar-reads", attributes: .concurrent)
    /// Bounds the reads in flight at once (`ServiceConfiguration.calendarReadLimit`).
    let calendarReadSlots: DispatchSemaphore
    /// Where an outbox round hands each establishment's SMS to its provider, side by side.
    let smsSenders = DispatchQueue(label: "speedai.sms-senders", attributes: .concurrent)
    /// Where a Oui's booking is written at once (`writeBookingNow`), off the request's thread
    /// so the page can stop waiting while the write goes on.
    let bookingWriters = DispatchQueue(label: "speedai.booking-writes", attributes: .concurrent)

    /// A service over `store`, reading calendars through `calendar` and sending SMS through `sms`.
    public init(configuration: ServiceConfiguration, store: any WaitlistStore, clock: any ServiceClock,
                calendar: any CalendarGateway, sms: any SMSSender, telemetry: ServiceTelemetry) {
        self.configuration = configuration
        self.store = store
        self.clock = clock
        self.defaultConnectors = BusinessConnectors(calendar: calendar, sms: sms)
        self.telemetry = telemetry
        self.limiter = RateLimiter(ratePerSecond: configuration.apiRequestsPerSecond, burst: configuration.apiBurst)
        let perHour = Double(configuration.invitationsPerPhonePerHour)
        self.invitationLimiter = RateLimiter(ratePerSecond: perHour > 0 ? perHour / 3600 : 0, burst: perHour)
        self.apiKeyDigest = Array(Digest.sha256Hex(configuration.apiKey).utf8)
        self.calendarReadSlots = DispatchSemaphore(value: max(1, configuration.calendarReadLimit))
    }

    /// How `business`'s bookings and holds are named in its calendar.
    func calendarIdentity(for business: String) throws(ServiceError) -> CalendarIdentity {
        if let row = installationRow.withLock({ $0 }) { return row.calendarIdentity(business: business) }
        do {
            let row = try store.installation()
            installationRow.withLock { $0 = row }
            return row.calendarIdentity(business: business)
        } catch {
            throw .storage(error)
        }
    }

    /// The businesses served, sorted.
    public var businessIDs: [String] { runtimes.withLock { $0.keys.sorted() } }

    func runtime(_ id: String) -> BusinessRuntime? { runtimes.withLock { $0[id] } }

    /// The dashboard's authenticator.
    public var admins: AdminAuthenticator {
        adminAuthenticator.withLock { current in
            if let current { return current }
            let (store, telemetry) = (store, telemetry)
            let created = AdminAuthenticator(store: store, clock: clock) { event in
                event.report(telemetry: telemetry, store: store)
            }
            current = created
            return created
        }
    }

    /// The connectors `business` uses.
    public func connectors(for business: String) -> BusinessConnectors {
        connectorsByBusiness.withLock { $0[business] } ?? defaultConnectors
    }

    /// Gives `business` its own connectors, built from `settings`.
    public func useConnectors(_ connectors: BusinessConnectors, settings: ConnectionSettings, for business: String) {
        connectorsByBusiness.withLock { $0[business] = connectors }
        connectionSettings.withLock { $0[business] = settings }
    }

    /// Applies `event` to a business at the current time, queues its batch, waits for the
    /// commit, and returns `inspect`'s view of the engine after the event. `prepare` may add
    /// rows to the batch (an idempotency record, the trigger's link) while the lock is held.
    /// A `.rules` event needs the compiled `rules` it names.
    /// `snapshotNow` forces a snapshot after the event in the same batch (an erasure compacts
    /// the log up to it).
    func apply<R: Sendable>(_ event: LoggedEvent, to business: String, rules: RuleSet? = nil, minted: [String: String] = [:],
                            snapshotNow: Bool = false,
                            prepare: (inout EffectBatchBuilder, WaitlistEngine) -> Void = { _, _ in },
                            inspect: (WaitlistEngine, inout EffectBatchBuilder) -> R) throws(ServiceError) -> Applied<R> {
        // Without a condition nothing refuses the event, so there is always an answer.
        try apply(event, to: business, rules: rules, minted: minted, snapshotNow: snapshotNow, onlyIf: nil,
                  prepare: prepare, inspect: inspect)!
    }

    /// `apply`, but only when `condition` holds for the engine at the time the event would be
    /// applied, checked under the business's lock; nil (nothing logged, nothing changed) when it
    /// does not. A check made before taking the lock can be stale by the time the event runs
    /// (race campaign: a Oui checked open, then withdrawn or expired by a concurrent request).
    func apply<R: Sendable>(_ event: LoggedEvent, to business: String, rules: RuleSet? = nil, minted: [String: String] = [:],
                            snapshotNow: Bool = false, onlyIf condition: ((WaitlistEngine, Instant) -> Bool)?,
                            prepare: (inout EffectBatchBuilder, WaitlistEngine) -> Void = { _, _ in },
                            inspect: (WaitlistEngine, inout EffectBatchBuilder) -> R) throws(ServiceError) -> Applied<R>? {
        guard let runtime = runtime(business) else { throw .unknownBusiness(business) }
        try reloadIfPoisoned(runtime)
        let identity = try calendarIdentity(for: business)
        let now = clock.now()
        let done = runtime.state.withLock { state -> (StoreCommit, [DeferredJSON], Applied<R>)? in
            if let condition, !condition(state.engine, now) { return nil }
            let effects = state.engine.apply(event, rules: rules, at: now)
            if case .rules(let digest) = event { state.ruleDigest = digest }
            state.sequence += 1
            state.eventsSinceSnapshot += 1
            let publicURL = state.engine.rules.establishment.publicURL
            var builder = EffectBatchBuilder(business: business, now: now, calendar: identity, step: state.sequence, minted: minted)
            builder.add(effects, engine: state.engine, publicURL: publicURL)
            prepare(&builder, state.engine)
            let result = inspect(state.engine, &builder)
            var batch = builder.batch
            batch.event = LoggedEventRow(business: business, sequence: state.sequence, at: now, kind: event.kind,
                                         payload: event.encoded())
            // A snapshot costs O(entries): taking one every max(N, entries) events keeps its
            // amortised cost per event constant and a restart's replay at most O(entries).
            var periodic: EngineState?
            if snapshotNow {
                batch.snapshot = snapshot(of: state, business: business, at: now)
                state.eventsSinceSnapshot = 0
                state.snapshotGeneration += 1
            } else if !state.snapshotInFlight,
                      state.eventsSinceSnapshot >= max(configuration.snapshotEvery, state.engine.state.entries.count) {
                periodic = state.engine.state
                state.snapshotInFlight = true
                state.eventsSinceSnapshot = 0
            }
            let commit = store.enqueue(batch)
            if let periodic {
                snapshotInBackground(periodic, of: runtime, after: commit, sequence: state.sequence, ruleDigest: state.ruleDigest,
                                     generation: state.snapshotGeneration, at: now)
            }
            let deferred = batch.entries.compactMap { row -> DeferredJSON? in
                if case .deferred(let json) = row.jsonText { json } else { nil }
            }
            return (commit, deferred, Applied(result: result, links: builder.links, effects: effects))
        }
        guard let (commit, deferred, applied) = done else { return nil }
        // Off the lock, while the writer may still be busy with the previous group.
        for json in deferred { _ = json.text }
        do {
            try commit.wait()
        } catch {
            runtime.state.withLock { _ in runtime.poisoned.store(true, ordering: .releasing) }
            telemetry.log(.error, "commit failed; the business will be reloaded from the database",
                          ["business": .string(business), "error": .string(error.description)])
            throw .storage(error)
        }
        telemetry.observe(applied.effects, business: business)
        if applied.effects.contains(where: { if case .history = $0 { return false } else { return true } }) {
            outboxSignal.signal()
        }
        return applied
    }

    /// Applies a rule change (already compiled) as a logged event, with the rule text, the
    /// new rule version (by `author`: an admin's email, or « fichier » for the folder watcher)
    /// and the business's registration in the same commit.
    func applyRules(_ rules: RuleSet, source: String, digest: String, to business: String,
                    author: String = RuleVersionInsert.fileAuthor) throws(ServiceError) {
        _ = try apply(.rules(digest: digest), to: business, rules: rules, prepare: { builder, _ in
            builder.batch.ruleSource = RuleSourceRow(digest: digest, business: business, source: source, loadedAt: builder.now)
            builder.batch.ruleVersion = RuleVersionInsert(business: business, digest: digest, author: author,
                                                          savedAt: builder.now, source: source)
            builder.batch.businesses = [Self.businessRow(business, rules: rules, digest: digest, now: builder.now)]
        }, inspect: { _, _ in () })
    }

    /// Encodes a periodic snapshot on the snapshot queue and writes it, so the request that
    /// crossed the threshold does not hold the business's lock (and every other request of the
    /// business) while O(entries) JSON is written: at 7 000 entries that stall was the trigger's
    /// p99 under load. `state` is a copy taken under the lock at event `sequence`; the copy is
    /// cheap (copy on write) and the engine goes on meanwhile. Dropped when the event's own
    /// commit failed (the copy holds what the log does not), when a snapshot of the business
    /// was written in between (an erasure's), or when the business must be reloaded.
    private func snapshotInBackground(_ state: EngineState, of runtime: BusinessRuntime, after event: StoreCommit, sequence: Int64,
                                      ruleDigest: String, generation: Int, at now: Instant) {
        snapshotQueue.async { [store] in
            guard (try? event.wait()) != nil else {
                runtime.state.withLock { $0.snapshotInFlight = false }
                return
            }
            let row = EngineSnapshotRow(business: runtime.id, sequence: sequence, at: now, ruleDigest: ruleDigest,
                                        state: StoredJSON.encode(state))
            let commit = runtime.state.withLock { current -> StoreCommit? in
                current.snapshotInFlight = false
                guard current.snapshotGeneration == generation, !runtime.poisoned.load(ordering: .acquiring) else { return nil }
                var batch = StoreBatch()
                batch.snapshot = row
                return store.enqueue(batch)
            }
            try? commit?.wait()
            // The snapshot's JSON (tens of MB at 100 000 entries) is freed now; give the pages
            // back to the system, or the process keeps its peak size (make bench: RSS 586 MB
            // after the trigger load with 65 000 entries, 127 MB after a restart).
            MemoryTrim.releaseFreeMemory()
        }
    }

    func snapshot(of state: BusinessState, business: String, at now: Instant) -> EngineSnapshotRow {
        EngineSnapshotRow(business: business, sequence: state.sequence, at: now, ruleDigest: state.ruleDigest,
                          state: StoredJSON.encode(state.engine.state))
    }

    /// Writes a snapshot of every business (clean shutdown: the next start replays nothing).
    public func snapshotAll() {
        snapshotQueue.sync {}  // a periodic snapshot under way lands first
        for id in businessIDs {
            guard let runtime = runtime(id) else { continue }
            let commit = runtime.state.withLock { state -> StoreCommit? in
                guard !runtime.poisoned.load(ordering: .acquiring), state.eventsSinceSnapshot > 0 else { return nil }
                var batch = StoreBatch()
                batch.snapshot = snapshot(of: state, business: id, at: clock.now())
                state.eventsSinceSnapshot = 0
                state.snapshotGeneration += 1
                return store.enqueue(batch)
            }
            try? commit?.wait()
        }
    }

    static func businessRow(_ id: String, rules: RuleSet, digest: String, now: Instant) -> BusinessRow {
        let length = rules.slots.services.first?.length.components.seconds ?? rules.slots.length.components.seconds
        return BusinessRow(id: id, name: rules.establishment.name, timeZone: rules.establishment.timeZone,
                           slotSeconds: length, ruleDigest: digest, updatedAt: now)
    }
}
