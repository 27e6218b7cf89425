/// One establishment's live engine and the bookkeeping that keeps it in step with the log.
/// Everything mutable sits behind one lock: an event is applied, turned into a store batch
/// and queued for commit under it, so the log's order is the engine's order.
import RuleLang
import Runtime
import Synchronization

/// The mutable part of a business, guarded by `BusinessRuntime.state`.
struct BusinessState: Sendable {
    /// Every change to the engine (an applied event, a rule change, a reload after a failed
    /// commit, which replaces the whole state) gives the state a new `version`.
    var engine: WaitlistEngine {
        didSet { version = EngineVersion.next() }
    }
    /// Identifies what the engine holds: two reads that see the same version saw the same
    /// engine. Drawn from one process-wide counter, so a state rebuilt from the store (whose
    /// `sequence` may repeat one the poisoned state had reached) never reuses a version.
    /// The public page cache relies on it (`PublicPageCache`).
    var version = EngineVersion.next()
    /// Digest and text of the rule file version the engine runs.
    var ruleDigest: String
    /// Sequence of the last logged event.
    var sequence: Int64
    var eventsSinceSnapshot: Int
    /// The calendar cursor last given to the engine.
    var calendarCursor: String?
    /// The calendar connector's resumable state (sync token, push channel), as persisted.
    var calendarState: String?
    /// The last read's error, nil once a read succeeds (`calendar_sync` is written only when
    /// it changes). Set: the calendar is unavailable (`CalendarHealth`).
    var calendarError: String?
    /// When the calendar was last read (or tried).
    var lastPoll: Instant?
    /// When this process first tried to read the calendar.
    var firstPoll: Instant?
    /// When this process last read the calendar successfully.
    var lastGoodRead: Instant?
    /// A periodic snapshot is being encoded off the lock (`WaitlistService.snapshotInBackground`).
    var snapshotInFlight = false
    /// Bumped by every snapshot written inside an event's batch or at shutdown. A background
    /// snapshot captured before such a one (an erasure's, which compacts the log and must not be
    /// followed by an older copy of the erased data) is dropped instead of written.
    var snapshotGeneration = 0
}

/// A business served by this process.
final class BusinessRuntime: Sendable {
    let id: String
    let state: SleepingMutex<BusinessState>
    /// Set when a commit failed: the in-memory engine may be ahead of the database, so the
    /// business is reloaded from the store before it serves again. Set and cleared under
    /// `state`'s lock, with the state it describes; an atomic, so that every request sees that
    /// nothing needs reloading without taking the lock the business's requests queue on.
    let poisoned = Atomic<Bool>(false)

    init(id: String, state: BusinessState) {
        self.id = id
        self.state = SleepingMutex(state)
    }
}
