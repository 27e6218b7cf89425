/// Regression test from the crash campaign (issue 7): an SMS whose send is under way when the
/// process is killed must be due again the moment the service restarts, with the attempt
/// counted, not held back by a lease (a 120 s lease delayed offer SMS by two minutes of their
/// five-minute window after a `kill -9`).
import Foundation
import Runtime
import Synchronization
import Testing
@testable import Connectors

/// An SMS provider that looks at the outbox while a send is under way: what a restarted
/// process would find if this one died right now.
final class MidSendInspector: SMSSender {
    let store: SQLiteStore
    /// Per send: (attempts recorded, row due at the send's instant).
    let seen = Mutex<[(attempts: Int, due: Bool)]>([])

    init(store: SQLiteStore) { self.store = store }

    func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult {
        let rows = (try? store.outbox(business: message.business, entryID: message.entryID ?? -1)) ?? []
        let row = rows.first { $0.id == message.outboxID }
        let due = ((try? store.dueOutbox(now: now, limit: 64)) ?? []).contains { $0.id == message.outboxID }
        seen.withLock { $0.append((attempts: row?.attempts ?? -1, due: due)) }
        return .delivered(reference: "inspected-\(message.outboxID)")
    }
}

@Suite("Outbox after a crash")
struct OutboxCrashRecoveryTests {
    @Test("an SMS in flight is recorded as attempted and stays due, so a restart resends it at once")
    func inFlightSMSStaysDue() throws {
        var fixture = try ServiceFixture()
        let inspector = MidSendInspector(store: fixture.store)
        var configuration = ServiceConfiguration(rulesDirectory: fixture.folder + "/rules", dataDirectory: fixture.folder,
                                                 publicURL: nil, apiKey: "test-key")
        configuration.apiRequestsPerSecond = 0
        fixture.service = WaitlistService(configuration: configuration, store: fixture.store, clock: fixture.clock,
                                          calendar: LocalCalendar(store: fixture.store), sms: inspector, telemetry: ServiceTelemetry())
        fixture.service.scanRules()
        try fixture.fillEvening()
        #expect(fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody())).status == 201)
        #expect(fixture.service.dispatchOutbox() == 1)
        let seen = inspector.seen.withLock { $0 }
        #expect(seen.count == 1)
        #expect(seen.first?.attempts == 1, "the attempt is recorded before the provider is called: \(seen)")
        #expect(seen.first?.due == true, "a process killed now must find the SMS due on restart: \(seen)")
        #expect(try fixture.store.outboxCounts()[.sent] == 1)
    }
}
