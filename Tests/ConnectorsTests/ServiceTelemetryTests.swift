/// What the service tells serve.log about the engine's decisions: freed slots and offers
/// deferred by quiet hours at info, once per journal line, and nothing for other lines.
import Foundation
import Runtime
import Synchronization
import Testing
@testable import Connectors

@Suite("Service telemetry")
struct ServiceTelemetryTests {
    @Test("freed slots and offers deferred by quiet hours are info lines naming the establishment")
    func journalLinesReachTheLog() {
        let lines = LogLines()
        let telemetry = ServiceTelemetry(logger: JSONLineLogger(minimumLevel: .info) { line in lines.lines.withLock { $0.append(line) } })
        let at = Instant(seconds: 1_899_716_400)
        telemetry.observe([
            .history(entryID: nil, line: HistoryLine(at: at, from: nil, to: nil, reason: "slot jeudi 14 mars 19:30 dinner freed: 0 → 1 free",
                                                     code: .slotFreed(slot: at, service: "dinner", freeBefore: 0, freeAfter: 1))),
            .history(entryID: nil, line: HistoryLine(at: at, from: nil, to: nil, reason: "quiet hours: offers wait until vendredi 15 mars 09:00",
                                                     code: .quietHours(until: at))),
            .history(entryID: nil, line: HistoryLine(at: at, from: nil, to: nil, reason: "new rules", code: .rulesReloaded)),
        ], business: "bistrot")
        let logged = lines.lines.withLock { $0 }
        #expect(logged.count == 2, "\(logged)")
        #expect(logged.first?.contains("\"level\":\"info\"") == true)
        #expect(logged.first?.contains("\"msg\":\"slot freed\"") == true && logged.first?.contains("\"business\":\"bistrot\"") == true)
        #expect(logged.last?.contains("\"msg\":\"offers deferred by quiet hours\"") == true)
        #expect(logged.last?.contains("offers wait until vendredi 15 mars 09:00") == true)
    }
}
