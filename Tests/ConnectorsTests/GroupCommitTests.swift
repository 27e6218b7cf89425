import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite struct GroupCommitTests {
    typealias F = StoreFixtures

    /// Outcome of one thread's commit, by index.
    final class Outcomes: @unchecked Sendable {
        // Guarded by `lock`: written by worker threads, read after they are joined.
        private let lock = NSLock()
        private var results: [Int: Result<Void, StoreError>] = [:]
        func set(_ index: Int, _ result: Result<Void, StoreError>) { lock.lock(); results[index] = result; lock.unlock() }
        var all: [Int: Result<Void, StoreError>] { lock.lock(); defer { lock.unlock() }; return results }
    }

    /// Starts a thread that commits `batch` and records its outcome under `index`.
    private func commitOnThread(_ store: SQLiteStore, _ batch: StoreBatch, index: Int, outcomes: Outcomes, group: DispatchGroup) {
        group.enter()
        Thread {
            outcomes.set(index, Result { () throws(StoreError) in try store.commit(batch) })
            group.leave()
        }.start()
    }

    /// Waits (without any time-based assertion) until `count` batches are queued.
    private func waitUntilQueued(_ store: SQLiteStore, _ count: Int) {
        while store.groupCommitter.queuedCount < count { usleep(500) }
    }

    @Test func sixteenThreadsCommitConcurrentlyAndEachThreadsOrderHolds() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        var seed = StoreBatch()
        seed.idempotency = F.idempotency("taken")
        try store.commit(seed)

        let perThread = 40
        let failures = Failures()
        let conflicts = Failures()
        let group = DispatchGroup()
        for thread in 0..<16 {
            group.enter()
            Thread {
                for step in 1...perThread {
                    var batch = StoreBatch()
                    batch.event = F.event("b\(thread)", Int64(step))
                    batch.outbox = [F.outbox("b\(thread)", entryID: step, due: 0)]
                    // Thread 7's 20th batch reuses a taken key: it alone must fail.
                    if thread == 7 && step == 20 { batch.idempotency = F.idempotency("taken") }
                    do throws(StoreError) {
                        try store.commit(batch)
                    } catch {
                        if case .conflict = error, thread == 7, step == 20 { conflicts.record(error) } else { failures.record(error) }
                    }
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(failures.all.isEmpty)
        #expect(conflicts.all.count == 1)
        for thread in 0..<16 {
            let expected = (1...perThread).filter { thread != 7 || $0 != 20 }.map(Int64.init)
            #expect(try store.events(business: "b\(thread)", after: 0).map(\.sequence) == expected)
            // Outbox ids grow in commit order, so each thread's rows come back in its order.
            let ids = try (1...perThread).flatMap { try store.outbox(business: "b\(thread)", entryID: $0).map(\.id) }
            #expect(ids == ids.sorted())
            #expect(ids.count == expected.count)
        }
        let statistics = store.groupCommitStatistics
        #expect(statistics.batches == 16 * perThread + 1)
        #expect(statistics.transactions <= statistics.batches)
    }

    @Test func aHeldGroupCommitsInOneTransactionAndOnlyTheConflictFails() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        var seed = StoreBatch()
        seed.idempotency = F.idempotency("taken")
        try store.commit(seed)
        let before = store.groupCommitStatistics

        store.groupCommitter.hold()
        let outcomes = Outcomes()
        let group = DispatchGroup()
        for index in 0..<16 {
            var batch = StoreBatch()
            batch.event = F.event("bistro", Int64(index + 1))
            batch.entries = [F.entry("bistro", index + 1)]
            batch.idempotency = F.idempotency(index == 5 ? "taken" : "fresh-\(index)")
            commitOnThread(store, batch, index: index, outcomes: outcomes, group: group)
        }
        waitUntilQueued(store, 16)
        store.groupCommitter.release()
        group.wait()

        let results = outcomes.all
        #expect(results.count == 16)
        for (index, result) in results {
            if index == 5 {
                #expect(throws: StoreError.conflict("the idempotency key \"taken\" was already used")) { try result.get() }
            } else {
                #expect(throws: Never.self) { try result.get() }
            }
        }
        let after = store.groupCommitStatistics
        #expect(after.transactions == before.transactions + 1)
        #expect(after.batches == before.batches + 16)
        #expect(try store.events(business: "bistro", after: 0).map(\.sequence) == (1...16).filter { $0 != 6 }.map(Int64.init))
        #expect(try F.count(path, "entries") == 15)
        #expect(try F.count(path, "entries", where: "id = 6") == 0)
    }

    @Test func batchesApplyInTheOrderCommitWasCalled() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        store.groupCommitter.hold()
        let outcomes = Outcomes()
        let group = DispatchGroup()
        // Queue one at a time so the call order is known; later entries replace earlier ones.
        for index in 0..<5 {
            var batch = StoreBatch()
            batch.entries = [F.entry("bistro", 1, status: "s\(index)")]
            batch.outbox = [F.outbox("bistro", entryID: 1, due: 0, payload: "p\(index)")]
            commitOnThread(store, batch, index: index, outcomes: outcomes, group: group)
            waitUntilQueued(store, index + 1)
        }
        store.groupCommitter.release()
        group.wait()
        #expect(try store.entries(business: "bistro", limit: 1).first?.status == "s4")
        #expect(try store.outbox(business: "bistro", entryID: 1).map(\.payload) == ["p0", "p1", "p2", "p3", "p4"])
    }

    @Test func closeDrainsTheQueueThenRefuses() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        store.groupCommitter.hold()
        let outcomes = Outcomes()
        let group = DispatchGroup()
        for index in 0..<4 {
            var batch = StoreBatch()
            batch.event = F.event("bistro", Int64(index + 1))
            commitOnThread(store, batch, index: index, outcomes: outcomes, group: group)
        }
        waitUntilQueued(store, 4)
        store.close()
        group.wait()
        #expect(outcomes.all.values.allSatisfy { (try? $0.get()) != nil })
        var late = StoreBatch()
        late.event = F.event("bistro", 5)
        #expect(throws: StoreError.closed) { try store.commit(late) }
        #expect(try F.count(path, "events") == 4)
    }
}
