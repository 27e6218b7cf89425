import Testing
import Runtime
@testable import Connectors

/// The dashboard figures on hand-built rows: who counts as joined, offered, confirmed; offer
/// outcomes; the refill median; weekly buckets by the establishment's local Monday across
/// the spring DST change in Europe/Paris; SMS segments; and one 100 000-entry input.
@Suite struct WaitlistStatisticsTests {
    static let paris = ZoneConverter(identifier: "Europe/Paris")!

    /// A Paris wall-clock time.
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Instant {
        paris.instant(CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute))
    }

    static func entry(_ id: Int, _ status: EntryStatus, createdAt: Instant, business: String = "bistrot") -> EntryRow {
        EntryRow(business: business, id: id, status: status.rawValue, phone: "+3361234567\(id % 10)", firstName: "Camille",
                 lastName: "Martin", email: "", requested: createdAt, service: "diner", slots: [], partySize: 2,
                 source: "phone", createdAt: createdAt, updatedAt: createdAt, json: "{}")
    }

    static func offer(_ entryID: Int, _ outcome: Offer.Outcome, sentAt: Instant, business: String = "bistrot") -> OfferRow {
        OfferRow(business: business, engineToken: "t\(entryID).\(sentAt.seconds)", entryID: entryID, slotStart: sentAt,
                 service: "diner", sentAt: sentAt, expiresAt: Instant(seconds: sentAt.seconds + 900), outcome: outcome.rawValue)
    }

    static func line(_ entryID: Int, _ from: EntryStatus?, _ to: EntryStatus?, at: Instant,
                     business: String = "bistrot") -> HistoryRow {
        HistoryRow(business: business, entryID: entryID, at: at, from: from?.rawValue, to: to?.rawValue, reason: "test")
    }

    static let from = at(2025, 3, 24)
    static let to = at(2025, 4, 7)
    static let day = at(2025, 3, 25, 12)

    static func compute(entries: [EntryRow] = [], offers: [OfferRow] = [], history: [HistoryRow] = [],
                        sms: [String] = [], from: Instant = from, to: Instant = to) -> WaitlistStatistics {
        WaitlistStatistics.compute(entries: entries, offers: offers, history: history, smsBodies: sms,
                                   from: from, to: to, zone: paris)
    }

    @Test func funnelConversionAndOfferOutcomes() {
        let d = Self.day
        let entries = [
            Self.entry(1, .invited, createdAt: d),   // never filled the form
            Self.entry(2, .expired, createdAt: d),   // link ran out before joining
            Self.entry(3, .waiting, createdAt: d),   // waiting, had a withdrawn offer
            Self.entry(4, .removed, createdAt: d),   // joined, then removed: history tells
            Self.entry(5, .confirmed, createdAt: d), // booked
            Self.entry(6, .declined, createdAt: d),  // said Non
            Self.entry(7, .confirmed, createdAt: Self.at(2025, 3, 20)), // before the period
            Self.entry(8, .expired, createdAt: d),   // offer timed out
            Self.entry(9, .waiting, createdAt: Self.to), // the end is exclusive
        ]
        let offers = [
            Self.offer(3, .withdrawn, sentAt: d), Self.offer(5, .accepted, sentAt: d), Self.offer(6, .declined, sentAt: d),
            Self.offer(7, .accepted, sentAt: d), Self.offer(8, .expired, sentAt: d),
            Self.offer(1, .declined, sentAt: d, business: "salon"), // another business's entry 1
        ]
        let history = [
            Self.line(2, .invited, .expired, at: d),
            Self.line(4, .invited, .waiting, at: d), Self.line(4, .waiting, .removed, at: d),
            Self.line(1, .invited, .waiting, at: d, business: "salon"),
        ]
        let statistics = Self.compute(entries: entries, offers: offers, history: history)
        #expect(statistics.invited == 7)
        #expect(statistics.joined == 5)
        #expect(statistics.offered == 4)
        #expect(statistics.confirmed == 1)
        #expect(statistics.conversionRate == 0.2)
        #expect(statistics.offersSent == 4)
        #expect(statistics.declines == 1)
        #expect(statistics.timeouts == 1)
        #expect(statistics.funnel.map(\.label) == ["Invités", "Inscrits", "Contactés", "Confirmés"])
        #expect(statistics.funnel.map(\.count) == [7, 5, 4, 1])
    }

    @Test func noEntriesGiveNilRatesAndEmptyWeeks() {
        let statistics = Self.compute()
        #expect(statistics.invited == 0 && statistics.joined == 0)
        #expect(statistics.conversionRate == nil)
        #expect(statistics.medianRefillSeconds == nil)
        #expect(statistics.refilledPerWeek.map(\.weekStart) == ["2025-03-24", "2025-03-31"])
        #expect(statistics.refilledPerWeek.map(\.count) == [0, 0])
        #expect(statistics.smsCount == 0 && statistics.smsSegments == 0)
    }

    /// Refill = booking line − offer sent; lines before the offer and offers without a
    /// booking line are left out.
    @Test(arguments: [([Int64(60), 300, 120], 120.0), ([60, 300, 120, 600], 210.0), ([45], 45.0)])
    func medianRefill(delays: [Int64], expected: Double) {
        var entries: [EntryRow] = [], offers: [OfferRow] = [], history: [HistoryRow] = []
        for (index, delay) in delays.enumerated() {
            let id = index + 1
            let sent = Instant(seconds: Self.day.seconds + Int64(index) * 3600)
            entries.append(Self.entry(id, .confirmed, createdAt: Self.day))
            offers.append(Self.offer(id, .accepted, sentAt: sent))
            history.append(Self.line(id, .waiting, .offered, at: sent))
            history.append(Self.line(id, .offered, .confirmed, at: Instant(seconds: sent.seconds + delay)))
        }
        // Accepted but no booking line after the offer: not a refill figure.
        let orphan = delays.count + 1
        entries.append(Self.entry(orphan, .confirmed, createdAt: Self.day))
        offers.append(Self.offer(orphan, .accepted, sentAt: Self.day))
        history.append(Self.line(orphan, .offered, .confirmed, at: Instant(seconds: Self.day.seconds - 10)))
        let statistics = Self.compute(entries: entries, offers: offers, history: history)
        #expect(statistics.medianRefillSeconds == expected)
        #expect(statistics.confirmed == delays.count + 1)
        #expect(statistics.refilledPerWeek.reduce(0) { $0 + $1.count } == delays.count)
    }

    /// Paris moves to summer time on Sunday 30 March 2025 at 02:00. Monday 31 March 00:30
    /// local is still Sunday in UTC: it belongs to the week of the 31st.
    @Test func weeklyBucketsFollowLocalMondaysAcrossDST() {
        let bookings = [
            Self.at(2025, 3, 30, 1, 30),  // Sunday before the change (UTC+1)
            Self.at(2025, 3, 30, 23, 30), // Sunday after the change (UTC+2)
            Self.at(2025, 3, 31, 0, 30),  // Monday 00:30 local = Sunday 22:30 UTC
            Self.at(2025, 4, 13, 23, 59), // last minute of the third week
        ]
        #expect(Self.at(2025, 3, 31, 0, 30).seconds % 86_400 == 22 * 3600 + 30 * 60)
        var entries: [EntryRow] = [], offers: [OfferRow] = [], history: [HistoryRow] = []
        for (index, booking) in bookings.enumerated() {
            let id = index + 1
            entries.append(Self.entry(id, .confirmed, createdAt: Self.from))
            offers.append(Self.offer(id, .accepted, sentAt: Instant(seconds: booking.seconds - 120)))
            history.append(Self.line(id, .offered, .confirmed, at: booking))
        }
        let statistics = Self.compute(entries: entries, offers: offers, history: history, to: Self.at(2025, 4, 14))
        #expect(statistics.refilledPerWeek.map(\.weekStart) == ["2025-03-24", "2025-03-31", "2025-04-07"])
        #expect(statistics.refilledPerWeek.map(\.count) == [2, 1, 1])
        #expect(statistics.medianRefillSeconds == 120)
    }

    @Test func bookingsAfterThePeriodExtendTheWeeks() {
        let booking = Self.at(2025, 4, 16, 10)
        let statistics = Self.compute(entries: [Self.entry(1, .confirmed, createdAt: Self.day)],
                                      offers: [Self.offer(1, .accepted, sentAt: Self.at(2025, 4, 16, 9))],
                                      history: [Self.line(1, .offered, .confirmed, at: booking)])
        #expect(statistics.refilledPerWeek.map(\.weekStart) == ["2025-03-24", "2025-03-31", "2025-04-07", "2025-04-14"])
        #expect(statistics.refilledPerWeek.map(\.count) == [0, 0, 0, 1])
        #expect(statistics.medianRefillSeconds == 3600)
    }

    @Test func weekStartIsTheLocalMonday() {
        #expect(WaitlistStatistics.weekStart(of: Self.at(2025, 3, 31, 0, 30), zone: Self.paris) == "2025-03-31")
        #expect(WaitlistStatistics.weekStart(of: Self.at(2025, 3, 30, 23, 59), zone: Self.paris) == "2025-03-24")
        #expect(WaitlistStatistics.weekStart(of: Self.at(2025, 1, 1, 12), zone: Self.paris) == "2024-12-30")
    }

    /// GSM-7: 160 characters per SMS, 153 per part; UCS-2: 70, 67 per part.
    @Test func smsSegmentsByEncoding() {
        let bodies = [
            "Bonjour Camille, une table s'est libérée.",   // GSM-7 (é is in the alphabet), 1
            String(repeating: "a", count: 161),            // GSM-7, 2
            "Merci ✅",                                     // UCS-2, 1
            String(repeating: "ê", count: 71),             // UCS-2 (ê is not GSM-7), 2
        ]
        let statistics = Self.compute(sms: bodies)
        #expect(statistics.smsCount == 4)
        #expect(statistics.smsSegments == 6)
        #expect(statistics.smsGSM7Count == 2)
        #expect(statistics.smsUCS2Count == 2)
    }

    /// 100 000 entries, 60 000 offers, 260 000 history lines: every figure adds up.
    @Test func hundredThousandEntries() {
        let count = 100_000
        var entries: [EntryRow] = [], offers: [OfferRow] = [], history: [HistoryRow] = []
        entries.reserveCapacity(count)
        let start = Self.from.seconds
        for id in 1...count {
            let created = Instant(seconds: start + Int64(id) * 10)
            let kind = id % 5
            let status: [EntryStatus] = [.invited, .waiting, .confirmed, .declined, .expired]
            entries.append(Self.entry(id, status[kind], createdAt: created))
            guard kind != 0 else { continue }
            history.append(Self.line(id, .invited, .waiting, at: created))
            guard kind >= 2 else { continue }
            let sent = Instant(seconds: created.seconds + 600)
            let outcome: [Offer.Outcome] = [.accepted, .declined, .expired]
            offers.append(Self.offer(id, outcome[kind - 2], sentAt: sent))
            history.append(Self.line(id, .waiting, .offered, at: sent))
            if kind == 2 {
                history.append(Self.line(id, .offered, .confirmed, at: Instant(seconds: sent.seconds + Int64(id % 7) * 60)))
            }
        }
        let statistics = Self.compute(entries: entries, offers: offers, history: history,
                                      sms: Array(repeating: "Votre table est confirmée.", count: 1000),
                                      to: Instant(seconds: start + Int64(count + 1) * 10))
        #expect(statistics.invited == count)
        #expect(statistics.joined == 80_000)
        #expect(statistics.offered == 60_000)
        #expect(statistics.confirmed == 20_000)
        #expect(statistics.conversionRate == 0.25)
        #expect(statistics.declines == 20_000 && statistics.timeouts == 20_000)
        #expect(statistics.refilledPerWeek.reduce(0) { $0 + $1.count } == 20_000)
        #expect(statistics.medianRefillSeconds.map { (0...360).contains($0) } == true)
        #expect(statistics.smsSegments == 1000)
    }
}
