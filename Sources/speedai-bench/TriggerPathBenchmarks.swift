/// `speedai-bench trigger-path [seconds]`: the durable trigger path without HTTP, against raw
/// SQLite in the same run. The baseline commits one small row per transaction with
/// `journal_mode=WAL, synchronous=FULL` in a folder on the same disk, one thread: the rate a
/// naive service doing one fsync per request would be capped at. The service figures call
/// `ServiceRouter.handle` (validation, engine, batch, group commit, answer only after the
/// commit) from 1, 8 and 50 threads at once, with the outbox dispatcher writing each
/// invitation SMS to a `FileSMSSink`, as the embedded default does. The HTTP figures
/// (`scripts/bench-http.sh`) add libmicrohttpd and wrk on the same two cores.
import Connectors
import Foundation
import Runtime
import Synchronization

enum TriggerPathBenchmarks {
    struct ServiceResult {
        var threads: Int
        var requests: Int
        var seconds: Double
        var p50: Double
        var p99: Double
        var commits: Int
        var batches: Int
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

    /// The business `scripts/bench-http.sh` serves too (`scripts/bench/bench.rules`): open every
    /// evening, so any evening ahead is a valid requested slot.
    static var rules: String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/bench/bench.rules").standardized.path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fatalError("cannot read \(path)") }
        return text
    }
}

/// Prints the trigger path section.
func benchmarkTriggerPath(seconds: Double) {
    print("8. Durable trigger path without HTTP (validation, engine, group commit, answer after commit; SMS to a file)")
    let folder = NSTemporaryDirectory() + "speedai-raw-\(UUID().uuidString)"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    guard let rawRate = try? SQLiteBaseline.commitsPerSecond(folder: folder, seconds: seconds).perSecond else {
        print("   baseline failed")
        return
    }
    let baseline = "raw SQLite, one row per transaction, WAL + synchronous=FULL, same disk"
    print("   baseline: \(baseline): \(format(rawRate, decimals: 0)) commits/s")
    for threads in [1, 8, 50] {
        do {
            let result = try TriggerPathBenchmarks.service(threads: threads, seconds: seconds)
            let rate = Double(result.requests) / result.seconds
            let perCommit = result.commits > 0 ? Double(result.batches) / Double(result.commits) : 0
            print("   \(String(threads).padding(toLength: 2, withPad: " ", startingAt: 0)) callers: \(format(rate, decimals: 0)) triggers/s, p50 \(format(result.p50, decimals: 2)) ms, p99 \(format(result.p99, decimals: 2)) ms, \(format(perCommit, decimals: 1)) batches per fsync; ratio to baseline \(format(rate / rawRate, decimals: 2))x")
            BenchReport.record(section: 8, id: "trigger-path.\(threads).rate", figure: "\(threads) callers: triggers/s",
                               value: rate, unit: "/s", baseline: baseline, baselineValue: rawRate,
                               note: "\(format(perCommit, decimals: 1)) batches per fsync")
            BenchReport.record(section: 8, id: "trigger-path.\(threads).p99", figure: "\(threads) callers: p99 latency",
                               value: result.p99, unit: "ms")
        } catch {
            print("   \(threads) callers: failed: \(error)")
        }
    }
    print("")
}
