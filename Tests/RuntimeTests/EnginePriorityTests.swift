/// Manual reordering through the engine: `.priorityChanged` moves `entry.priority` within its
/// bounds, a rule file's boost turns that into a place in line, closed or unknown entries are
/// refused with a note, and a tape `priority` line replays it.
import Foundation
import Testing
import RuleLang
@testable import Runtime

@Suite struct EnginePriorityTests {
    typealias F = EngineFixture

    /// The test service with the shipped `boost manual` block (10 minutes per point).
    static let manualBoost = """
        priority {
          order = entry.joined_at
          boost manual {
            when = entry.priority != 0
            by = duration('10m') * entry.priority
          }
        }
        """

    /// Two entries for 19:30 (entry 1 joined first), the slot still full.
    static func twoWaiting(rules: RuleSet) throws -> WaitlistEngine {
        var engine = try WaitlistEngine(rules: rules)
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 5))
        return engine
    }

    func queue(_ engine: WaitlistEngine) throws -> [Int] {
        let slot = try #require(engine.slotCalendar.slot(startingAt: F.at(19, 30)))
        return engine.candidates(for: slot)
    }

    @Test func movingUpChangesTheOrderTheRulesGive() throws {
        var engine = try Self.twoWaiting(rules: F.rules(extra: Self.manualBoost))
        #expect(try queue(engine) == [1, 2])
        let effects = engine.handle(.priorityChanged(entryID: 2, delta: 1, by: "marie@bistrot.fr"), at: F.at(17, 10))
        #expect(engine.state.entry(2)?.manualPriority == 1)
        #expect(try queue(engine) == [2, 1])
        #expect(effects.sms.isEmpty)
        let line = try #require(engine.state.entry(2)?.history.last)
        #expect(line.code == .priorityChanged(by: "marie@bistrot.fr", from: 0, to: 1))
        #expect(line.from == nil && line.to == nil)
        // Down goes back, and below zero puts the entry behind later joiners.
        _ = engine.handle(.priorityChanged(entryID: 2, delta: -1, by: "marie@bistrot.fr"), at: F.at(17, 11))
        _ = engine.handle(.priorityChanged(entryID: 1, delta: -1, by: "marie@bistrot.fr"), at: F.at(17, 12))
        #expect(try queue(engine) == [2, 1])
        #expect(engine.state.entry(1)?.manualPriority == -1)
    }

    @Test func theOrderIsUnchangedWhenTheRulesIgnoreIt() throws {
        var engine = try Self.twoWaiting(rules: F.rules())
        #expect(!engine.rules.priority.readsManualPriority)
        _ = engine.handle(.priorityChanged(entryID: 2, delta: 1, by: "marie"), at: F.at(17, 10))
        #expect(engine.state.entry(2)?.manualPriority == 1)
        #expect(try queue(engine) == [1, 2])
    }

    @Test func priorityStaysWithinItsBounds() throws {
        var engine = try Self.twoWaiting(rules: F.rules(extra: Self.manualBoost))
        for minute in 0..<105 {
            _ = engine.handle(.priorityChanged(entryID: 1, delta: 1, by: "marie"), at: F.at(17, 10) + .seconds(Int64(minute)))
        }
        #expect(engine.state.entry(1)?.manualPriority == 100)
        #expect(engine.state.entry(1)?.history.last?.code == .priorityAtBound(by: "marie", value: 100))
        _ = engine.handle(.priorityChanged(entryID: 1, delta: -1_000_000, by: "marie"), at: F.at(17, 20))
        #expect(engine.state.entry(1)?.manualPriority == -100)
    }

    @Test func closedAndUnknownEntriesAreRefusedWithANote() throws {
        var engine = try Self.twoWaiting(rules: F.rules(extra: Self.manualBoost))
        _ = engine.handle(.entryDeleted(entryID: 1, by: "marie"), at: F.at(17, 10))
        let before = engine.state
        _ = engine.handle(.priorityChanged(entryID: 1, delta: 1, by: "marie"), at: F.at(17, 11))
        #expect(engine.state.entry(1)?.manualPriority == 0)
        #expect(engine.state.entry(1)?.history.last?.code == .priorityRefused(by: "marie", status: .removed))
        _ = engine.handle(.priorityChanged(entryID: 99, delta: 1, by: "marie"), at: F.at(17, 12))
        #expect(engine.state.journal.last?.code == .priorityOfUnknownEntry(entryID: 99, by: "marie"))
        #expect(engine.state.entries.map(\.manualPriority) == before.entries.map(\.manualPriority))
    }

    @Test func aTapeLineReplaysIt() throws {
        let zone = F.paris
        let lines = try TapeParser.parse(text: """
            {"at": "2025-01-18T17:10:00+01:00", "event": "priority", "entry": 2, "delta": 1, "by": "marie"}
            """, fileName: "timeline.jsonl", zone: zone)
        #expect(lines.map(\.event) == [.priority(entry: 2, delta: 1, by: "marie")])
        #expect(throws: TapeError.self) {
            try TapeParser.parse(text: #"{"at": "2025-01-18T17:10:00+01:00", "event": "priority", "entry": 2, "by": "marie"}"#,
                                 fileName: "timeline.jsonl", zone: zone)
        }
    }

    @Test func codesSurviveASnapshotAndOldSnapshotsStillDecode() throws {
        var engine = try Self.twoWaiting(rules: F.rules(extra: Self.manualBoost))
        _ = engine.handle(.priorityChanged(entryID: 2, delta: 1, by: "marie"), at: F.at(17, 10))
        let data = try JSONEncoder().encode(engine.state)
        #expect(try JSONDecoder().decode(EngineState.self, from: data) == engine.state)
        let old = #"{"at": {"seconds": 1737216000}, "from": "waiting", "to": "offered", "reason": "offer of ..."}"#
        let line = try JSONDecoder().decode(HistoryLine.self, from: Data(old.utf8))
        #expect(line.code == nil && line.reason == "offer of ...")
    }
}
