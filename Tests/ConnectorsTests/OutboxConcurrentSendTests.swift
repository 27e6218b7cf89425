/// One outbox round hands each establishment's SMS to its provider side by side: a provider
/// that takes its time for one establishment does not make the others wait their turn
/// (issue 14: SMS were sent one at a time for the whole service).
import Foundation
import Runtime
import Synchronization
import Testing
@testable import Connectors

@Suite("Outbox: providers side by side")
struct OutboxConcurrentSendTests {
    /// A provider that answers only once every establishment's provider has its SMS in hand:
    /// one at a time, the first would wait for the others for ever (bounded here by 10 s).
    final class MeetingSender: SMSSender, @unchecked Sendable {
        let arrivals: Arrivals
        let met = Mutex(false)
        let inner = RecordingSMSSender()
        init(_ arrivals: Arrivals) { self.arrivals = arrivals }
        func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult { inner.send(message, at: now) }
        func send(all messages: [OutboundSMS], at now: Instant) -> [DeliveryResult] {
            let met = arrivals.arriveAndWait()
            self.met.withLock { $0 = met }
            return messages.map { inner.send($0, at: now) }
        }
    }

    /// Counts the providers holding their SMS; waits (10 s at most) until all of them do.
    final class Arrivals: Sendable {
        let count = Mutex(0)
        let everyone: Int
        init(everyone: Int) { self.everyone = everyone }
        func arriveAndWait() -> Bool {
            count.withLock { $0 += 1 }
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if count.withLock({ $0 }) >= everyone { return true }
                Thread.sleep(forTimeInterval: 0.005)
            }
            return false
        }
    }

    @Test("two establishments' SMS are with their providers at the same time, each in its own order")
    func providersWorkSideBySide() throws {
        let fixture = try ServiceFixture()
        let other = ServiceFixture.rules.replacingOccurrences(of: "id = \"testbistro\"", with: "id = \"autre\"")
        try other.write(toFile: fixture.folder + "/rules/autre.rules", atomically: true, encoding: .utf8)
        fixture.service.scanRules()
        let arrivals = Arrivals(everyone: 2)
        let senders = ["testbistro": MeetingSender(arrivals), "autre": MeetingSender(arrivals)]
        for (business, sender) in senders {
            fixture.service.useConnectors(BusinessConnectors(calendar: LocalCalendar(store: fixture.store), sms: sender),
                                          settings: ConnectionSettings(sms: .console, calendar: .local), for: business)
        }
        // Both evenings full, two callers each: four invitations queued.
        var batch = StoreBatch()
        for business in ["testbistro", "autre"] {
            for table in 0..<2 {
                batch.calendarChanges.append(.upsert(LocalCalendarEvent(business: business, uid: "t\(table)", start: fixture.at("19:30"),
                                                                        end: fixture.at("20:00"))))
            }
        }
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        for business in ["testbistro", "autre"] {
            for phone in ["06 12 34 56 01", "06 12 34 56 02"] {
                let body = ServiceFixture.triggerBody(phone: phone).replacingOccurrences(of: "testbistro", with: business)
                #expect(fixture.service.handleTrigger(ServiceFixture.trigger(body)).status == 201)
            }
        }
        #expect(fixture.service.dispatchOutbox() == 4)
        for (business, sender) in senders {
            #expect(sender.met.withLock { $0 }, "\(business)'s provider waited alone")
            #expect(sender.inner.messages.map(\.to) == ["+33612345601", "+33612345602"], "\(business): in queue order")
        }
    }
}
