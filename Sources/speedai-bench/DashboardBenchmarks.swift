/// `make bench` section 6: the dashboard at 100 000 entries — one filtered list page (count +
/// page query + HTML) and the statistics of the whole period, read as full rows (the former
/// path, still callable) and as narrow facts (what the page does), timed part by part.
import Connectors
import Foundation
import Runtime

enum DashboardBenchmarks {
    /// The statistics page's figures, best of 3 each: the former full-row path (read + compute +
    /// page) and the facts path as a whole and by part.
    struct StatisticsTimes {
        var rowsPage = 0.0, rowsRead = 0.0, rowsCompute = 0.0
        var factsPage = 0.0, factsRead = 0.0, factsCompute = 0.0, render = 0.0
        var sms = 0, sameFigures = false
    }

    /// A sent SMS's stored payload as `SMSPayload` encodes it (links masked once sent).
    static func smsPayload(_ index: Int, template: String, phone: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var code = (index &* 7919) % (36 * 36 * 36 * 36), token = ""
        for _ in 0..<4 { token.append(alphabet[code % 36]); code /= 36 }
        let body: String
        switch template {
        case "initial": body = "Le créneau souhaité n’est pas disponible.\\nRejoignez la liste d’attente ici : https:\\/\\/app.speedai.io\\/waitlist\\/\(token)…"
        case "offer": body = "Une place s’est libérée pour vendredi 3 janvier à 20:00.\\nConfirmez-vous votre venue ?\\n\\n✅ Oui : https:\\/\\/app.speedai.io\\/o\\/\(token)…\\/oui\\n❌ Non : https:\\/\\/app.speedai.io\\/o\\/\(token)…\\/non"
        default: body = "C’est confirmé : votre table du vendredi 3 janvier à 20:00 au Bistrot du Port vous attend. À bientôt !"
        }
        return "{\"body\":\"\(body)\",\"entryID\":\(index + 1),\"template\":\"\(template)\",\"to\":\"\(phone)\"}"
    }

    /// (list page ms, statistics figures) over a store of `count` entries.
    static func run(entries count: Int) throws -> (list: Double, stats: StatisticsTimes) {
        let folder = NSTemporaryDirectory() + "speedai-bench-dashboard-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(dataDirectory: folder))
        defer { store.close() }
        let statuses = ["waiting", "offered", "confirmed", "declined", "expired", "invited", "removed"]
        let base: Int64 = 1_893_456_000 // 2030-01-01
        var batch = StoreBatch()
        var smsCount = 0
        func sent(_ index: Int, _ template: String, _ phone: String, at: Instant) {
            batch.outbox.append(OutboxInsert(business: "bistrot", entryID: index + 1, kind: "sms",
                                             payload: smsPayload(index, template: template, phone: phone), nextAttemptAt: at, createdAt: at))
            smsCount += 1
            batch.outboxUpdates.append(OutboxUpdate(id: Int64(smsCount), status: .sent, attempts: 1, nextAttemptAt: at, lastError: nil,
                                                    sentAt: at + .seconds(2)))
        }
        for index in 0..<count {
            let created = Instant(seconds: base + Int64(index) * 30)
            let requested = created + .seconds(86_400 + Int64(index % 12) * 1800)
            let status = statuses[index % statuses.count]
            let phone = "+336\(String(format: "%08d", index))"
            sent(index, "initial", phone, at: created)
            batch.entries.append(EntryRow(business: "bistrot", id: index + 1, status: status, phone: "+336\(String(format: "%08d", index))",
                                          firstName: "Prénom", lastName: "Nom\(index)", email: "c\(index)@example.fr", requested: requested,
                                          service: "dinner", slots: [requested, requested + .seconds(1800)], partySize: 2, source: "voice_agent",
                                          createdAt: created, updatedAt: created, json: "{}"))
            batch.history.append(HistoryRow(business: "bistrot", entryID: index + 1, at: created, from: nil, to: "invited", reason: "invited"))
            if status != "invited" {
                batch.history.append(HistoryRow(business: "bistrot", entryID: index + 1, at: created + .seconds(300), from: "invited",
                                                to: "waiting", reason: "joined"))
            }
            if ["offered", "confirmed", "declined", "expired"].contains(status) {
                let outcome = ["offered": "open", "confirmed": "accepted", "declined": "declined", "expired": "expired"][status]!
                sent(index, "offer", phone, at: created + .seconds(3600))
                if status == "confirmed" { sent(index, "confirmed", phone, at: created + .seconds(3900)) }
                batch.offers.append(OfferRow(business: "bistrot", engineToken: "t\(index).1", entryID: index + 1, slotStart: requested,
                                             service: "dinner", sentAt: created + .seconds(3600), expiresAt: created + .seconds(4500), outcome: outcome))
                if status == "confirmed" {
                    batch.history.append(HistoryRow(business: "bistrot", entryID: index + 1, at: created + .seconds(3900), from: "offered",
                                                    to: "confirmed", reason: "accepted"))
                }
            }
            if batch.entries.count == 10_000 {
                try store.commit(batch)
                batch = StoreBatch()
            }
        }
        try store.commit(batch)
        let zone = ZoneConverter(identifier: "Europe/Paris")!
        let viewer = DashboardViewer(email: "gerant@bistrot.fr", scope: "Le Bistrot", csrf: "x")
        var filters = DashboardFilters()
        filters.status = "waiting"
        let list = Stopwatch.milliseconds {
            var query = EntryQuery(businesses: ["bistrot"])
            query.statuses = ["waiting"]
            query.page = 100
            guard let page = try? store.entryPage(query) else { return }
            let lines = page.rows.map { row in
                DashboardEntryLine(business: row.business, id: row.id, name: "\(row.lastName) \(row.firstName)", phone: row.phone,
                                   email: row.email, requested: FrenchFormat.time(zone.local(row.requested)), alternatives: "",
                                   status: row.status, joined: FrenchFormat.date(zone.local(row.createdAt)), priority: nil)
            }
            blackHole(DashboardPages.list(viewer: viewer, filters: filters, lines: lines, page: page.page, pageCount: page.pageCount,
                                          total: page.total, error: nil))
        }
        let from = Instant(seconds: base), to = Instant(seconds: base + Int64(count) * 30 + 1)
        func page(_ statistics: WaitlistStatistics) {
            blackHole(DashboardPages.stats(viewer: viewer, business: "bistrot", fromText: "2030-01-01", toText: "2030-02-04",
                                           statistics: statistics, error: nil))
        }
        var times = StatisticsTimes()
        times.sms = smsCount
        func rowsFigures(_ rows: StatisticsRows) -> WaitlistStatistics {
            WaitlistStatistics.compute(entries: rows.entries, offers: rows.offers, history: rows.history, smsBodies: rows.smsBodies,
                                       from: from, to: to, zone: zone)
        }
        times.rowsPage = Stopwatch.milliseconds(rounds: 3) {
            guard let rows = try? store.statisticsRows(business: "bistrot", from: from, to: to) else { return }
            page(rowsFigures(rows))
        }
        times.factsPage = Stopwatch.milliseconds(rounds: 3) {
            guard let facts = try? store.statisticsFacts(business: "bistrot", from: from, to: to) else { return }
            page(WaitlistStatistics.compute(facts, from: from, to: to, zone: zone))
        }
        let rows = try store.statisticsRows(business: "bistrot", from: from, to: to)
        let facts = try store.statisticsFacts(business: "bistrot", from: from, to: to)
        times.rowsRead = Stopwatch.milliseconds(rounds: 3) { blackHole(try? store.statisticsRows(business: "bistrot", from: from, to: to)) }
        times.rowsCompute = Stopwatch.milliseconds(rounds: 3) { blackHole(rowsFigures(rows)) }
        times.factsRead = Stopwatch.milliseconds(rounds: 3) { blackHole(try? store.statisticsFacts(business: "bistrot", from: from, to: to)) }
        times.factsCompute = Stopwatch.milliseconds(rounds: 3) { blackHole(WaitlistStatistics.compute(facts, from: from, to: to, zone: zone)) }
        let figures = WaitlistStatistics.compute(facts, from: from, to: to, zone: zone)
        times.render = Stopwatch.milliseconds(rounds: 3) { page(figures) }
        times.sameFigures = describe(figures) == describe(rowsFigures(rows))
        return (list, times)
    }

