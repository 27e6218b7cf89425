/// Bringing a business's engine back: from its latest snapshot plus the events logged after
/// it, under the rule file versions the log names. Used at start-up and after a failed
/// commit (the in-memory engine may then be ahead of the database).
import Foundation
import RuleLang
import Runtime

extension WaitlistService {
    /// Compiles a rule file's text for `business`, applying the service's overrides
    /// (`--public-url`). Errors are rendered with positions and carets.
    func compileRules(_ source: String, business: String) -> Result<RuleSet, ServiceError> {
        let file = SourceFile(name: "\(business).rules", text: source)
        let compilation = RuleCompiler.compile(file)
        guard var rules = compilation.ruleSet else {
            let errors = compilation.diagnostics.filter { $0.severity == .error }
            return .failure(.rules(business: business, message: DiagnosticRenderer().render(errors, in: file)))
        }
        if let publicURL = configuration.publicURL { rules.establishment.publicURL = publicURL }
        if let poll = configuration.pollInterval { rules.pollInterval = poll }
        return .success(rules)
    }

    /// Loads (or creates) the runtime of `business` whose current rule file is `rules`/`source`.
    func load(business: String, rules: RuleSet, source: String, digest: String) throws(ServiceError) {
        let runtime = try recover(business: business, fallback: (rules, source, digest))
        runtimes.withLock { $0[business] = runtime }
        if runtime.state.withLock({ $0.ruleDigest }) != digest {
            try applyRules(rules, source: source, digest: digest, to: business)
        } else {
            // Register the business for the CLI even when nothing changed.
            var batch = StoreBatch()
            batch.businesses = [Self.businessRow(business, rules: rules, digest: digest, now: clock.now())]
            do { try store.commit(batch) } catch { throw .storage(error) }
        }
    }

    /// The engine of `business` rebuilt from the store; a fresh one under `fallback` when the
    /// store knows nothing of it.
    func recover(business: String, fallback: (rules: RuleSet, source: String, digest: String)) throws(ServiceError) -> BusinessRuntime {
        let snapshot: EngineSnapshotRow?
        do { snapshot = try store.latestSnapshot(business: business) } catch { throw .storage(error) }
        guard let snapshot else {
            let engine: WaitlistEngine
            do { engine = try WaitlistEngine(rules: fallback.rules) } catch {
                throw .rules(business: business, message: error.description)
            }
            let now = clock.now()
            var batch = StoreBatch()
            batch.ruleSource = RuleSourceRow(digest: fallback.digest, business: business, source: fallback.source, loadedAt: now)
            batch.ruleVersion = RuleVersionInsert(business: business, digest: fallback.digest, author: RuleVersionInsert.fileAuthor,
                                                  savedAt: now, source: fallback.source)
            batch.snapshot = EngineSnapshotRow(business: business, sequence: 0, at: now, ruleDigest: fallback.digest,
                                               state: StoredJSON.encode(engine.state))
            batch.businesses = [Self.businessRow(business, rules: fallback.rules, digest: fallback.digest, now: now)]
            do { try store.commit(batch) } catch { throw .storage(error) }
            return BusinessRuntime(id: business, state: BusinessState(engine: engine, ruleDigest: fallback.digest,
                                                                      sequence: 0, eventsSinceSnapshot: 0))
        }
        var rules = try storedRules(digest: snapshot.ruleDigest, business: business)
        guard let state = StoredJSON.decode(EngineState.self, snapshot.state) else {
            throw .storage(.corrupt("snapshot \(snapshot.sequence) of \(business)"))
        }
        var engine: WaitlistEngine
        do { engine = try WaitlistEngine(rules: rules, state: state) } catch {
            throw .rules(business: business, message: error.description)
        }
        var digest = snapshot.ruleDigest
        var sequence = snapshot.sequence
        let events: [LoggedEventRow]
        do { events = try store.events(business: business, after: snapshot.sequence) } catch { throw .storage(error) }
        for row in events {
            let event: LoggedEvent
            do { event = try LoggedEvent.decode(row.payload) } catch { throw .storage(error) }
            if case .rules(let next) = event {
                rules = try storedRules(digest: next, business: business)
                digest = next
            }
            _ = engine.apply(event, rules: rules, at: row.at)
            sequence = row.sequence
        }
        var recovered = BusinessState(engine: engine, ruleDigest: digest, sequence: sequence,
                                      eventsSinceSnapshot: events.count)
        do {
            let sync = try store.calendarSync(business: business)
            recovered.calendarCursor = sync?.cursor
            recovered.calendarState = sync?.state
            recovered.calendarError = sync?.lastError
        } catch { throw .storage(error) }
        telemetry.log(.info, "business recovered", ["business": .string(business), "replayed": .int(events.count),
                                                    "entries": .int(engine.state.entries.count)])
        return BusinessRuntime(id: business, state: recovered)
    }

    func storedRules(digest: String, business: String) throws(ServiceError) -> RuleSet {
        let source: String?
        do { source = try store.ruleSource(digest: digest) } catch { throw .storage(error) }
        guard let source else { throw .storage(.corrupt("rule file version \(digest.prefix(12)) of \(business) is missing")) }
        switch compileRules(source, business: business) {
        case .success(let rules): return rules
        case .failure(let error): throw error
        }
    }

    /// Rebuilds a business from the store after a failed commit.
    func reloadIfPoisoned(_ runtime: BusinessRuntime) throws(ServiceError) {
        guard runtime.poisoned.load(ordering: .acquiring) else { return }
        let rules = runtime.state.withLock { $0.engine.rules }
        let fresh = try recover(business: runtime.id, fallback: (rules, "", ""))
        let state = fresh.state.withLock { $0 }
        runtime.state.withLock {
            $0 = state
            runtime.poisoned.store(false, ordering: .releasing)
        }
    }
}
