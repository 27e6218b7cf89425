/// The service's background work, each on its own thread so a slow calendar never delays an
/// SMS: the scheduler (rule files, calendar polls, due timers) and the outbox dispatcher.
/// HTTP requests never wait for either.
import Foundation
import RuleLang
import Runtime
import Synchronization

extension WaitlistService {
    /// Reads the rule folder: new files start a business, changed files reload it, a file
    /// that fails `check` is reported and the last good version keeps running.
    public func scanRules() {
        ruleFileLock.withLock { _ in scanRuleFolder() }
    }

    /// `scanRules` under the rule file lock.
    private func scanRuleFolder() {
        let directory = configuration.rulesDirectory
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            telemetry.log(.error, "rules folder unreadable", ["path": .string(directory)])
            return
        }
        for name in names.sorted() where name.hasSuffix(".rules") {
            let business = String(name.dropLast(".rules".count))
            let path = "\(directory)/\(name)"
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let stamp = RuleFileStamp(modified: attributes?[.modificationDate] as? Date,
                                      size: (attributes?[.size] as? NSNumber)?.int64Value)
            if let known = ruleFiles.withLock({ $0[business] }), known.stamp == stamp, stamp.modified != nil { continue }
            guard let bytes = try? TextFileReader.read(path) else { continue }
            let source = String(decoding: bytes, as: UTF8.self)
            let digest = Digest.sha256Hex(source)
            let previous = ruleFiles.withLock { files -> String? in
                let old = files[business]?.digest
                files[business] = (digest, stamp)
                return old
            }
            if previous == digest { continue }
            guard Self.isValidBusinessID(business) else {
                telemetry.log(.error, "rule file name is not a valid business id (a-z, 0-9, _ and -)", ["file": .string(path)])
                continue
            }
            switch compileRules(source, business: business).flatMap({ rules in
                Self.ownID(rules, source: source, business: business, file: name)
            }) {
            case .failure(let error):
                let running = runtime(business) != nil
                telemetry.log(.error, running ? "rule file refused; the previous version keeps running" : "rule file refused",
                              ["file": .string(path), "diagnostics": .string(error.description)])
                if running {
                    // The establishment's journal says so too, with the errors' first lines.
                    let rendered = if case let .rules(_, message) = error { message } else { error.description }
                    _ = try? apply(.rulesRefused(summary: Self.refusalSummary(rendered)), to: business, inspect: { _, _ in () })
                }
            case .success(let rules):
                do {
                    if runtime(business) == nil {
                        try load(business: business, rules: rules, source: source, digest: digest)
                        telemetry.log(.info, "business loaded", ["business": .string(business), "file": .string(path)])
                    } else if runtime(business)?.state.withLock({ $0.ruleDigest }) != digest {
                        try applyRules(rules, source: source, digest: digest, to: business)
                        telemetry.log(.info, "rules reloaded", ["business": .string(business), "file": .string(path)])
                    }
                } catch {
                    telemetry.log(.error, "business could not start", ["business": .string(business),
                                                                          "error": .string(error.description)])
                }
            }
        }
    }

    /// `rules` when its `establishment.id` is `business` (the file name); otherwise the
    /// refusal, rendered like `check`'s errors: a file may not speak for another establishment.
    static func ownID(_ rules: RuleSet, source: String, business: String, file: String) -> Result<RuleSet, ServiceError> {
        let sourceFile = SourceFile(name: file, text: source)
        guard let mismatch = foreignIDDiagnostic(rules, syntax: RuleParser.parse(sourceFile), business: business) else {
            return .success(rules)
        }
        return .failure(.rules(business: business, message: DiagnosticRenderer().render([mismatch], in: sourceFile)))
    }

    /// The error lines of rendered diagnostics (`file:14:3: error: …`), at most three, on one
    /// line; the rendering's first line when none has that shape.
    static func refusalSummary(_ diagnostics: String) -> String {
        let lines = diagnostics.split(separator: "\n").map(String.init)
        let errors = lines.filter { $0.contains(": error: ") }
        let shown = errors.isEmpty ? Array(lines.prefix(1)) : Array(errors.prefix(3))
        let more = errors.count > 3 ? " (+\(errors.count - 3))" : ""
        return shown.joined(separator: " ; ") + more
    }

    /// Fires the engines' due timers.
    public func fireDueTimers() {
        let now = clock.now()
        for business in businessIDs {
            guard let due = runtime(business)?.state.withLock({ $0.engine.nextTimerDue }), due <= now else { continue }
            do {
                _ = try apply(.advance, to: business, inspect: { _, _ in () })
            } catch {
                telemetry.log(.error, "timers not applied", ["business": .string(business), "error": .string(error.description)])
            }
        }
    }

    /// Starts the scheduler and dispatcher threads; `stop()` ends them.
    public func startBackgroundWork() {
        backgroundThreads.withLock { $0 = 2 }
        let scheduler = Thread { [self] in
            var lastRuleScan = Date.distantPast
            var lastReconcile = Date.distantPast
            var lastErasureRetry = Date.distantPast
            while !isStopping {
                if Date().timeIntervalSince(lastRuleScan) >= 1 {
                    scanRules()
                    lastRuleScan = Date()
                }
                if Date().timeIntervalSince(lastReconcile) >= 30 {
                    reconcileRefusedBookings()
                    lastReconcile = Date()
                }
                // Reads run on their own pool: timers never wait on a calendar server.
                readCalendars(force: false, waitingUntil: .now())
                fireDueTimers()
                purgeExpiredPersonalData()
                // An SMS file rewrite an erasure could not finish: at start, then every minute.
                if Date().timeIntervalSince(lastErasureRetry) >= 60 {
                    retryPendingSMSFileErasures()
                    lastErasureRetry = Date()
                }
                // A push notification (or stop) wakes the loop early.
                _ = schedulerSignal.wait(timeout: .now() + .milliseconds(200))
            }
            loopsFinished.signal()
        }
        scheduler.name = "speedai-scheduler"
        scheduler.start()
        let dispatcher = Thread { [self] in
            while !isStopping {
                if !configuration.outboxPaused, dispatchOutbox() > 0 { continue }
                _ = outboxSignal.wait(timeout: .now() + .milliseconds(200))
            }
            loopsFinished.signal()
        }
        dispatcher.name = "speedai-outbox"
        dispatcher.start()
    }

    /// Stops the background threads and writes a snapshot of every business.
    public func stop() {
        guard lifecycle.withLock({ stopping -> Bool in
            defer { stopping = true }
            return !stopping
        }) else { return }
        outboxSignal.signal()
        schedulerSignal.signal()
        for _ in 0..<backgroundThreads.withLock({ $0 }) { loopsFinished.wait() }
        // Calendar reads still under way end (each within its own timeout) before the store closes.
        calendarReaders.sync(flags: .barrier) {}
        bookingWriters.sync(flags: .barrier) {}
        snapshotAll()
    }

    var isStopping: Bool { lifecycle.withLock { $0 } }

    /// Business ids are URL- and log-safe: 1 to 64 of a-z, 0-9, `_` and `-`.
    static func isValidBusinessID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 64 && id.utf8.allSatisfy {
            ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2D
        }
    }
}
