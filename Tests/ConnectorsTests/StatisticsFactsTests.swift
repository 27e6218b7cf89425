import Foundation
import Testing
import Runtime
@testable import Connectors

/// The statistics page's narrow read (`statisticsFacts`) against the full-row read it replaced
/// (`statisticsRows`), on a real SQLite file: every figure must be the same, through entries
/// outside the period, another establishment's rows, accepted offers with confirmations
/// before and after their sending, SMS not sent or sent outside the period, a payload that is
/// not JSON, and two bodies that are canonically equal but differ in bytes (and segments).
@Suite struct StatisticsFactsTests {
    static let zone = ZoneConverter(identifier: "Europe/Paris")!
    static let from = Instant(seconds: 1_000), to = Instant(seconds: 100_000)

    static func history(_ business: String, _ id: Int, at: Int64, to: String?) -> HistoryRow {
        HistoryRow(business: business, entryID: id, at: Instant(seconds: at), from: nil, to: to, reason: "test")
    }

    static func offer(_ business: String, _ id: Int, _ outcome: String, sentAt: Int64, token: String) -> OfferRow {
        OfferRow(business: business, engineToken: token, entryID: id, slotStart: Instant(seconds: 50_000), service: "dîner",
                 sentAt: Instant(seconds: sentAt), expiresAt: Instant(seconds: sentAt + 900), outcome: outcome)
    }

    static func sms(_ body: String, entryID: Int) -> String {
        let escaped = body.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "{\"body\":\"\(escaped)\",\"entryID\":\(entryID),\"template\":\"offer\",\"to\":\"+33612345678\"}"
    }

    /// Every figure, as text.
    static func figures(_ statistics: WaitlistStatistics) -> String {
        "\(statistics.funnel.map(\.count)) \(statistics.conversionRate ?? -1) \(statistics.offersSent) \(statistics.declines) "
            + "\(statistics.timeouts) \(statistics.medianRefillSeconds ?? -1) "
            + "\(statistics.refilledPerWeek.map { "\($0.weekStart)=\($0.count)" }) \(statistics.smsCount) \(statistics.smsSegments) "
            + "\(statistics.smsGSM7Count) \(statistics.smsUCS2Count)"
    }

    @Test func factsGiveTheSameFiguresAsFullRows() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        defer { store.close() }
        var batch = StoreBatch()
        let statuses = ["invited", "waiting", "offered", "confirmed", "declined", "expired", "removed"]
        for id in 1...40 {
            let created: Int64 = id == 40 ? 100_000 : (id == 39 ? 500 : 2_000 + Int64(id) * 1_000) // 39 before, 40 at the end
            batch.entries.append(StoreFixtures.entry("bistrot", id, status: statuses[id % statuses.count], createdAt: created))
            batch.history.append(Self.history("bistrot", id, at: created, to: "invited"))
            if id % 3 != 0 { batch.history.append(Self.history("bistrot", id, at: created + 60, to: "waiting")) }
            batch.history.append(Self.history("bistrot", id, at: created + 70, to: nil))
            if id % 4 == 0 {
                batch.offers.append(Self.offer("bistrot", id, id % 8 == 0 ? "accepted" : "expired", sentAt: created + 600, token: "t\(id).1"))
                batch.offers.append(Self.offer("bistrot", id, ["declined", "withdrawn", "accepted"][id % 3], sentAt: created + 700, token: "t\(id).2"))
                // A confirmation before the offers, and after: only those at or after count.
                batch.history.append(Self.history("bistrot", id, at: created + 650, to: "confirmed"))
                if id % 8 == 0 { batch.history.append(Self.history("bistrot", id, at: created + 900, to: "confirmed")) }
            }
        }
        // Another establishment, same ids.
        batch.entries.append(StoreFixtures.entry("salon", 4, status: "confirmed", createdAt: 3_000))
        batch.offers.append(Self.offer("salon", 4, "accepted", sentAt: 3_100, token: "s4.1"))
        batch.history.append(Self.history("salon", 4, at: 3_200, to: "confirmed"))
        let payloads: [(String, Int64, Bool)] = [
            (Self.sms("Une place s’est libérée.\nOui : https://app.speedai.io/o/abcd…/oui", entryID: 1), 5_000, true),
            (Self.sms("Une place s’est libérée.\nOui : https://app.speedai.io/o/abcd…/oui", entryID: 2), 6_000, true),
            (Self.sms("C'est confirmé", entryID: 3), 7_000, true),
            (Self.sms("Café", entryID: 4), 7_100, true),          // é precomposed: GSM-7
            (Self.sms("Cafe\u{301}", entryID: 5), 7_200, true),   // e + combining accent: UCS-2
            (Self.sms(String(repeating: "a", count: 200), entryID: 6), 7_300, true),
            ("not json", 8_000, true),
            (#"{"body":"sans destinataire"}"#, 8_100, true),
            (Self.sms("Pas encore envoyé", entryID: 7), 9_000, false),
            (Self.sms("Avant la période", entryID: 8), 500, true),
        ]
        for (index, (payload, at, sent)) in payloads.enumerated() {
            batch.outbox.append(StoreFixtures.outbox("bistrot", entryID: index + 1, due: at, payload: payload))
            if sent {
                batch.outboxUpdates.append(OutboxUpdate(id: Int64(index + 1), status: .sent, attempts: 1, nextAttemptAt: Instant(seconds: at),
                                                        lastError: nil, sentAt: Instant(seconds: at)))
            }
        }
        try store.commit(batch)

        let rows = try store.statisticsRows(business: "bistrot", from: Self.from, to: Self.to)
        let fromRows = WaitlistStatistics.compute(entries: rows.entries, offers: rows.offers, history: rows.history,
                                                  smsBodies: rows.smsBodies, from: Self.from, to: Self.to, zone: Self.zone)
        let facts = try store.statisticsFacts(business: "bistrot", from: Self.from, to: Self.to)
        let fromFacts = WaitlistStatistics.compute(facts, from: Self.from, to: Self.to, zone: Self.zone)
        #expect(Self.figures(fromFacts) == Self.figures(fromRows))
        #expect(fromFacts.invited == 38)
        #expect(fromFacts.smsCount == 8)
        #expect(fromFacts.medianRefillSeconds != nil)
        // The two spellings of « Café » stay apart: one GSM-7, one UCS-2.
        #expect(facts.smsBodies.filter { $0.body == "Café" }.count == 2)
    }

    @Test func anEmptyPeriodHasNoFigures() throws {
        let store = try SQLiteStore(path: StoreFixtures.databasePath())
        defer { store.close() }
        let facts = try store.statisticsFacts(business: "bistrot", from: Self.from, to: Self.to)
        #expect(facts == StatisticsFacts(entries: [], offers: [], reachedWaiting: [], smsBodies: []))
        let statistics = WaitlistStatistics.compute(facts, from: Self.from, to: Self.to, zone: Self.zone)
        #expect(statistics.invited == 0 && statistics.conversionRate == nil && statistics.smsCount == 0)
    }
}
