/// The engine's GDPR erasure: `anonymise` blanks the personal data of closed entries, refuses
/// open ones unless asked to close them, forgets phones from the STOP list and the journal
/// (keeping the digest it is given), and leaves the anonymous trace the statistics need.
import Foundation
import Testing
@testable import Runtime

private typealias F = EngineFixture

@Suite("Engine anonymise")
struct EnginePrivacyTests {
    @Test("a closed entry loses phone, names and email; its statuses, slots and party size stay")
    func anonymisesClosedEntry() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(20))]), at: F.at(17))
        let id = engine.join("+33600000001", token: "a", slots: [F.at(20)], party: 3, lastName: "Perrin", at: F.at(17))
        _ = engine.handle(.entryDeleted(entryID: id, by: "admin@bistro.fr"), at: F.at(17, 5))
        let before = try #require(engine.state.entry(id))
        let effects = engine.handle(.anonymise(entryIDs: [id], by: "conservation 30 j"), at: F.at(18))
        let after = try #require(engine.state.entry(id))
        #expect(after.phone == "" && after.form?.firstName == "" && after.form?.lastName == "" && after.form?.email == "")
        #expect(after.anonymisedAt == F.at(18))
        #expect(after.status == before.status && after.form?.partySize == 3 && after.form?.slots == [F.at(20)])
        #expect(after.history.dropLast().map(\.to) == before.history.map(\.to))
        #expect(engine.state.journal.last?.reason == "1 entry anonymised (conservation 30 j)")
        #expect(engine.state.journal.last?.code == .entriesAnonymised(count: 1, by: "conservation 30 j"))
        #expect(effects.contains { if case .history(id, _) = $0 { return true } else { return false } })
        // A second anonymise of the same entry changes nothing.
        let again = engine.handle(.anonymise(entryIDs: [id], by: "x"), at: F.at(18, 1))
        #expect(again.isEmpty)
    }

    @Test("an open entry is refused for the purge, closed then erased on the customer's request")
    func openEntries() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(20))]), at: F.at(17))
        let id = engine.join("+33600000001", token: "a", slots: [F.at(20)], at: F.at(17))
        #expect(engine.status(id) == .waiting)
        _ = engine.handle(.anonymise(entryIDs: [id], by: "conservation 30 j"), at: F.at(17, 1))
        #expect(engine.state.entry(id)?.phone == "+33600000001")
        #expect(engine.state.entry(id)?.history.last?.reason.contains("refused: the entry is still waiting") == true)
        _ = engine.handle(.anonymise(entryIDs: [id], by: "demande du client", closeOpen: true), at: F.at(17, 2))
        #expect(engine.status(id) == .removed)
        #expect(engine.state.entry(id)?.phone == "")
        // The index forgot the phone: a new call from it makes a fresh entry.
        _ = engine.handle(.trigger(phone: "+33600000001", requestedStart: F.at(20), source: "phone", token: "b"), at: F.at(17, 3))
        #expect(engine.state.entries.count == 2)
    }

    @Test("STOP phones leave the clear list and the journal; their digest is kept")
    func stopListKeepsDigest() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(20))]), at: F.at(17))
        let id = engine.join("+33600000001", token: "a", slots: [F.at(20)], at: F.at(17))
        _ = engine.handle(.stop(phone: "+33600000001"), at: F.at(17, 1))
        _ = engine.handle(.stop(phone: "+33600000001"), at: F.at(17, 2)) // a journal line with the phone
        #expect(engine.state.journal.contains { $0.reason.contains("+33600000001") })
        _ = engine.handle(.anonymise(entryIDs: [id], by: "demande", stopDigests: ["d1g3st"]), at: F.at(18))
        #expect(engine.state.optedOut.isEmpty)
        #expect(engine.isErasedOptOut(digest: "d1g3st"))
        #expect(!engine.state.journal.contains { $0.reason.contains("+33600000001") })
        #expect(!engine.state.journal.contains { $0.code == .stopWithoutEntry(phone: "+33600000001") },
                "the structured code must not keep the number either")
        #expect(engine.state.journal.contains { $0.code == .stopWithoutEntry(phone: WaitlistEngine.erasedText) })
        #expect(engine.state.journal.contains { $0.reason.contains(WaitlistEngine.erasedText) })
    }

    @Test("a phone with another live entry stays on the STOP list")
    func phoneStillCarried() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(20)), F.booking("b2", F.at(21))]), at: F.at(17))
        let first = engine.join("+33600000001", token: "a", slots: [F.at(20)], at: F.at(17))
        _ = engine.handle(.entryDeleted(entryID: first, by: "admin"), at: F.at(17, 1))
        engine.join("+33600000001", token: "b", slots: [F.at(21)], at: F.at(17, 2))
        _ = engine.handle(.stop(phone: "+33600000001"), at: F.at(17, 3))
        _ = engine.handle(.anonymise(entryIDs: [first], by: "conservation 30 j"), at: F.at(18))
        #expect(engine.state.optedOut == ["+33600000001"])
        #expect(engine.state.entry(first)?.phone == "")
    }

    @Test("a state with erased entries survives a Codable round trip and a restart from it")
    func snapshotRoundTrip() throws {
        var engine = try WaitlistEngine(rules: F.rules())
        _ = engine.handle(.calendarChanged(busy: [F.booking("b1", F.at(20))]), at: F.at(17))
        let id = engine.join("+33600000001", token: "a", slots: [F.at(20)], at: F.at(17))
        _ = engine.handle(.anonymise(entryIDs: [id], by: "demande", closeOpen: true, stopDigests: ["d"]), at: F.at(18))
        let data = try JSONEncoder().encode(engine.state)
        let decoded = try JSONDecoder().decode(EngineState.self, from: data)
        #expect(decoded == engine.state)
        var restarted = try WaitlistEngine(rules: F.rules(), state: decoded)
        var live = engine
        #expect(restarted.advance(to: F.at(23)) == live.advance(to: F.at(23)))
        #expect(restarted.state == live.state)
    }
}
