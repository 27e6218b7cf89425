/// The durable store behind the service. A protocol, so a PostgreSQL implementation can
/// follow the embedded SQLite one for multi-instance deployments; the service never speaks
/// SQL itself.
///
/// The engine is event-sourced: every input it was given is appended to an ordered log
/// (`LoggedEventRow`) in the same transaction as the effects it produced (outbox rows),
/// the public tokens it minted and the read-side projections (entries, offers, timers,
/// history). A restart loads the latest snapshot and replays the log after it, which
/// rebuilds exactly the state the engine had, timers included.
import Runtime

/// Persistent storage for the waitlist service. Writes go through `commit`, which returns
/// only once the batch is durable (fsync'd); reads may run concurrently from any thread.
public protocol WaitlistStore: AnyObject, Sendable {
    /// Makes `batch` durable, atomically: all of it or none of it. Batches committed from
    /// several threads are applied in the order `commit` was called; concurrent batches may
    /// share one transaction (group commit), and each call returns after its own commit.
    /// Throws `StoreError.conflict` when a unique key (idempotency key, event sequence)
    /// already exists — then nothing of the batch is written.
    func commit(_ batch: StoreBatch) throws(StoreError)

    /// Queues `batch` for the next group commit and returns at once. Batches are applied in
    /// the order they were queued, so a caller that queues while holding its own lock and
    /// waits after releasing it keeps its log in order without serialising on fsync.
    func enqueue(_ batch: StoreBatch) -> StoreCommit

    // MARK: Engine log and snapshots

    /// The newest snapshot of a business's engine state, if any.
    func latestSnapshot(business: String) throws(StoreError) -> EngineSnapshotRow?
    /// The logged events of a business with `sequence > after`, oldest first.
    func events(business: String, after sequence: Int64) throws(StoreError) -> [LoggedEventRow]
    /// The logged events of a business whose `at` lies in `[from, to)`, oldest first.
    func events(business: String, from: Instant, to: Instant) throws(StoreError) -> [LoggedEventRow]
    /// The text of a rule file version by its SHA-256 (hex).
    func ruleSource(digest: String) throws(StoreError) -> String?

    /// The rule versions of a business, newest first, at most `limit`.
    func ruleVersions(business: String, limit: Int) throws(StoreError) -> [RuleVersionRow]
    /// One rule version of a business.
    func ruleVersion(business: String, version: Int) throws(StoreError) -> RuleVersionRow?

    // MARK: Lookups for pages and the API

    /// The public token row for the SHA-256 (hex) of a link secret.
    func publicToken(digest: String) throws(StoreError) -> PublicTokenRow?
    /// The stored answer for an idempotency key within a scope (the API key's digest).
    func idempotencyRecord(scope: String, key: String) throws(StoreError) -> IdempotencyRow?
    /// The projected entries of a business, newest first, at most `limit`.
    func entries(business: String, limit: Int) throws(StoreError) -> [EntryRow]

    // MARK: Dashboard

    /// A page of entries matching `query` (validate it with `query.problem` first).
    func entryPage(_ query: EntryQuery) throws(StoreError) -> EntryPage
    /// The history of one entry, oldest first.
    func entryHistory(business: String, entryID: Int) throws(StoreError) -> [HistoryRow]
    /// The establishment's journal, newest first.
    func journal(business: String, limit: Int) throws(StoreError) -> [HistoryRow]
    /// The rows of the statistics of `business` over `[from, to)` (entries created then).
    func statisticsRows(business: String, from: Instant, to: Instant) throws(StoreError) -> StatisticsRows
    /// Only what the statistics use, reduced by the store: much cheaper than `statisticsRows`
    /// for a long period, and `WaitlistStatistics.compute` gives the same figures from either.
    func statisticsFacts(business: String, from: Instant, to: Instant) throws(StoreError) -> StatisticsFacts
    /// The SMS queued for one entry and how their delivery went, oldest first.
    func smsHistory(business: String, entryID: Int) throws(StoreError) -> [SMSHistoryRow]
    /// The establishment's dead-lettered SMS, newest first, at most `limit`.
    func deadSMS(business: String, limit: Int) throws(StoreError) -> [SMSHistoryRow]

    // MARK: Outbox

    /// Pending outbox rows due at `now` (`nextAttemptAt <= now`), oldest first, at most `limit`.
    func dueOutbox(now: Instant, limit: Int) throws(StoreError) -> [OutboxRow]
    /// The earliest `nextAttemptAt` among pending rows, to know how long to sleep.
    func nextOutboxDue() throws(StoreError) -> Instant?
    /// Rows by status (`pending`, `sent`, `dead`) counted, for `/metrics` and the dashboard.
    func outboxCounts() throws(StoreError) -> [OutboxStatus: Int]
    /// Every outbox row of an entry, oldest first.
    func outbox(business: String, entryID: Int) throws(StoreError) -> [OutboxRow]

    // MARK: Local calendar (the embedded default's calendar, shared with the CLI)

    /// The local calendar's events of a business that end after `from`, by start then uid.
    func localCalendarEvents(business: String, from: Instant) throws(StoreError) -> [LocalCalendarEvent]

    // MARK: Businesses and calendar sync

    /// What the service registered about a business (time zone, slot length), for the CLI.
    func business(id: String) throws(StoreError) -> BusinessRow?
    /// The calendar sync state of a business.
    func calendarSync(business: String) throws(StoreError) -> CalendarSyncRow?
    /// The installation's id and, per business, where its installation-scoped booking ids
    /// begin (`CalendarIdentity`).
    func installation() throws(StoreError) -> InstallationRow

    // MARK: Dashboard admins

    /// The admin whose login is `email` (lowercased by the caller).
    func admin(email: String) throws(StoreError) -> AdminRow?
    /// Every admin, by email.
    func admins() throws(StoreError) -> [AdminRow]
    /// The session whose token has SHA-256 (hex) `digest`, expired or not.
    func session(digest: String) throws(StoreError) -> AdminSessionRow?
    /// Erasures the embedded SMS file still owes, oldest first.
    func pendingSMSFileErasures() throws(StoreError) -> [PendingSMSFileErasure]
    /// The latest security events of `business` (nil: platform-wide ones), newest first.
    func securityEvents(business: String?, limit: Int) throws(StoreError) -> [SecurityEventRow]
}
