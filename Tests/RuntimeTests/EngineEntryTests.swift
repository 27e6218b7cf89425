/// Example tests of the entry life cycle outside offers: links, duplicates, STOP,
/// deletion, manual offers, unknown replies and rule reloads.
import Testing
import RuleLang
@testable import Runtime

@Suite struct EngineEntryTests {
    typealias F = EngineFixture

    @Test func expiredLinkRefusesTheForm() throws {
        var engine = try WaitlistEngine(rules: F.rules(extra: "link {\n  lifetime = 1h\n}"))
        _ = engine.handle(.trigger(phone: "+33600000001", requestedStart: F.at(19, 30), source: "phone", token: "a"), at: F.at(16))
        let fired = engine.advance(to: F.at(17))
        #expect(fired.contains { if case .history(1, let line) = $0 { return line.to == .expired } else { return false } })
        let form = engine.handle(.formSubmitted(token: "a", firstName: "A", lastName: "B", email: "", partySize: 2,
                                                slots: [F.at(19, 30)]), at: F.at(17, 5))
        #expect(engine.status(1) == .expired)
        #expect(form.contains { if case .history(1, let line) = $0 { return line.reason.contains("ignored") || line.reason.contains("expired") } else { return false } })
    }

    @Test func duplicateTriggerSendsNothing() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.trigger(phone: "+33600000001", requestedStart: F.at(19, 30), source: "phone", token: "a"), at: F.at(16))
        let again = engine.handle(.trigger(phone: "+33600000001", requestedStart: F.at(19, 30), source: "phone", token: "z"), at: F.at(16, 1))
        #expect(again.sms.isEmpty)
        #expect(engine.state.entries.count == 1)
        #expect(engine.state.entry(1)!.history.last!.reason.contains("duplicate trigger"))
    }

    @Test func stopClosesAndSilences() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        let stop = engine.handle(.stop(phone: "+33600000001"), at: F.at(18, 1))
        #expect(stop.sms.isEmpty)
        #expect(engine.status(1) == .removed)
        #expect(stop.contains(.cancelTimer(id: .offerExpiry("a.1"))))
        let again = engine.handle(.trigger(phone: "+33600000001", requestedStart: F.at(20), source: "phone", token: "b"), at: F.at(18, 2))
        #expect(again.sms.isEmpty)
        #expect(engine.state.journal.last!.reason.contains("STOP"))
    }

    @Test func deletionPassesTheOfferOn() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        engine.join("+33600000002", token: "b", slots: [F.at(19, 30)], at: F.at(17, 1))
        _ = engine.handle(.calendarChanged(busy: []), at: F.at(18))
        let deleted = engine.handle(.entryDeleted(entryID: 1, by: "manager"), at: F.at(18, 1))
        #expect(deleted.offeredEntries == [2])
        #expect(engine.state.entry(1)!.history.last!.reason == "deleted by manager")
    }

    @Test func manualNotifyRespectsCapacity() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30)), F.booking("b2", F.at(20))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        let full = engine.handle(.manualNotify(entryID: 1, slotStart: F.at(20), by: "manager"), at: F.at(17, 5))
        #expect(full.offeredEntries.isEmpty)
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(17, 10))
        let sent = engine.handle(.manualNotify(entryID: 1, slotStart: F.at(20), by: "manager"), at: F.at(17, 11))
        #expect(sent.offeredEntries == [1])
    }

    @Test func unknownRepliesAreJournaled() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        let effects = engine.handle(.reply(offerToken: "nope", accept: true), at: F.at(17))
        #expect(effects.sms.isEmpty)
        #expect(engine.state.journal.count == 1)
        let timer = engine.handle(.timerFired(.quietHoursEnd), at: F.at(17))
        #expect(timer.count == 1)
    }

    @Test func allSlotsPassedExpiresWaitingEntries() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(19, 30))]), at: F.at(16))
        engine.join("+33600000001", token: "a", slots: [F.at(19, 30)], at: F.at(17))
        _ = engine.advance(to: F.at(23))
        #expect(engine.status(1) == .expired)
        #expect(engine.nextTimerDue == nil)
    }

    @Test func rulesReloadRefusesUnusableRules() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        var broken = F.rules()
        broken.establishment.timeZone = "Mars/Olympus"
        _ = engine.handle(.rulesReloaded(broken), at: F.at(17))
        #expect(engine.rules.establishment.timeZone == "Europe/Paris")
        #expect(engine.state.journal.last!.reason.contains("refused"))
    }

    @Test func frenchFormatting() {
        #expect(FrenchFormat.date(CivilDateTime(year: 2025, month: 2, day: 1)) == "samedi 1er février")
        #expect(FrenchFormat.time(CivilDateTime(year: 2025, month: 1, day: 18, hour: 19, minute: 30)) == "19h30")
        #expect(FrenchFormat.time(CivilDateTime(year: 2025, month: 1, day: 18, hour: 20)) == "20h")
        #expect(FrenchFormat.delay(seconds: 900) == "15 minutes")
        #expect(FrenchFormat.delay(seconds: 5400) == "1h30")
    }
}

/// A caller may name the service asked for; services can share start times (a salon's
/// coupe and brushing), so the start alone does not say which one was meant.
@Suite struct EngineTriggerServiceTests {
    @Test func namedServiceIsKeptAndUnknownFallsBackToTheSlotsService() throws {
        let text = """
        establishment {
          timezone = "Europe/Paris"
        }
        slots {
          service dinner {
            hours = 19:00-23:00
          }
          service bar {
            hours = 19:00-23:00
          }
          resource a {
          }
        }
        """
        let rules = try #require(RuleCompiler.compile(SourceFile(name: "two.rules", text: text)).ruleSet)
        var engine = try WaitlistEngine(rules: rules)
        let requested = EngineFixture.at(19, 30)
        _ = engine.handle(.trigger(phone: "+33600000001", requestedStart: requested, source: "phone", token: "a", service: "dinner"), at: EngineFixture.at(12))
        _ = engine.handle(.trigger(phone: "+33600000002", requestedStart: requested, source: "phone", token: "b", service: "brunch"), at: EngineFixture.at(12))
        _ = engine.handle(.trigger(phone: "+33600000003", requestedStart: requested, source: "phone", token: "c"), at: EngineFixture.at(12))
        _ = engine.handle(.trigger(phone: "+33600000004", requestedStart: requested, source: "phone", token: "d", service: "bar"), at: EngineFixture.at(12))
        // Without a known service, the first slot at that time in slot order (by service label) decides.
        #expect(engine.state.entries.map(\.service) == ["dinner", "bar", "bar", "bar"])
    }
}
