/// What the dashboard's rules editor does, without HTML: check a text with the same checker
/// as `speedai-rules check`, preview it on last week's recorded activity, and save it — only
/// when it checks, only over the version the admin started from — by writing the rule file
/// durably and applying it at once through the watcher's own path (`applyRules`: a logged
/// `rules` event, the engine switched, a rule version recorded with its author).
import Foundation
import RuleLang
import Runtime

/// The checker's verdict on a text.
struct RuleCheck: Sendable {
    /// The text as checked (line endings normalised), named `<business>.rules`.
    var file: SourceFile
    /// Errors and warnings, sorted by position.
    var diagnostics: [Diagnostic]
    /// The `establishment.id` the text declares when it is not its establishment's (an error
    /// among `diagnostics`), for the dashboard's French explanation.
    var foreignID: String?
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// What a save did.
enum RuleSaveOutcome: Sendable {
    /// Written and running; `version` is the new version's number.
    case saved(version: Int)
    /// The text is the one already running: nothing written.
    case unchanged
    /// The text fails `check`: nothing written.
    case invalid(RuleCheck)
    /// The file changed since the admin loaded it: nothing written.
    case stale(currentSource: String, currentDigest: String)
    /// The business has no rule file in the folder.
    case missing
    /// Writing or applying failed; `written` says whether the file on disk changed (the
    /// watcher then retries applying it).
    case failed(written: Bool)
}

/// The two replays of a preview, side by side.
struct RulePreview: Sendable {
    var current: TranscriptSummary
    var edited: TranscriptSummary
    /// Logged events in the window, and the timeline lines the tape got.
    var loggedEvents: Int
    var tapeEvents: Int
    /// Wall-clock time of export plus both replays.
    var elapsed: Duration
}

/// What a preview request gave.
enum RulePreviewOutcome: Sendable {
    case preview(RulePreview)
    /// More logged events than `WaitlistService.previewEventLimit`.
    case tooLarge(events: Int)
    /// Nothing was recorded in the window.
    case empty
    /// The edited text fails `check`.
    case invalid(RuleCheck)
    /// The tape could not be built or replayed; the reason in English, for the log.
    case failed(String)
}

extension WaitlistService {
    /// A preview replays at most this many logged events (twice), so one click costs a
    /// bounded fraction of a second and cannot stall the service.
    static let previewEventLimit = 20_000
    /// The preview's window: the last seven days.
    static let previewWindow: Duration = .seconds(7 * 86_400)

    /// Where the service reads `business`'s rule file.
    func ruleFilePath(_ business: String) -> String { "\(configuration.rulesDirectory)/\(business).rules" }

    /// The rule file of `business` as it is on disk now, with its digest.
    func currentRuleFile(_ business: String) -> (source: String, digest: String)? {
        guard Self.isValidBusinessID(business), let bytes = try? TextFileReader.read(ruleFilePath(business)) else { return nil }
        let source = String(decoding: bytes, as: UTF8.self)
        return (source, Digest.sha256Hex(source))
    }

