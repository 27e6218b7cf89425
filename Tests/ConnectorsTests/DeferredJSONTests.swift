/// The entry projection's JSON is encoded after the business's lock is released: the stored
/// text must still be the entry as it was when the event ran, and be encoded once.
import Foundation
import Synchronization
import Testing
@testable import Connectors

@Suite struct DeferredJSONTests {
    @Test("entries.json holds the entry as the event left it")
    func storedTextIsTheEntryAtTheEvent() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let id = try PrivacyTests.join(fixture, phone: "06 12 34 56 78")
        var entry = try #require(fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.entry(id) })
        entry.token = ""
        let stored = try #require(try fixture.store.entries(business: "testbistro", limit: 10).first { $0.id == id })
        #expect(stored.json == StoredJSON.encodeEntry(entry))
        #expect(stored.json.contains("Camille"))
        fixture.store.close()
    }

    @Test func encodesOnceWhoeverAsksFirst() {
        let calls = Atomic<Int>(0)
        let deferred = DeferredJSON {
            calls.add(1, ordering: .relaxed)
            return "{\"a\":1}"
        }
        DispatchQueue.concurrentPerform(iterations: 8) { _ in #expect(deferred.text == "{\"a\":1}") }
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(JSONText.Value.deferred(deferred) == .written("{\"a\":1}"))
    }
}
