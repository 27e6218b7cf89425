import CSQLite
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite struct SQLiteStoreTests {
    typealias F = StoreFixtures

    @Test func eventsSnapshotsAndRuleSourcesRoundTrip() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        for sequence in 1...5 {
            var batch = StoreBatch()
            batch.event = F.event("bistro", Int64(sequence), at: 1_000 + Int64(sequence) * 100)
            if sequence == 2 || sequence == 4 {
                batch.snapshot = EngineSnapshotRow(business: "bistro", sequence: Int64(sequence), at: F.at(1_000),
                                                   ruleDigest: "d\(sequence)", state: #"{"s":\#(sequence)}"#)
            }
            try store.commit(batch)
        }
        var other = StoreBatch()
        other.event = F.event("salon", 1)
        other.ruleSource = RuleSourceRow(digest: "abc", business: "salon", source: "business \"Salon\"", loadedAt: F.at(7))
        try store.commit(other)
        other = StoreBatch()
        other.ruleSource = RuleSourceRow(digest: "abc", business: "salon", source: "ignored: same digest", loadedAt: F.at(8))
        try store.commit(other)

        #expect(try store.events(business: "bistro", after: 0) == (1...5).map { F.event("bistro", Int64($0), at: 1_000 + Int64($0) * 100) })
        #expect(try store.events(business: "bistro", after: 3).map(\.sequence) == [4, 5])
        #expect(try store.events(business: "bistro", after: 5) == [])
        #expect(try store.events(business: "bistro", from: F.at(1_200), to: F.at(1_400)).map(\.sequence) == [2, 3])
        #expect(try store.events(business: "salon", after: 0) == [F.event("salon", 1)])
        #expect(try store.latestSnapshot(business: "bistro")?.sequence == 4)
        #expect(try store.latestSnapshot(business: "bistro")?.state == #"{"s":4}"#)
        #expect(try store.latestSnapshot(business: "salon") == nil)
        #expect(try store.ruleSource(digest: "abc") == "business \"Salon\"")
        #expect(try store.ruleSource(digest: "nope") == nil)
    }

    @Test func entriesRoundTripNewestFirstAndUpsert() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        var batch = StoreBatch()
        batch.entries = [F.entry("bistro", 1, createdAt: 100), F.entry("bistro", 2, createdAt: 300),
                         F.entry("bistro", 3, createdAt: 200), F.entry("salon", 1)]
        try store.commit(batch)
        #expect(try store.entries(business: "bistro", limit: 10).map(\.id) == [2, 3, 1])
        #expect(try store.entries(business: "bistro", limit: 2).map(\.id) == [2, 3])
        #expect(try store.entries(business: "bistro", limit: 10).last == F.entry("bistro", 1, createdAt: 100))

        var update = F.entry("bistro", 1, status: "offered", createdAt: 100)
        update.slots = []
        batch = StoreBatch()
        batch.entries = [update]
        try store.commit(batch)
        #expect(try store.entries(business: "bistro", limit: 10).last == update)
        #expect(try store.entries(business: "salon", limit: 10).count == 1)
    }

    @Test func projectionsWithoutReadsAreWritten() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        var batch = StoreBatch()
        batch.history = [HistoryRow(business: "bistro", entryID: 1, at: F.at(10), from: nil, to: "waiting", reason: "inscription"),
                         HistoryRow(business: "bistro", entryID: nil, at: F.at(11), from: nil, to: nil, reason: "règles chargées")]
        batch.offers = [OfferRow(business: "bistro", engineToken: "o1", entryID: 1, slotStart: F.at(5_000), service: "dîner",
                                 sentAt: F.at(10), expiresAt: F.at(910), outcome: "pending")]
        batch.timersScheduled = [TimerRow(business: "bistro", key: "offer-o1", due: F.at(910)),
                                 TimerRow(business: "bistro", key: "reminder-1", due: F.at(2_000)),
                                 TimerRow(business: "bistro", key: "late", due: F.at(9_000))]
        try store.commit(batch)
        #expect(try F.count(path, "history") == 2)
        #expect(try F.count(path, "history", where: "entry_id IS NULL AND reason = 'règles chargées'") == 1)
        #expect(try F.count(path, "offers", where: "outcome = 'pending' AND expires_at = 910") == 1)
        #expect(try F.count(path, "timers") == 3)

        batch = StoreBatch()
        batch.offers = [OfferRow(business: "bistro", engineToken: "o1", entryID: 1, slotStart: F.at(5_000), service: "dîner",
                                 sentAt: F.at(10), expiresAt: F.at(910), outcome: "accepted")]
        batch.timersFiredThrough = TimerKey(business: "bistro", key: "", due: F.at(2_000))
        batch.timersRemoved = [TimerKey(business: "bistro", key: "late", due: F.at(9_000))]
        batch.timersScheduled = [TimerRow(business: "bistro", key: "reminder-1", due: F.at(3_000))]
        try store.commit(batch)
        #expect(try F.count(path, "offers") == 1)
        #expect(try F.count(path, "offers", where: "outcome = 'accepted'") == 1)
        // Fired (due <= 2000) and removed timers are gone; the rescheduled key survives.
        #expect(try F.count(path, "timers") == 1)
        #expect(try F.count(path, "timers", where: "key = 'reminder-1' AND due = 3000") == 1)
    }

    @Test func outboxQueueAndProgress() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        #expect(try store.nextOutboxDue() == nil)
        #expect(try store.outboxCounts() == [.pending: 0, .sent: 0, .dead: 0])
        var batch = StoreBatch()
        batch.outbox = [F.outbox("bistro", entryID: 1, due: 100, payload: "a"), F.outbox("bistro", entryID: 1, due: 50, payload: "b"),
                        F.outbox("bistro", entryID: 2, due: 300, payload: "c"), F.outbox("bistro", entryID: nil, due: 10, payload: "d")]
        try store.commit(batch)

        let due = try store.dueOutbox(now: F.at(100), limit: 10)
        #expect(due.map(\.payload) == ["a", "b", "d"])
        #expect(due.allSatisfy { $0.status == .pending && $0.attempts == 0 && $0.lastError == nil && $0.sentAt == nil })
        #expect(due.map(\.id) == due.map(\.id).sorted())
        #expect(try store.dueOutbox(now: F.at(100), limit: 1).map(\.payload) == ["a"])
        #expect(try store.nextOutboxDue() == F.at(10))

        let first = try #require(due.first)
        #expect(first == OutboxRow(id: first.id, business: "bistro", entryID: 1, kind: "sms", payload: "a", status: .pending,
                                   attempts: 0, nextAttemptAt: F.at(100), lastError: nil, createdAt: F.at(900), sentAt: nil))

        batch = StoreBatch()
        batch.outboxUpdates = [
            OutboxUpdate(id: due[0].id, status: .sent, attempts: 1, nextAttemptAt: F.at(100), lastError: nil, sentAt: F.at(101),
                         payload: "a (masked)"),
            OutboxUpdate(id: due[1].id, status: .pending, attempts: 1, nextAttemptAt: F.at(400), lastError: "503 from provider",
                         sentAt: nil),
            OutboxUpdate(id: due[2].id, status: .dead, attempts: 5, nextAttemptAt: F.at(100), lastError: "invalid number",
                         sentAt: nil),
        ]
        try store.commit(batch)
        #expect(try store.outboxCounts() == [.pending: 2, .sent: 1, .dead: 1])
        #expect(try store.nextOutboxDue() == F.at(300))
        #expect(try store.dueOutbox(now: F.at(100), limit: 10) == [])
        let ofEntry = try store.outbox(business: "bistro", entryID: 1)
        #expect(ofEntry.map(\.payload) == ["a (masked)", "b"])
        #expect(ofEntry[0].status == .sent && ofEntry[0].sentAt == F.at(101) && ofEntry[0].attempts == 1)
        #expect(ofEntry[1].lastError == "503 from provider" && ofEntry[1].nextAttemptAt == F.at(400))
        #expect(try store.outbox(business: "bistro", entryID: 3) == [])
    }

    @Test func updatingAnUnknownOutboxRowChangesNothing() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        var batch = StoreBatch()
        batch.entries = [F.entry("bistro", 1)]
        batch.outboxUpdates = [OutboxUpdate(id: 999, status: .sent, attempts: 1, nextAttemptAt: F.at(1), lastError: nil, sentAt: nil)]
        #expect(throws: StoreError.conflict("outbox row 999 does not exist")) { try store.commit(batch) }
        #expect(try F.count(path, "entries") == 0)
    }

    @Test func tokensIdempotencyBusinessesAndCalendarSyncRoundTrip() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        var batch = StoreBatch()
        batch.tokens = [F.token("d1"), F.token("d2", entryID: 2)]
        batch.idempotency = F.idempotency("k1")
        batch.businesses = [BusinessRow(id: "bistro", name: "Le Bistro", timeZone: "Europe/Paris", slotSeconds: 5_400,
                                        ruleDigest: "r1", updatedAt: F.at(5))]
        batch.calendarSync = CalendarSyncRow(business: "bistro", provider: "local", cursor: "c1", lastPolledAt: F.at(60),
                                             lastChangedAt: nil, lastError: "timeout")
        try store.commit(batch)
        #expect(try store.publicToken(digest: "d2") == F.token("d2", entryID: 2))
        #expect(try store.publicToken(digest: "d3") == nil)
        #expect(try store.idempotencyRecord(scope: "client-a", key: "k1") == F.idempotency("k1"))
        #expect(try store.idempotencyRecord(scope: "client-b", key: "k1") == nil)
        #expect(try store.business(id: "bistro")?.slotSeconds == 5_400)
        #expect(try store.business(id: "salon") == nil)
        #expect(try store.calendarSync(business: "bistro")?.lastError == "timeout")

        batch = StoreBatch()
        let renamed = BusinessRow(id: "bistro", name: "Bistro 2", timeZone: "Europe/Paris", slotSeconds: 3_600,
                                  ruleDigest: "r2", updatedAt: F.at(6))
        let synced = CalendarSyncRow(business: "bistro", provider: "local", cursor: "c2", lastPolledAt: F.at(120),
                                     lastChangedAt: F.at(119), lastError: nil)
        batch.businesses = [renamed]
        batch.calendarSync = synced
        batch.idempotency = F.idempotency("k1", scope: "client-b")
        try store.commit(batch)
        #expect(try store.business(id: "bistro") == renamed)
        #expect(try store.calendarSync(business: "bistro") == synced)
        #expect(try store.idempotencyRecord(scope: "client-b", key: "k1") == F.idempotency("k1", scope: "client-b"))
    }

    @Test func localCalendarChangesApplyInOrder() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        let lunch = LocalCalendarEvent(business: "bistro", uid: "b", start: F.at(1_000), end: F.at(2_000), resource: "salle",
                                       units: 4, summary: "Dupont")
        let early = LocalCalendarEvent(business: "bistro", uid: "a", start: F.at(500), end: F.at(900))
        let sameStart = LocalCalendarEvent(business: "bistro", uid: "a2", start: F.at(1_000), end: F.at(1_500))
        var batch = StoreBatch()
        batch.calendarChanges = [.upsert(lunch), .upsert(early), .upsert(sameStart),
                                 .upsert(LocalCalendarEvent(business: "salon", uid: "z", start: F.at(0), end: F.at(99_999))),
                                 .upsert(LocalCalendarEvent(business: "bistro", uid: "gone", start: F.at(1), end: F.at(99_999))),
                                 .delete(business: "bistro", uid: "gone"), .delete(business: "bistro", uid: "never")]
        try store.commit(batch)
        #expect(try store.localCalendarEvents(business: "bistro", from: F.at(0)) == [early, lunch, sameStart].sorted {
            ($0.start, $0.uid) < ($1.start, $1.uid)
        })
        #expect(try store.localCalendarEvents(business: "bistro", from: F.at(900)) == [sameStart, lunch])
        var moved = lunch
        moved.start = F.at(3_000)
        moved.end = F.at(4_000)
        batch = StoreBatch()
        batch.calendarChanges = [.upsert(moved)]
        try store.commit(batch)
        #expect(try store.localCalendarEvents(business: "bistro", from: F.at(1_600)) == [moved])
    }

    @Test func idempotencyConflictWritesNothingOfTheBatch() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        var batch = StoreBatch()
        batch.idempotency = F.idempotency("k1")
        batch.event = F.event("bistro", 1)
        try store.commit(batch)
        batch = StoreBatch()
        batch.event = F.event("bistro", 2)
        batch.entries = [F.entry("bistro", 1)]
        batch.outbox = [F.outbox("bistro", entryID: 1, due: 0)]
        batch.idempotency = F.idempotency("k1")
        #expect(throws: StoreError.conflict("the idempotency key \"k1\" was already used")) { try store.commit(batch) }
        #expect(try store.events(business: "bistro", after: 0).map(\.sequence) == [1])
        #expect(try F.count(path, "entries") == 0)
        #expect(try F.count(path, "outbox") == 0)
    }

    @Test func duplicateEventSequenceIsAConflict() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        var batch = StoreBatch()
        batch.event = F.event("bistro", 1)
        try store.commit(batch)
        batch.entries = [F.entry("bistro", 7)]
        #expect(throws: StoreError.conflict("event 1 of business \"bistro\" is already logged")) { try store.commit(batch) }
        #expect(try store.entries(business: "bistro", limit: 10) == [])
    }

    @Test func aBatchFailingMidwayLeavesNothingBehind() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        // Everything below is written before the tokens; the second token repeats a digest.
        var batch = StoreBatch()
        batch.event = F.event("bistro", 1)
        batch.snapshot = EngineSnapshotRow(business: "bistro", sequence: 1, at: F.at(1), ruleDigest: "r", state: "{}")
        batch.ruleSource = RuleSourceRow(digest: "r", business: "bistro", source: "…", loadedAt: F.at(1))
        batch.entries = [F.entry("bistro", 1)]
        batch.history = [HistoryRow(business: "bistro", entryID: 1, at: F.at(1), from: nil, to: "waiting", reason: "x")]
        batch.offers = [OfferRow(business: "bistro", engineToken: "o", entryID: 1, slotStart: F.at(1), service: "s",
                                 sentAt: F.at(1), expiresAt: F.at(2), outcome: "pending")]
        batch.timersScheduled = [TimerRow(business: "bistro", key: "t", due: F.at(5))]
        batch.outbox = [F.outbox("bistro", entryID: 1, due: 0)]
        batch.businesses = [BusinessRow(id: "bistro", name: "B", timeZone: "Europe/Paris", slotSeconds: 60, ruleDigest: "r",
                                        updatedAt: F.at(1))]
        batch.tokens = [F.token("same"), F.token("same", entryID: 2)]
        do throws(StoreError) {
            try store.commit(batch)
            Issue.record("expected a conflict")
        } catch {
            guard case .conflict(let message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(message.contains("public link"))
        }
        for table in ["events", "snapshots", "rule_sources", "entries", "history", "offers", "timers", "outbox",
                      "public_tokens", "businesses"] {
            #expect(try F.count(path, table) == 0, "table \(table)")
        }
        // The store still works afterwards.
        batch.tokens = [F.token("same")]
        try store.commit(batch)
        #expect(try F.count(path, "public_tokens") == 1)
    }

    @Test func migrationsCreateTheSchemaOnceAndReopeningIsANoOp() throws {
        let path = F.databasePath()
        var store = try SQLiteStore(path: path)
        var batch = StoreBatch()
        batch.event = F.event("bistro", 1)
        try store.commit(batch)
        store.close()
        #expect(try F.count(path, "schema_migrations") == SQLiteStore.schemaVersion)
        store = try SQLiteStore(path: path)
        defer { store.close() }
        #expect(try F.count(path, "schema_migrations") == SQLiteStore.schemaVersion)
        #expect(try store.events(business: "bistro", after: 0).count == 1)
        let db = try SQLiteConnection(path: path, flags: SQLiteConnection.readFlags)
        defer { db.close() }
        let tables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name") {
            $0.text(0)
        }
        #expect(tables == ["admin_sessions", "admins", "businesses", "calendar_events", "calendar_sync", "entries", "events", "history", "idempotency",
                           "installation", "legacy_booking_ids", "offers", "outbox", "pending_sms_erasures", "public_tokens", "rule_sources",
                           "rule_versions", "schema_migrations", "security_events", "snapshots", "timers"])
        #expect(try db.queryFirst("PRAGMA journal_mode") { $0.text(0) } == "wal")
    }

    /// Issue 13: stored trigger answers held working links; version 7 empties them.
    @Test func version7EmptiesTheLinksOfStoredAnswers() throws {
        let path = F.databasePath()
        let store = try SQLiteStore(path: path)
        var batch = StoreBatch()
        batch.idempotency = IdempotencyRow(scope: "s", key: "k", requestDigest: "d", status: 201,
                                           responseBody: #"{"entry_id":1,"url":"https://x.fr/waitlist/SECRETSECRET","status":"invited"}"#,
                                           createdAt: F.at(0))
        try store.commit(batch)
        store.close()
        let db = try SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags)
        defer { db.close() }
        try db.execute(SQLiteSchema.version7)
        let body = try #require(try db.queryFirst("SELECT response_body FROM idempotency") { $0.text(0) })
        #expect(!body.contains("SECRET") && body.contains(#""url":"""#) && body.contains(#""entry_id":1"#))
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let path = F.databasePath()
        try SQLiteStore(path: path).close()
        let db = try SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags)
        try db.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)", [.int(SQLiteStore.schemaVersion + 98)])
        db.close()
        do throws(StoreError) {
            _ = try SQLiteStore(path: path)
            Issue.record("expected the newer database to be refused")
        } catch {
            guard case let .open(refusedPath, message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(refusedPath == path)
            #expect(message.contains("schema version \(SQLiteStore.schemaVersion + 98)"))
            #expect(message.contains("knows only versions up to \(SQLiteStore.schemaVersion)"))
        }
    }

    @Test func aFileThatIsNotADatabaseIsRefused() throws {
        let path = F.databasePath()
        try Data("not a database, just text that is long enough to look like a header ......".utf8)
            .write(to: URL(fileURLWithPath: path))
        do throws(StoreError) {
            _ = try SQLiteStore(path: path)
            Issue.record("expected the file to be refused")
        } catch {
            guard case let .open(refusedPath, message) = error else { Issue.record("unexpected \(error)"); return }
            #expect(refusedPath == path)
            #expect(message.contains("not a database"))
        }
    }

    @Test func twoStoresOnOneFileBothWrite() throws {
        let path = F.databasePath()
        let server = try SQLiteStore(path: path)
        let cli = try SQLiteStore(path: path)
        defer { server.close(); cli.close() }
        let group = DispatchGroup()
        let failures = Failures()
        for (index, store) in [server, cli].enumerated() {
            DispatchQueue.global().async(group: group) {
                for step in 1...25 {
                    var batch = StoreBatch()
                    batch.calendarChanges = [.upsert(LocalCalendarEvent(business: "bistro", uid: "\(index)-\(step)",
                                                                        start: F.at(Int64(step)), end: F.at(Int64(step) + 60)))]
                    batch.event = index == 0 ? F.event("bistro", Int64(step)) : nil
                    do { try store.commit(batch) } catch { failures.record(error) }
                }
            }
        }
        group.wait()
        #expect(failures.all.isEmpty)
        #expect(try server.localCalendarEvents(business: "bistro", from: F.at(0)).count == 50)
        #expect(try cli.localCalendarEvents(business: "bistro", from: F.at(0)).count == 50)
        #expect(try cli.events(business: "bistro", after: 0).count == 25)
    }

    @Test func fourStoresOpeningANewFileAtOnceMigrateItOnce() throws {
        for _ in 0..<10 {
            let path = F.databasePath()
            let failures = Failures()
            let group = DispatchGroup()
            for _ in 0..<4 {
                DispatchQueue.global().async(group: group) {
                    do throws(StoreError) { try SQLiteStore(path: path).close() } catch { failures.record(error) }
                }
            }
            group.wait()
            #expect(failures.all.isEmpty, "\(failures.all)")
            #expect(try F.count(path, "schema_migrations") == SQLiteStore.schemaVersion)
        }
    }

    @Test func readsRunOnSeveralThreadsWhileWritesCommit() throws {
        let store = try SQLiteStore(path: F.databasePath())
        defer { store.close() }
        let failures = Failures()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for step in 1...200 {
                var batch = StoreBatch()
                batch.event = F.event("bistro", Int64(step))
                do throws(StoreError) { try store.commit(batch) } catch { failures.record(error) }
            }
        }
        for _ in 0..<6 {
            DispatchQueue.global().async(group: group) {
                var seen = 0
                for _ in 0..<100 {
                    do throws(StoreError) {
                        let count = try store.events(business: "bistro", after: 0).count
                        // A reader sees a growing prefix: never fewer events than before.
                        if count < seen { failures.record(StoreError.corrupt("saw \(count) events after \(seen)")) }
                        seen = count
                    } catch { failures.record(error) }
                }
            }
        }
        group.wait()
        #expect(failures.all.isEmpty, "\(failures.all)")
        #expect(try store.events(business: "bistro", after: 0).count == 200)
    }

    @Test func closeThenCommitOrReadIsClosed() throws {
        let store = try SQLiteStore(path: F.databasePath())
        store.close()
        store.close()
        var batch = StoreBatch()
        batch.event = F.event("bistro", 1)
        #expect(throws: StoreError.closed) { try store.commit(batch) }
        #expect(throws: StoreError.closed) { try store.commit(StoreBatch()) }
        #expect(throws: StoreError.closed) { _ = try store.events(business: "bistro", after: 0) }
    }

    @Test func defaultPathCreatesTheDataDirectory() throws {
        let directory = F.temporaryDirectory() + "/nested/data"
        let path = SQLiteStore.defaultPath(dataDirectory: directory)
        #expect(path == directory + "/speedai.db")
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue)
        try SQLiteStore(path: path).close()
        #expect(FileManager.default.fileExists(atPath: path))
    }
}
