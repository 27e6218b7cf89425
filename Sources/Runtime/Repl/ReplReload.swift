/// `reload [FILE]`: try a new version of the rule file on the live session. It is checked
/// first (a file with errors is reported and the rules in force stay), then the admin sees
/// which settings differ and whose place in line changes, and the engine gets
/// `rulesReloaded`, as the service would on a deploy.
import RuleLang

extension ReplSession {
    /// `reload [FILE]`.
    mutating func reload(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let path = arguments.nextIfPresent() ?? rulesPath
        try arguments.finish()
        let file = try readFile(path).get()
        let compilation = RuleCompiler.compile(file)
        let renderer = DiagnosticRenderer()
        guard let newRules = compilation.ruleSet, !compilation.hasErrors else {
            let errors = compilation.diagnostics.filter { $0.severity == .error }
            return "reload: \(path) does not pass check (\(DiagnosticRenderer.summary(of: errors) ?? "errors")); "
                + "the rules in force stay (\(rulesPath))\n\n" + renderer.render(errors, in: file)
        }
        let probe: WaitlistEngine
        let newSlots: SlotCalendar
        do {
            probe = try WaitlistEngine(rules: newRules, state: driver.engine.state)
            newSlots = try SlotCalendar(rules: newRules)
        } catch let error as EngineError {
            return "reload: \(path) cannot run: \(error.description); the rules in force stay (\(rulesPath))\n"
        } catch {
            return "reload: \(path) cannot run: \(error); the rules in force stay (\(rulesPath))\n"
        }
        var lines = ["reload: \(path)"]
        let warnings = compilation.diagnostics.filter { $0.severity == .warning }
        if !warnings.isEmpty { lines.append(renderer.render(warnings, in: file).trimmingNewlines) }
        let settings = RuleSettingsDiff.changes(from: rulesSyntax, to: compilation.syntax)
        lines.append(settings.isEmpty ? "settings: no change" : "settings changed:")
        lines += settings.map { "  " + $0 }
        let queues = queueChanges(old: driver.engine, new: probe)
        lines.append(queues.isEmpty ? "queue order: no change" : "queue order changes:")
        lines += queues.map { "  " + $0 }
        let at = now
        let output = try perform("admin") { driver in
            driver.handle(.rulesReloaded(newRules), at: at)
            driver = Driver(engine: driver.engine, slots: newSlots, calendar: driver.calendar, random: driver.random,
                            file: driver.file, records: driver.records)
        }
        rules = newRules
        rulesSyntax = compilation.syntax
        rulesPath = path
        zone = newSlots.zone
        return lines.joined(separator: "\n") + "\n" + output
    }

    /// `20:30 dinner: 2, 4 → 4, 2` for every slot someone waits for whose line differs.
    func queueChanges(old: WaitlistEngine, new: WaitlistEngine) -> [String] {
        let waiting = old.state.entries.filter { $0.status == .waiting }
        let starts = Set(waiting.flatMap { $0.form?.slots ?? [] }.filter { $0 > now }).sorted()
        var lines: [String] = []
        for start in starts {
            let oldSlots = old.replSlots.slots(from: start, to: start + .seconds(1))
            let newSlots = new.replSlots.slots(from: start, to: start + .seconds(1))
            let keys = Set(oldSlots.map(\.key)).union(newSlots.map(\.key)).sorted()
            for key in keys {
                let before = oldSlots.first { $0.key == key }.map { old.replQueue(for: $0, at: now).places.map(\.entryID) }
                let after = newSlots.first { $0.key == key }.map { new.replQueue(for: $0, at: now).places.map(\.entryID) }
                guard before != after else { continue }
                func text(_ ids: [Int]?) -> String {
                    guard let ids else { return "(no such slot)" }
                    return ids.isEmpty ? "nobody" : ids.map { "entry \($0)" }.joined(separator: ", ")
                }
                let name = key.resource.isEmpty ? key.service : "\(key.service)/\(key.resource)"
                lines.append("\(clock(start)) \(name): \(text(before)) → \(text(after))")
            }
        }
        return lines
    }
}

fileprivate extension String {
    var trimmingNewlines: String { String(reversed().drop { $0 == "\n" }.reversed()) }
}