    /// Browsers send a textarea's lines with CRLF: rule files keep LF.
    static func normalisedRuleText(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// `speedai-rules check` on `source`, as `<business>.rules`.
    func checkRules(_ source: String, business: String) -> RuleCheck {
        let file = SourceFile(name: "\(business).rules", text: Self.normalisedRuleText(source))
        let compilation = RuleCompiler.compile(file)
        var bag = DiagnosticBag()
        bag.append(contentsOf: compilation.diagnostics)
        var diagnostics = bag.sorted
        if compilation.ruleSet == nil && !diagnostics.contains(where: { $0.severity == .error }) {
            diagnostics.append(.error("the rule file could not be compiled", at: .point(0)))
        }
        var foreignID: String?
        if let rules = compilation.ruleSet, let mismatch = Self.foreignIDDiagnostic(rules, syntax: compilation.syntax, business: business) {
            diagnostics.append(mismatch)
            diagnostics.sort { $0.range.start < $1.range.start }
            foreignID = rules.establishment.id
        }
        return RuleCheck(file: file, diagnostics: diagnostics, foreignID: foreignID)
    }

    /// A rule file belongs to the establishment its file name says: one declaring another
    /// `establishment.id` would speak for that establishment in API answers, and an erasure
    /// there reached the other establishment's stored answers. An error at the `id` setting,
    /// or nil when the id is the business's (written or left to its default, the file name).
    static func foreignIDDiagnostic(_ rules: RuleSet, syntax: RuleFile, business: String) -> Diagnostic? {
        guard rules.establishment.id != business else { return nil }
        var range = SourceRange.point(0)
        for case .block(let block) in syntax.items where block.keyword.text == "establishment" {
            for case .setting(let setting) in block.items where setting.key.text == "id" { range = setting.range }
        }
        return .error("establishment.id is \"\(rules.establishment.id)\" but this is the rule file of \"\(business)\" (\(business).rules)",
                      at: range, help: "write id = \"\(business)\" or leave id out: a rule file's id is its file name")
    }

    /// Saves `source` as `business`'s rule file if it checks and the file on disk is still
    /// the version whose digest is `basedOn`; applies it at once and records a version by
    /// `author`. Serialised with the folder watcher.
    func saveRules(_ source: String, business: String, basedOn: String, author: String) -> RuleSaveOutcome {
        let text = Self.normalisedRuleText(source)
        return ruleFileLock.withLock { _ -> RuleSaveOutcome in
            guard runtime(business) != nil, let current = currentRuleFile(business) else { return .missing }
            guard current.digest == basedOn else { return .stale(currentSource: current.source, currentDigest: current.digest) }
            // `checkRules` refuses a file that declares another establishment's id.
            let check = checkRules(text, business: business)
            guard !check.hasErrors, case .success(let rules) = compileRules(text, business: business) else { return .invalid(check) }
            let digest = Digest.sha256Hex(text)
            let running = runtime(business)?.state.withLock { $0.ruleDigest }
            if digest == current.digest && digest == running { return .unchanged }
            let path = ruleFilePath(business)
            do {
                try DurableFile.replace(path, with: text)
            } catch {
                telemetry.log(.error, "rule file not saved", ["business": .string(business), "error": .string("\(error)")])
                return .failed(written: false)
            }
            if digest != running {
                do {
                    try applyRules(rules, source: text, digest: digest, to: business, author: author)
                } catch {
                    // The watcher still remembers the old file: it will pick the new one up and retry.
                    telemetry.log(.error, "saved rule file not applied", ["business": .string(business), "error": .string("\(error)")])
                    return .failed(written: true)
                }
            }
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            let stamp = RuleFileStamp(modified: attributes?[.modificationDate] as? Date,
                                      size: (attributes?[.size] as? NSNumber)?.int64Value)
            ruleFiles.withLock { $0[business] = (digest, stamp) }
            telemetry.log(.info, "rules saved from the dashboard", ["business": .string(business), "author": .string(author)])
            let version = (try? store.ruleVersions(business: business, limit: 1).first?.version) ?? nil
            return .saved(version: version ?? 0)
        }
    }

    /// Replays the last week of `business` (exported as a tape, pseudonymised) under the
    /// running rules and under `edited`, and returns both summaries.
    func previewRules(_ edited: String, business: String) -> RulePreviewOutcome {
        let check = checkRules(edited, business: business)
        guard !check.hasErrors else { return .invalid(check) }
        guard let runtime = runtime(business) else { return .failed("unknown business '\(business)'") }
        let (zone, runningDigest) = runtime.state.withLock { ($0.engine.zone, $0.ruleDigest) }
        let stopwatch = ContinuousClock()
        let started = stopwatch.now
        let to = self.clock.now(), from = to - Self.previewWindow
        let logged: Int
        do { logged = try store.events(business: business, from: from, to: to).count } catch {
            return .failed("database unreadable: \(error)")
        }
        guard logged <= Self.previewEventLimit else { return .tooLarge(events: logged) }
        guard let currentSource = (try? store.ruleSource(digest: runningDigest)) ?? nil else {
            return .failed("the running rule text (\(runningDigest)) is not in the store")
        }
        let folder = NSTemporaryDirectory() + "speedai-preview-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let calendar: String, timeline: String
        do {
            _ = try TapeExporter(store: store, business: business)
                .export(from: LocalTimeText.local(from, zone: zone), to: LocalTimeText.local(to, zone: zone), into: folder)
            calendar = String(decoding: try TextFileReader.read("\(folder)/calendar.ics"), as: UTF8.self)
            timeline = String(decoding: try TextFileReader.read("\(folder)/timeline.jsonl"), as: UTF8.self)
        } catch {
            return .failed("tape export failed: \(error)")
        }
        let tapeEvents = timeline.split(separator: "\n").count
        guard tapeEvents > 0 else { return .empty }
        func replay(_ source: String) -> Result<TranscriptSummary, TapeReplayFailure> {
            let files = TapeFiles(rules: SourceFile(name: "\(business).rules", text: source),
                                  calendar: SourceFile(name: "calendar.ics", text: calendar),
                                  timeline: SourceFile(name: "timeline.jsonl", text: timeline))
            return TapeReplay.run(files).map(TranscriptSummary.init(result:))
        }
        switch (replay(currentSource), replay(check.file.text(in: SourceRange(start: 0, end: check.file.bytes.count)))) {
        case (.success(let current), .success(let edited)):
            return .preview(RulePreview(current: current, edited: edited, loggedEvents: logged, tapeEvents: tapeEvents,
                                        elapsed: stopwatch.now - started))
        case (.failure(let failure), _), (_, .failure(let failure)):
            return .failed("replay failed: \(failure.message)")
        }
    }
}
