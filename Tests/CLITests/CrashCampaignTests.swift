/// Crash campaign (issue 7): clients fire triggers, forms, cancellations and Oui/Non at the real
/// service while a seeded loop `kill -9`s it at random moments and restarts it on the same data
/// folder and port. Afterwards nothing acknowledged may be lost, the SQLite file must be sound,
/// no SMS may go out twice, every open offer's timer must still fire and no slot may be over
/// capacity. `make test` runs a reduced campaign; `make crash-test` the full one
/// (`SPEEDAI_CRASH_KILLS`, default 25; `SPEEDAI_CRASH_SEED` repeats a run's choices).
import Foundation
import Testing

@Suite(.serialized) struct CrashCampaignTests {
    /// Kills of this run: `SPEEDAI_CRASH_KILLS`, or 5 (the reduced run of `make test`).
    static var kills: Int { ProcessInfo.processInfo.environment["SPEEDAI_CRASH_KILLS"].flatMap(Int.init) ?? 5 }

    /// `serve` options of every start: the test clock, and no per-client or per-phone limits.
    static let serveArguments = ["--test-clock", "--rate-limit", "0", "--invitations-per-hour", "0"]

    /// Covers per slot in this campaign's copy of the test bistro.
    static let capacity = 6

    /// The seed: `SPEEDAI_CRASH_SEED`, or a fresh one (printed either way).
    static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SPEEDAI_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1..<1_000_000_000)
    }

    @Test func acknowledgedWorkSurvivesKills() async throws {
        let kills = Self.kills, seed = Self.seed
        print("crash campaign: seed \(seed), \(kills) kills (SPEEDAI_CRASH_SEED=\(seed) repeats the choices)")
        let started = Date()
        // Six tables of one cover per slot: each cancellation frees one place, so offers flow.
        let service = try ServiceProcess(rules: TestBistro.rules.replacingOccurrences(of: "capacity = 2", with: "capacity = \(Self.capacity)"))
        try service.start(extraArguments: Self.serveArguments)
        let driver = WaitlistDriver(service: service)
        defer {
            // SPEEDAI_CRASH_KEEP=1 keeps the data folder for a post-mortem.
            if ProcessInfo.processInfo.environment["SPEEDAI_CRASH_KEEP"] != nil {
                driver.service.stop()
                print("crash campaign: data kept in \(driver.service.root.path)")
            } else {
                driver.tearDown()
            }
        }
        for time in TestBistro.slotTimes {
            for table in 1...Self.capacity {
                let uid = "full-\(time.replacingOccurrences(of: ":", with: ""))-\(table)"
                let booked = try driver.service.calendar("book", ["--at", driver.evening.slot(time), "--party", "1", "--uid", uid])
                #expect(booked.status == 0, "calendar book: \(booked.stderr)")
            }
        }
        for time in TestBistro.slotTimes { try await driver.waitForFree(time, places: 0) }

        let control = CrashCampaignControl(seed: seed)
        let clients = CrashCampaignClients(driver: driver, control: control)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<3 { group.addTask { await clients.customers(worker: worker) } }
            for worker in 3..<5 { group.addTask { await clients.replies(worker: worker) } }
            group.addTask { await clients.restaurant(worker: 5) }
            group.addTask {
                defer { control.stopping.store(true, ordering: .relaxed) }
                try await Self.killLoop(driver: driver, control: control, kills: kills)
            }
            try await group.waitForAll()
        }

        // The last restart is done and the clients are quiet: drain, then cross every deadline.
        try await Self.waitForDrainedOutbox(driver)
        // Two calendar polls, so the last cancellations are seen before the checks.
        try await Task.sleep(nanoseconds: 2_500_000_000)
        let database = try CrashDatabase(dataDirectory: driver.service.dataDirectory)
        let offersBeforeAdvance = try database.offers()
        let open = offersBeforeAdvance.values.filter { $0.outcome == "open" }.map(\.token)
        try await driver.advanceClock(seconds: 6 * 60)
        var stillOpen = open
        let deadline = Date().addingTimeInterval(60)
        while !stillOpen.isEmpty && Date() < deadline {
            try await Task.sleep(nanoseconds: 200_000_000)
            let offers = try database.offers()
            stillOpen = stillOpen.filter { offers[$0]?.outcome == "open" }
        }
        try await Self.waitForDrainedOutbox(driver)
        let stopStatus = driver.service.stop()
        #expect(stopStatus == 0, "graceful stop: \(driver.service.lastStandardError.suffix(2000))")

        let ledger = control.ledger.snapshot
        let sms = try driver.service.sms.all()
        let checks = CrashCampaignChecks(ledger: ledger, database: database, sms: sms, offersBeforeAdvance: offersBeforeAdvance,
                                         slotStarts: TestBistro.slotTimes.map(clients.instant), capacity: Self.capacity)
        var results = try checks.run()
        var timerProblems = stillOpen.map { "offer \($0) open before the advance is still open after it" }
        let offersAfter = try database.offers()
        for token in open where offersAfter[token]?.outcome == "expired" {
            let entryID = offersAfter[token]?.entryID
            if !sms.contains(where: { $0.template == "expired" && $0.entryID == entryID }) {
                timerProblems.append("offer \(token) expired without an « expired » SMS to entry \(entryID ?? -1)")
            }
        }
        results.append(("open offers' timers fire", timerProblems))
        for (check, problems) in results {
            #expect(problems.isEmpty, "\(check): \(problems.count) problem(s):\n  \(problems.prefix(20).joined(separator: "\n  "))")
        }

        let sent = ledger.sent.values.reduce(0, +)
        let passed = results.filter(\.problems.isEmpty).count
        let restart = ledger.restartSeconds.isEmpty ? 0 : ledger.restartSeconds.reduce(0, +) / Double(ledger.restartSeconds.count)
        print("""
            crash campaign summary: seed \(seed); requests sent \(sent) (\(ledger.sent.sorted { $0.key < $1.key }.map { kind in
                "\(kind.key) \(kind.value): ack \(ledger.byKind["\(kind.key) acknowledged", default: 0]), unknown \(ledger.byKind["\(kind.key) unknown", default: 0])"
            }.joined(separator: "; "))); \
            acknowledged \(ledger.outcomes["acknowledged", default: 0]), unknown \(ledger.outcomes["unknown", default: 0]), \
            refused \(ledger.outcomes["refused", default: 0]); kills \(ledger.kills) (\(ledger.stopKills) during a SIGTERM stop, +\(ledger.bootKills) while booting), restarts \(ledger.restarts) \
            (mean restart \(String(format: "%.2f", restart)) s, max \(String(format: "%.2f", ledger.restartSeconds.max() ?? 0)) s); \
            entries \(ledger.triggers.count) acknowledged (\(ledger.replayedTriggers) by an idempotent replay), forms \(ledger.forms.count), replies \(ledger.replies.count), \
            cancellations \(ledger.cancelledUIDs.count); SMS \(sms.count) (\(Set(sms.map(\.template)).sorted().map { t in "\(t) \(sms.filter { $0.template == t }.count)" }.joined(separator: ", "))); \
            open offers at the end \(open.count); checks passed \(passed)/\(results.count); \
            \(String(format: "%.1f", Date().timeIntervalSince(started))) s
            """)
        if !ledger.refusals.isEmpty {
            var kinds: [String: Int] = [:]
            for refusal in ledger.refusals { kinds[refusal, default: 0] += 1 }
            print("crash campaign refusals: \(kinds.sorted { $0.value > $1.value }.prefix(8).map { "\($0.value)× \($0.key)" }.joined(separator: " | "))")
        }
        #expect(ledger.kills == kills && ledger.restarts == kills)
        #expect(ledger.outcomes["acknowledged", default: 0] > 0)
    }

    /// Kills the service `kills` times at seeded random moments, restarting it each time on the
    /// same folder and port; lets the clients run a little after the last restart.
    static func killLoop(driver: WaitlistDriver, control: CrashCampaignControl, kills: Int) async throws {
        var random = control.generator(worker: 99)
        let service = driver.service, serveArguments = serveArguments
        for _ in 0..<kills {
            try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0...1.6, using: &random) * 1e9))
            // One kill in five lands during a graceful stop (SIGTERM, then SIGKILL 0–50 ms later).
            if Double.random(in: 0..<1, using: &random) < 0.2 {
                let grace = Double.random(in: 0...0.05, using: &random)
                try await offPool { service.stopThenKill(after: grace) }
                control.ledger.record { $0.stopKills += 1 }
            } else {
                try await offPool { service.killHard() }
            }
            control.ledger.record { $0.kills += 1 }
            // Sometimes stay down a moment: the clients then meet a closed port.
            try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0...0.3, using: &random) * 1e9))
            // One restart in four is itself killed while booting (recovery, replay, outbox).
            if Double.random(in: 0..<1, using: &random) < 0.25 {
                let boot = Double.random(in: 0...0.15, using: &random)
                try await offPool { try service.startAndKill(after: boot, extraArguments: serveArguments) }
                control.ledger.record { $0.bootKills += 1 }
            }
            let before = Date()
            try await offPool { try service.start(extraArguments: serveArguments) }
            let seconds = Date().timeIntervalSince(before)
            control.ledger.record {
                $0.restarts += 1
                $0.restartSeconds.append(seconds)
            }
        }
        try await Task.sleep(nanoseconds: 1_500_000_000)
    }

    /// Waits until `/healthz` reports an empty outbox (the SMS of the last steps are written).
    static func waitForDrainedOutbox(_ driver: WaitlistDriver) async throws {
        let deadline = Date().addingTimeInterval(60)
        var last: [String: Any] = [:]
        while Date() < deadline {
            last = (try? await driver.health()) ?? [:]
            if last["outbox_pending"] as? Int == 0 { return }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        throw ServiceProcessError(description: "the outbox never drained within 60 s; last health: \(last)")
    }
}
