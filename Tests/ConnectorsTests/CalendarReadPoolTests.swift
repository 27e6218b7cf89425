/// Calendar reads run on their own bounded pool, one per establishment at a time: a calendar
/// server that never answers holds its own establishment only (issue 14's "calendars never
/// block anyone else", started with issue 13's calendar health).
import Foundation
import Runtime
import Synchronization
import Testing
@testable import Connectors

@Suite("Calendar read pool")
struct CalendarReadPoolTests {
    /// A calendar whose reads wait until the test opens the gate, counting them.
    final class GatedCalendar: CalendarGateway, @unchecked Sendable {
        let gate = DispatchSemaphore(value: 0)
        let reads = Mutex(0)
        var provider: String { "caldav" }
        func read(business: String, from: Instant, state: String?) throws(CalendarError) -> CalendarSnapshot {
            reads.withLock { $0 += 1 }
            gate.wait()
            gate.signal()  // stays open once opened
            return CalendarSnapshot(busy: [], cursor: CalendarSnapshot.cursor(of: []))
        }
        func apply(_ operation: CalendarOperation) -> DeliveryResult { .delivered(reference: nil) }
    }

    @Test("a hung calendar does not hold another establishment's read, nor a second read of its own")
    func hungCalendarHoldsOnlyItsOwn() throws {
        let fixture = try ServiceFixture()
        let other = ServiceFixture.rules.replacingOccurrences(of: "id = \"testbistro\"", with: "id = \"autre\"")
        try other.write(toFile: fixture.folder + "/rules/autre.rules", atomically: true, encoding: .utf8)
        fixture.service.scanRules()
        #expect(fixture.service.businessIDs == ["autre", "testbistro"])
        let hung = GatedCalendar()
        fixture.service.useConnectors(BusinessConnectors(calendar: hung, sms: fixture.sms), settings: ConnectionSettings(sms: .console, calendar: .local), for: "autre")

        // The restaurant books a table; the scheduler's pass starts both reads and waits for neither.
        var batch = StoreBatch()
        batch.calendarChanges = [.upsert(LocalCalendarEvent(business: "testbistro", uid: "t1", start: fixture.at("20:00"),
                                                            end: fixture.at("20:30"), units: 2))]
        try fixture.store.commit(batch)
        fixture.service.readCalendars(force: true, waitingUntil: .now())
        let seen = LiveService.waitFor(10) {
            fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.busy.contains { $0.id == "t1" } } == true
        }
        #expect(seen != nil, "testbistro's change is applied while autre's read hangs")
        #expect(hung.reads.withLock { $0 } == 1)

        // Another pass while autre's read hangs: no second read of autre; the forced read is owed.
        fixture.service.readCalendars(force: true, waitingUntil: .now())
        #expect(hung.reads.withLock { $0 } == 1)
        #expect(fixture.service.pollRequests.withLock { $0.contains("autre") })

        // The server answers: the read ends, and the owed one runs at the next pass.
        hung.gate.signal()
        fixture.service.pollCalendars(force: false)
        #expect(hung.reads.withLock { $0 } == 2)
        #expect(fixture.service.calendarReadsInFlight.withLock { $0.isEmpty })
    }
}
