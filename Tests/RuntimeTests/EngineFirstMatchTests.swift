/// The fast single match (`firstCandidate`, `rankedPrefix` over the priority-ordered index)
/// against the full ranking (`candidates(for:)`: `match` and priority for every candidate,
/// then a sort), after every event of seeded random waitlists, under every shipped rule
/// file and variants whose priority reads visits, the manual priority, text or offer
/// counts, or the slot (the full-ranking fallback). Also: the live priority order equals
/// one rebuilt from the state, so no entry is ever left under a stale key.
import Foundation
import Testing
import RuleLang
@testable import Runtime

@Suite struct EngineFirstMatchTests {
    typealias F = EngineFixture

    /// The repository's root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every rule file shipped under `rules/` and `examples/`, as paths relative to the root.
    static let shippedRuleFiles: [String] = {
        var found: [String] = []
        for folder in ["rules", "examples"] {
            let base = root.appendingPathComponent(folder)
            let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil)
            while let url = walker?.nextObject() as? URL {
                if url.pathExtension == "rules" { found.append(folder + "/" + url.path.dropFirst(base.path.count + 1)) }
            }
        }
        return found.sorted()
    }()

    /// Priority and match variants on the test restaurant, each a different path.
    static let variants: [String: String] = [
        "visits and manual boosts": """
            matching {
              match = slot.start in entry.slots && entry.party_size <= slot.free
            }
            priority {
              order = entry.joined_at
              boost regulars {
                when = entry.visits >= 1
                by = 2h
              }
              boost manual {
                when = entry.priority != 0
                by = duration('10m') * entry.priority
              }
            }
            """,
        "text key, by day": """
            matching {
              match = entry.slots.exists(s, s >= slot.start - duration('30m') && s <= slot.start + duration('30m'))
            }
            priority {
              order = entry.last_name
            }
            """,
        "offer count key": """
            priority {
              order = entry.offers * 100 - entry.priority
            }
            """,
        "reads the slot (full ranking)": """
            priority {
              order = slot.start - entry.joined_at
            }
            """,
    ]

    /// The shipped files that compile (the REPL example `broken.rules` is broken on purpose).
    static let compilingRuleFiles = shippedRuleFiles.filter { (try? rules($0)) != nil }

    static let cases: [String] = compilingRuleFiles + variants.keys.sorted()

    /// The rule set of a case: a shipped file, or a variant of the test restaurant.
    static func rules(_ name: String) throws -> RuleSet {
        if let extra = variants[name] {
            return F.rules(capacity: 3, offers: "max_offers_per_entry = 3", extra: extra)
        }
        let text = try String(contentsOf: root.appendingPathComponent(name), encoding: .utf8)
        let compilation = RuleCompiler.compile(SourceFile(name: name, text: text))
        guard let rules = compilation.ruleSet, !compilation.hasErrors else { throw RulesDoNotCompile() }
        return rules
    }

    struct RulesDoNotCompile: Error {}

    @Test func everyShippedRuleFileButTheBrokenExampleIsCovered() {
        #expect(Self.compilingRuleFiles.count >= 6, "\(Self.compilingRuleFiles)")
        #expect(Set(Self.shippedRuleFiles).subtracting(Self.compilingRuleFiles) == ["examples/repl/broken.rules"])
    }

    @Test(arguments: cases, 0..<4)
    func firstMatchIsTheFullRankingsFirst(rulesName: String, seed: Int) throws {
        let rules = try Self.rules(rulesName)
        var random = SeededGenerator(seed: UInt64(seed) &* 7919)
        var engine = try WaitlistEngine(rules: rules)
        var now = F.at(9, dayOffset: -1)
        var slots: [SlotInfo] = []
        for day in 0..<4 where slots.count < 24 {
            let epochDay = engine.programs.zone.local(F.at(12, dayOffset: day)).epochDay
            slots += engine.programs.calendar.slots(onEpochDay: epochDay).prefix(24 - slots.count)
        }
        try #require(!slots.isEmpty, "\(rulesName) has no slots")
        var busy = slots.enumerated().map { BusyInterval(id: "ext-\($0.offset)", start: $0.element.start, end: $0.element.end,
                                                         resource: $0.element.key.resource, units: $0.element.capacity) }
        _ = engine.handle(.calendarChanged(busy: busy), at: now)
        var failures: [String] = []
        var rankedSlots = 0
        for step in 0..<90 {
            now = now + .seconds(Int64(Int.random(in: 0...1200, using: &random)))
            _ = engine.advance(to: now)
            switch Int.random(in: 0..<100, using: &random) {
            case 0..<35:
                let first = Int.random(in: 0..<slots.count, using: &random)
                let chosen = Array(Set([slots[first].start] + slots.filter { _ in Int.random(in: 0..<5, using: &random) == 0 }.map(\.start)))
                    .sorted()
                engine.join("+336000000\(Int.random(in: 10...15, using: &random))", token: "t\(step)", slots: chosen,
                            party: Int.random(in: 1...3, using: &random), lastName: ["Petit", "Durand", "Bernard"].randomElement(using: &random)!,
                            at: now)
            case 35..<55:
                if !busy.isEmpty { busy.remove(at: Int.random(in: 0..<busy.count, using: &random)) }
                _ = engine.handle(.calendarChanged(busy: busy), at: now)
            case 55..<78:
                if let offer = engine.state.offers.randomElement(using: &random) {
                    _ = engine.handle(.reply(offerToken: offer.token, accept: Int.random(in: 0..<3, using: &random) > 0), at: now)
                }
            case 78..<92:
                if !engine.state.entries.isEmpty {
                    _ = engine.handle(.priorityChanged(entryID: Int.random(in: 1...engine.state.entries.count, using: &random),
                                                       delta: Int.random(in: -3...3, using: &random), by: "staff"), at: now)
                }
            case 92..<96:
                _ = engine.handle(.entryDeleted(entryID: Int.random(in: 1...max(1, engine.state.entries.count), using: &random),
                                                by: "staff"), at: now)
            default:
                _ = engine.handle(.rulesReloaded(rules), at: now)
            }
            failures += Self.disagreements(engine, slots: slots).map { "step \(step): \($0)" }
            rankedSlots += slots.filter { !engine.queue(for: $0).isEmpty }.count
        }
        #expect(failures.isEmpty, "\(rulesName), seed \(seed): \(failures.prefix(5))")
        // The walk must have had lines to compare, not only empty ones.
        #expect(rankedSlots > 100, "\(rulesName), seed \(seed): only \(rankedSlots) non-empty rankings")
    }

    /// Where the fast path and the full ranking differ for the engine as it stands.
    static func disagreements(_ engine: WaitlistEngine, slots: [SlotInfo]) -> [String] {
        var found: [String] = []
        for slot in slots {
            let free = engine.freeCapacity(slot)
            let full = engine.candidates(for: slot)
            let fits = { (id: Int) in (engine.state.entries[id - 1].form?.partySize ?? 1) <= free }
            let first = engine.firstCandidate(for: slot)
            if first != full.first(where: fits) { found.append("\(slot.start): first \(String(describing: first)), ranking \(full)") }
            let walked = engine.rankedPrefix(for: slot, free: free) { _ in false }
            if walked != full { found.append("\(slot.start): walked \(walked), ranking \(full)") }
            // The line as if the slot freed entirely (the dashboard's queue): longer lines to order.
            let walkedQueue = engine.rankedPrefix(for: slot, free: slot.capacity) { _ in false }
            let queue = engine.queue(for: slot)
            if walkedQueue != queue { found.append("\(slot.start): walked queue \(walkedQueue), queue \(queue)") }
        }
        let rebuilt = EngineIndex(state: engine.state, now: engine.now, stopBefore: engine.rules.offers.stopBefore,
                                  zone: engine.programs.zone, programs: engine.programs)
        if engine.index.ranked != rebuilt.ranked { found.append("the priority order differs from a rebuilt one") }
        return found
    }
}
