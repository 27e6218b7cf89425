/// Group commit: one thread owns the write connection and turns every batch queued since its
/// last transaction into one `BEGIN IMMEDIATE ... COMMIT`, each batch in its own SAVEPOINT.
/// One fsync then makes many callers' batches durable: throughput grows with concurrency while
/// every `commit` still returns only after its own data is on disk.
import Foundation

/// Counters of the group commit, for `/metrics` and benchmarks.
public struct GroupCommitStatistics: Sendable, Equatable {
    /// Write transactions run (each ends in one COMMIT, one fsync under synchronous=FULL).
    public var transactions: Int
    /// Batches those transactions carried (committed or rolled back alone).
    public var batches: Int
    /// Creates counters.
    public init(transactions: Int = 0, batches: Int = 0) { self.transactions = transactions; self.batches = batches }
}

/// The writer thread, its queue and its write connection.
///
/// Safety (`@unchecked Sendable`): `connection` is touched only by the writer thread after
/// `init` returns; `queue`, `stopping`, `finished`, `held` and `statistics` only under
/// `condition`'s lock; a `PendingCommit`'s result is written by the writer before it signals
/// the caller's semaphore and read by the caller only after waiting on it.
final class SQLiteGroupCommitter: @unchecked Sendable {
    /// A queued batch and the caller waiting for it.
    private final class PendingCommit: @unchecked Sendable {
        let batch: StoreBatch
        var result: Result<Void, StoreError>?
        let ticket = StoreCommit()
        init(batch: StoreBatch) { self.batch = batch }
    }

    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var queue: [PendingCommit] = []
    private var stopping = false
    private var finished = false
    private var held = false
    private var statistics = GroupCommitStatistics()

    /// Takes ownership of `connection` (migrated, PRAGMAs set) and starts the writer thread.
    init(connection: SQLiteConnection) {
        self.connection = connection
        let thread = Thread { [self] in run() }
        thread.name = "speedai-sqlite-writer"
        thread.start()
    }

    /// Queues `batch` and waits until it is committed (or failed). `.closed` after `stop`.
    func commit(_ batch: StoreBatch) throws(StoreError) {
        try enqueue(batch).wait()
    }

    /// Queues `batch` and returns its ticket at once; batches commit in queueing order.
    func enqueue(_ batch: StoreBatch) -> StoreCommit {
        let pending = PendingCommit(batch: batch)
        condition.lock()
        if stopping {
            condition.unlock()
            return StoreCommit(finished: .failure(.closed))
        }
        if batch.isEmpty {
            // Nothing to make durable; not worth a transaction.
            condition.unlock()
            return StoreCommit(finished: .success(()))
        }
        queue.append(pending)
        condition.broadcast()
        condition.unlock()
        return pending.ticket
    }

    /// Lets the queue drain, stops the thread and closes the connection. Later commits get
    /// `.closed`. Safe to call more than once and from several threads.
    func stop() {
        condition.lock()
        stopping = true
        held = false
        condition.broadcast()
        while !finished { condition.wait() }
        condition.unlock()
    }

    /// The counters so far.
    var currentStatistics: GroupCommitStatistics {
        condition.lock()
        defer { condition.unlock() }
        return statistics
    }

    // MARK: Test hooks: make a group deterministic without timing.

    /// Keeps the writer from starting a new transaction until `release()`.
    func hold() {
        condition.lock()
        held = true
        condition.unlock()
    }

    /// Lets the writer run again.
    func release() {
        condition.lock()
        held = false
        condition.broadcast()
        condition.unlock()
    }

    /// Batches waiting for the writer.
    var queuedCount: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count
    }

    // MARK: The writer thread

    private func run() {
        while let group = nextGroup() {
            commitGroup(group)
        }
        connection.close()
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits for work; answers everything queued so far, or nil once stopped and drained.
    private func nextGroup() -> [PendingCommit]? {
        condition.lock()
        defer { condition.unlock() }
        while (queue.isEmpty || held) && !stopping { condition.wait() }
        if queue.isEmpty { return nil }
        let group = queue
        queue.removeAll(keepingCapacity: true)
        return group
    }

    /// One transaction for the whole group; each batch in a savepoint so a failing one is
    /// undone alone. If BEGIN or COMMIT fails, every batch of the group fails with it.
    private func commitGroup(_ group: [PendingCommit]) {
        do throws(StoreError) {
            try connection.execute("BEGIN IMMEDIATE")
        } catch {
            finish(group, with: error)
            return
        }
        for pending in group {
            let result = applyInSavepoint(pending.batch)
            pending.result = result
            // Some errors (disk full, I/O) make SQLite roll back the whole transaction: then
            // the batches applied before are gone too, and none of the group may report success.
            if case .failure(let error) = result, !connection.isInTransaction {
                for earlier in group {
                    if case .success = earlier.result { earlier.result = .failure(error) }
                }
                finish(group, with: error)
                return
            }
        }
        do throws(StoreError) {
            try connection.execute("COMMIT")
        } catch {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            finish(group, with: error)
            return
        }
        condition.lock()
        statistics.transactions += 1
        statistics.batches += group.count
        condition.unlock()
        for pending in group { pending.ticket.finish(pending.result ?? .success(())) }
    }

    private func applyInSavepoint(_ batch: StoreBatch) -> Result<Void, StoreError> {
        do throws(StoreError) {
            try connection.execute("SAVEPOINT batch")
        } catch {
            return .failure(error)
        }
        do throws(StoreError) {
            try SQLiteBatchWriter.apply(batch, to: connection)
            try connection.execute("RELEASE batch")
            return .success(())
        } catch {
            // ROLLBACK TO undoes the batch but keeps the savepoint open; RELEASE closes it.
            try? connection.execute("ROLLBACK TO batch")
            try? connection.execute("RELEASE batch")
            return .failure(error)
        }
    }

    /// Fails every batch of `group` that had not failed on its own with `error`, and wakes all.
    private func finish(_ group: [PendingCommit], with error: StoreError) {
        for pending in group {
            // A batch that failed on its own keeps its own error (e.g. its conflict).
            if case .failure = pending.result {} else { pending.result = .failure(error) }
            pending.ticket.finish(pending.result ?? .failure(error))
        }
    }
}
