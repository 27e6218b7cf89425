import RuleLang
import Testing
@testable import Runtime

/// `reload`: the settings that differ, the queues whose order changes, and a broken file
/// that leaves the rules in force.
@Suite struct ReplReloadTests {
    @Test func reloadShowsSettingAndQueueChangesThenApplies() throws {
        var session = try ReplQueueTests.fullSlotWithTwoWaiting()
        let reload = session.execute("reload v2.rules")
        #expect(reload.hasPrefix("""
            reload: v2.rules
            settings changed:
              priority.boost big_tables.when: entry.party_size >= 4 → (default)
              priority.boost big_tables.by: 1h → (default)
            queue order changes:
              19:30 dinner: entry 2, entry 1 → entry 1, entry 2
            """))
        #expect(reload.contains("journal: rules reloaded"))
        #expect(session.execute("queue 19:30").contains("  1. entry 1 "))
        #expect(session.execute("reload").hasPrefix("reload: v2.rules\nsettings: no change\nqueue order: no change\n"))
    }

    @Test func brokenFileIsReportedAndTheRulesStay() throws {
        var session = try ReplQueueTests.fullSlotWithTwoWaiting()
        let before = session.driver.engine.state
        let reload = session.execute("reload broken.rules")
        #expect(reload.hasPrefix("reload: broken.rules does not pass check (1 error); the rules in force stay (test.rules)"))
        #expect(reload.contains("broken.rules:"))
        #expect(reload.contains("sequentiel"))
        #expect(session.driver.engine.state == before)
        #expect(session.execute("queue 19:30").contains("big_tables"))
    }

    @Test func unreadableFileIsAnError() throws {
        var session = try ReplFixture.session()
        #expect(session.execute("reload missing.rules") == "error: missing.rules: no such file\n")
    }

    @Test func settingsDiffReadsValuesAsWritten() {
        let old = RuleCompiler.compile(SourceFile(name: "a", text: "offers {\n  timeout = 15m\n  hold = false\n}\n")).syntax
        let new = RuleCompiler.compile(SourceFile(name: "b", text: "offers {\n  timeout   =   10m\n  stop_before = 5m\n}\n")).syntax
        #expect(RuleSettingsDiff.changes(from: old, to: new) == [
            "offers.timeout: 15m → 10m",
            "offers.stop_before: (default) → 5m",
            "offers.hold: false → (default)",
        ])
    }
}
