/// Periodic snapshots are encoded on the snapshot queue, off the business's lock: they must
/// still land, rebuild the same engine on restart, and never bring back data an erasure
/// removed while they were being encoded.
import Dispatch
import Foundation
import Testing
@testable import Connectors

@Suite struct BackgroundSnapshotTests {
    static func snapshots(_ fixture: ServiceFixture) throws -> Int {
        try PrivacyTests.count(fixture, "SELECT COUNT(*) FROM snapshots WHERE business = 'testbistro'")
    }

    @Test("periodic snapshots land from the queue and a restart rebuilds the same engine from them")
    func periodicSnapshotsLand() throws {
        let fixture = try ServiceFixture(snapshotEvery: 1)
        try fixture.fillEvening() // a trigger for a slot with room is refused
        let initial = try Self.snapshots(fixture)
        for index in 0..<6 {
            try PrivacyTests.join(fixture, phone: "06 12 34 56 \(String(format: "%02d", index))")
        }
        fixture.service.snapshotQueue.sync {}
        #expect(try Self.snapshots(fixture) > initial)
        let before = fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state }
        let reopened = try ServiceFixture(folder: fixture.folder, clock: fixture.clock)
        #expect(reopened.service.runtime("testbistro")!.state.withLock { $0.engine.state } == before)
        reopened.store.close()
        fixture.store.close()
    }

    @Test("a snapshot captured before an erasure and written after it is dropped: the erased customer stays erased")
    func erasureWinsOverAnOlderSnapshot() throws {
        let fixture = try ServiceFixture(snapshotEvery: 1)
        try fixture.fillEvening()
        try PrivacyTests.join(fixture, phone: "06 12 34 56 78")
        // Hold the queue so the next periodic snapshot (which holds Camille) waits behind it.
        let gate = DispatchSemaphore(value: 0)
        fixture.service.snapshotQueue.async { gate.wait() }
        try PrivacyTests.join(fixture, phone: "06 99 88 77 66", first: "Jules", last: "Martin", email: "jules@example.fr")
        _ = try #require(try fixture.service.privacyErase(phone: "0612345678", businesses: ["testbistro"], by: "admin@bistro.fr"))
        gate.signal()
        fixture.service.snapshotQueue.sync {}
        #expect(try PrivacyTests.leaks(fixture.store.path, PrivacyTests.secrets) == [])
        #expect(try PrivacyTests.leaks(fixture.store.path, ["Jules"]).count > 0)
        fixture.store.close()
    }
}
