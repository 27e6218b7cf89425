/// `speedai-bench trigger-path [seconds]`: the durable trigger path without HTTP, against raw
/// SQLite in the same run. The baseline commits one small row per transaction with
/// `journal_mode=WAL, synchronous=FULL` in a folder on the same disk, one thread: the rate a
/// naive service doing one fsync per request would be capped at. The service figures call
/// `ServiceRouter.handle` (validation, engine, batch, group commit, answer only after the
/// commit) from 1, 8 and 50 threads at once, with the outbox dispatcher writing each
/// invitation SMS to a `FileSMSSink`, as the embedded default does. The HTTP figures
/// (`scripts/bench-http.sh`) add libmicrohttpd and wrk on the same two cores.
import CSQLite
import Connectors
import Foundation
import Runtime
import Synchronization

enum TriggerPathBenchmarks {
    struct RawResult { var commits: Int; var seconds: Double }
    struct ServiceResult {
        var threads: Int
        var requests: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        var commits: Int
        var batches: Int
    }

    /// One row per transaction, WAL + synchronous=FULL, for `seconds`.
    static func rawSQLite(in folder: String, seconds: Double) -> RawResult {
        var db: OpaquePointer?
        guard sqlite3_open(folder + "/raw.db", &db) == SQLITE_OK, let db else { fatalError("cannot open the baseline database") }
        defer { sqlite3_close(db) }
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL",
                       "CREATE TABLE rows (id INTEGER PRIMARY KEY, phone TEXT NOT NULL, body TEXT NOT NULL)"] {
            guard sqlite3_exec(db, pragma, nil, nil, nil) == SQLITE_OK else { fatalError("baseline: \(pragma) failed") }
        }
        var insert: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO rows (phone, body) VALUES (?, ?)", -1, &insert, nil)
        defer { sqlite3_finalize(insert) }
        let body = String(repeating: "x", count: 200)
        let clock = ContinuousClock()
        let start = clock.now
        var commits = 0
        let deadline = start + .nanoseconds(Int64(seconds * 1e9))
        while clock.now < deadline {
            sqlite3_exec(db, "BEGIN", nil, nil, nil)
            sqlite3_bind_text(insert, 1, "+33612345678", -1, nil)
            sqlite3_bind_text(insert, 2, body, -1, nil)
            guard sqlite3_step(insert) == SQLITE_DONE else { fatalError("baseline insert failed") }
            sqlite3_reset(insert)
            guard sqlite3_exec(db, "COMMIT", nil, nil, nil) == SQLITE_OK else { fatalError("baseline commit failed") }
            commits += 1
        }
        return RawResult(commits: commits, seconds: Double((clock.now - start).nanoseconds) / 1e9)
    }

    /// `threads` callers sending triggers (distinct phones, one evening slot) for `seconds`.
    static func service(threads: Int, seconds: Double) throws -> ServiceResult {
        let folder = NSTemporaryDirectory() + "speedai-trigger-path-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try rules.write(toFile: folder + "/rules/bench.rules", atomically: true, encoding: .utf8)
        let store = try SQLiteStore(path: folder + "/speedai.db")
        var configuration = ServiceConfiguration(rulesDirectory: folder + "/rules", dataDirectory: folder,
                                                 publicURL: "http://127.0.0.1:8080", apiKey: "bench-key")
        configuration.apiRequestsPerSecond = 0
        configuration.invitationsPerPhonePerHour = 0
        let sms = try FileSMSSink(path: folder + "/sms.jsonl")
        let service = WaitlistService(configuration: configuration, store: store, clock: SystemClock(),
                                      calendar: LocalCalendar(store: store), sms: sms,
                                      telemetry: ServiceTelemetry(logger: JSONLineLogger(minimumLevel: .error)))
        service.scanRules()
        service.startBackgroundWork()
        let router = ServiceRouter(service: service)
        let zone = ZoneConverter(identifier: "Europe/Paris")!
        let today = zone.local(SystemClock().now())
        let day = CivilDateTime(utcSeconds: CivilDateTime(year: today.year, month: today.month, day: today.day).utcSeconds + 3 * 86_400)
        let slot = CivilDateTime(year: day.year, month: day.month, day: day.day, hour: 19, minute: 30).isoText

        let before = store.groupCommitStatistics
        let latencies = Mutex<[Double]>([])
        let failures = Atomic<Int>(0)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .nanoseconds(Int64(seconds * 1e9))
        // Real threads: `concurrentPerform` would run only as many callers as there are cores.
        let finished = DispatchGroup()
        for thread in 0..<threads {
            finished.enter()
            Thread.detachNewThread {
                defer { finished.leave() }
                var mine: [Double] = []
                var counter = 0
                while clock.now < deadline {
                    counter += 1
                    let phone = String(format: "+336%02d%06d", thread, counter)
                    let body = "{\"requested_slot\": \"\(slot)\", \"business_id\": \"bench\", \"phone\": \"\(phone)\", \"source\": \"voice_agent\"}"
                    let request = HTTPRequest(method: "POST", path: "/api/v1/waitlist/trigger",
                                              headers: [(name: "authorization", value: "Bearer bench-key"),
                                                        (name: "content-type", value: "application/json")],
                                              body: Array(body.utf8))
                    let sent = clock.now
                    let response = router.handle(request)
                    mine.append(Double((clock.now - sent).nanoseconds) / 1e6)
                    if response.status != 201 { failures.add(1, ordering: .relaxed) }
                }
                latencies.withLock { $0 += mine }
            }
        }
        finished.wait()
        let elapsed = Double((clock.now - start).nanoseconds) / 1e9
        let after = store.groupCommitStatistics
        service.stop()
        store.close()
        guard failures.load(ordering: .relaxed) == 0 else { throw BenchError("\(failures.load(ordering: .relaxed)) triggers were refused") }
        let sorted = latencies.withLock { $0 }.sorted()
        return ServiceResult(threads: threads, requests: sorted.count, seconds: elapsed,
                             p50: sorted[sorted.count / 2], p99: sorted[min(sorted.count - 1, sorted.count * 99 / 100)],
                             commits: after.transactions - before.transactions, batches: after.batches - before.batches)
    }

    static let rules = """
        establishment {
          id = "bench"
          name = "Le Bistrot du Banc d’Essai"
          timezone = "Europe/Paris"
        }
        slots {
          length = 30m
          capacity = 2
          service dinner {
            days = [mon, tue, wed, thu, fri, sat, sun]
            hours = 19:00-22:00
          }
        }
        offers {
          quiet_hours = none
        }

        """
}

