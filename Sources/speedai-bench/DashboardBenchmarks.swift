/// `make bench` section 6: the dashboard at 100 000 entries — one filtered list page (count +
/// page query + HTML) and the statistics of the whole period (three reads + one pass + SVG).
import Connectors
import Foundation
import Runtime

enum DashboardBenchmarks {
    /// (list page ms, statistics page ms) over a store of `count` entries, best of 5.
    static func run(entries count: Int) throws -> (list: Double, stats: Double) {
        let folder = NSTemporaryDirectory() + "speedai-bench-dashboard-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(dataDirectory: folder))
        defer { store.close() }
        let statuses = ["waiting", "offered", "confirmed", "declined", "expired", "invited", "removed"]
        let base: Int64 = 1_893_456_000 // 2030-01-01
        var batch = StoreBatch()
        for index in 0..<count {
            let created = Instant(seconds: base + Int64(index) * 30)
            let requested = created + .seconds(86_400 + Int64(index % 12) * 1800)
            let status = statuses[index % statuses.count]
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
        let to = Instant(seconds: base + Int64(count) * 30 + 1)
        let stats = Stopwatch.milliseconds(rounds: 3) {
            guard let rows = try? store.statisticsRows(business: "bistrot", from: Instant(seconds: base), to: to) else { return }
            let statistics = WaitlistStatistics.compute(entries: rows.entries, offers: rows.offers, history: rows.history,
                                                        smsBodies: rows.smsBodies, from: Instant(seconds: base), to: to, zone: zone)
            blackHole(DashboardPages.stats(viewer: viewer, business: "bistrot", fromText: "2030-01-01", toText: "2030-02-04",
                                           statistics: statistics, error: nil))
        }
        return (list, stats)
    }
}

/// Section 6.
func benchmarkDashboard() {
    print("6. Dashboard pages at 100 000 entries (SQLite file, release build)")
    do {
        let result = try DashboardBenchmarks.run(entries: 100_000)
        print("   list page (filter by status, page 100 of 50 rows, count + query + HTML): \(format(result.list, decimals: 1)) ms")
        print("   statistics page (whole period: 3 reads, one pass, 2 SVG charts): \(format(result.stats, decimals: 0)) ms")
    } catch {
        print("   error: \(error)")
    }
    print("")
}