    /// Every figure of `statistics` as text, to compare the two paths.
    static func describe(_ statistics: WaitlistStatistics) -> String {
        "\(statistics.funnel.map(\.count)) \(statistics.conversionRate ?? -1) \(statistics.offersSent) \(statistics.declines) "
            + "\(statistics.timeouts) \(statistics.medianRefillSeconds ?? -1) \(statistics.refilledPerWeek.map { "\($0.weekStart)=\($0.count)" }) "
            + "\(statistics.smsCount) \(statistics.smsSegments) \(statistics.smsGSM7Count) \(statistics.smsUCS2Count)"
    }
}
/// Section 6.
func benchmarkDashboard() {
    let entries = BenchReport.quick ? 10_000 : 100_000
    print("6. Dashboard pages at \(entries) entries (SQLite file, release build)")
    do {
        let result = try DashboardBenchmarks.run(entries: entries)
        print("   list page (filter by status, page 100 of 50 rows, count + query + HTML): \(format(result.list, decimals: 1)) ms")
        let stats = result.stats
        print("   statistics page (whole period, \(stats.sms) sent SMS; figures from the store, one pass, 2 SVG charts):")
        print("     full rows (former path): \(format(stats.rowsPage, decimals: 0)) ms = read \(format(stats.rowsRead, decimals: 0)) ms"
            + " + compute \(format(stats.rowsCompute, decimals: 0)) ms + page")
        print("     narrow facts (the page):  \(format(stats.factsPage, decimals: 0)) ms = read \(format(stats.factsRead, decimals: 0)) ms"
            + " + compute \(format(stats.factsCompute, decimals: 1)) ms + page \(format(stats.render, decimals: 1)) ms")
        print("     ratio \(format(stats.rowsPage / stats.factsPage, decimals: 1))x; same figures both ways: \(stats.sameFigures ? "yes" : "NO")")
        BenchReport.record(section: 6, id: "dashboard.list", figure: "list page at \(entries) entries (count + page query + HTML)",
                           value: result.list, unit: "ms")
        BenchReport.record(section: 6, id: "dashboard.stats", figure: "statistics page at \(entries) entries (narrow facts)", value: stats.factsPage,
                           unit: "ms", baseline: "the former full-row path", baselineValue: stats.rowsPage,
                           note: stats.sameFigures ? nil : "the two paths disagree")
    } catch {
        print("   error: \(error)")
        BenchReport.record(section: 6, id: "error", figure: "error: \(error)", value: .nan, unit: "")
    }
    print("")
}