/// Prints the trigger path section.
func benchmarkTriggerPath(seconds: Double) {
    print("8. Durable trigger path without HTTP (validation, engine, group commit, answer after commit; SMS to a file)")
    let folder = NSTemporaryDirectory() + "speedai-raw-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let raw = TriggerPathBenchmarks.rawSQLite(in: folder, seconds: seconds)
    try? FileManager.default.removeItem(atPath: folder)
    let rawRate = Double(raw.commits) / raw.seconds
    print("   baseline: raw SQLite, one row per transaction, WAL + synchronous=FULL, same disk: \(format(rawRate, decimals: 0)) commits/s")
    for threads in [1, 8, 50] {
        do {
            let result = try TriggerPathBenchmarks.service(threads: threads, seconds: seconds)
            let rate = Double(result.requests) / result.seconds
            let perCommit = result.commits > 0 ? Double(result.batches) / Double(result.commits) : 0
            print("   \(String(threads).padding(toLength: 2, withPad: " ", startingAt: 0)) callers: \(format(rate, decimals: 0)) triggers/s, p50 \(format(result.p50, decimals: 2)) ms, p99 \(format(result.p99, decimals: 2)) ms, \(format(perCommit, decimals: 1)) batches per fsync; ratio to baseline \(format(rate / rawRate, decimals: 2))x")
        } catch {
            print("   \(threads) callers: failed: \(error)")
        }
    }
    print("")
}
