/// The dashboard's entry list over a real SQLite file: filters combine, pages are stable,
/// bad queries are refused before any SQL, and 100 000 entries page without a full load.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Dashboard entry query")
struct EntryQueryTests {
    static let statuses = ["invited", "waiting", "offered", "confirmed", "declined", "expired", "removed"]

    /// `count` entries over two businesses: status cycles, requested slot every 30 minutes.
    static func store(entries count: Int) throws -> SQLiteStore {
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(dataDirectory: NSTemporaryDirectory() + "speedai-query-\(UUID().uuidString)"))
        var batch = StoreBatch()
        for index in 0..<count {
            let requested = Instant(seconds: 1_900_000_000 + Int64(index % 48) * 1800)
            batch.entries.append(EntryRow(
                business: index % 10 == 0 ? "salon" : "bistrot", id: index + 1, status: statuses[index % statuses.count],
                phone: "+336\(String(format: "%08d", index))", firstName: "Prénom\(index)", lastName: "Nom", email: "c\(index)@example.fr",
                requested: requested, service: "dinner", slots: [requested, requested + .seconds(1800)], partySize: 2,
                source: "voice_agent", createdAt: Instant(seconds: 1_800_000_000 + Int64(index)), updatedAt: Instant(seconds: 1_800_000_000),
                json: "{}"))
            if batch.entries.count == 5000 {
                try store.commit(batch)
                batch = StoreBatch()
            }
        }
        try store.commit(batch)
        return store
    }

    @Test("filters combine; pages are stable and complete")
    func filtersAndPages() throws {
        let store = try Self.store(entries: 1400)
        defer { store.close() }
        var query = EntryQuery(businesses: ["bistrot"])
        query.statuses = ["waiting", "offered"]
        query.pageSize = 25
        let first = try store.entryPage(query)
        #expect(first.total == 1260 * 2 / 7)
        #expect(first.rows.count == 25)
        #expect(first.rows.allSatisfy { $0.business == "bistrot" && ["waiting", "offered"].contains($0.status) })
        #expect(first.rows.map(\.createdAt) == first.rows.map(\.createdAt).sorted(by: >))
        var seen = Set<Int>()
        for page in 1...first.pageCount {
            query.page = page
            for row in try store.entryPage(query).rows { #expect(seen.insert(row.id).inserted) }
        }
        #expect(seen.count == first.total)
        // A slot matches the requested slot and the chosen ones.
        var bySlot = EntryQuery(businesses: ["bistrot", "salon"])
        bySlot.slot = Instant(seconds: 1_900_000_000 + 1800)
        let slotPage = try store.entryPage(bySlot)
        #expect(slotPage.total == 1400 / 48 * 2 + 2)
        // A date range on the requested slot, sorted soonest first.
        var byDate = EntryQuery(businesses: ["salon"])
        byDate.requestedFrom = Instant(seconds: 1_900_000_000)
        byDate.requestedTo = Instant(seconds: 1_900_000_000 + 3600)
        byDate.sort = .requested
        let datePage = try store.entryPage(byDate)
        #expect(datePage.rows.allSatisfy { $0.requested.seconds < 1_900_003_600 })
        #expect(datePage.rows.map(\.requested) == datePage.rows.map(\.requested).sorted())
    }

    @Test("bad queries are refused in French before any SQL", arguments: [
        (0, 50, ["waiting"], "Numéro de page invalide."),
        (1, 500, ["waiting"], "Le nombre de lignes par page doit être entre 1 et 200."),
        (1, 50, ["pending"], "Statut inconnu : pending."),
    ])
    func badQueries(page: Int, size: Int, statuses: [String], message: String) {
        var query = EntryQuery(businesses: ["bistrot"])
        query.page = page
        query.pageSize = size
        query.statuses = Set(statuses)
        #expect(query.problem == message)
    }

    @Test("100 000 entries: a filtered page and its count come back without loading everything")
    func largeStore() throws {
        let store = try Self.store(entries: 100_000)
        defer { store.close() }
        var query = EntryQuery(businesses: ["bistrot"])
        query.statuses = ["waiting"]
        query.page = 40
        let page = try store.entryPage(query)
        #expect(page.total == (0..<100_000).filter { $0 % 10 != 0 && $0 % 7 == 1 }.count)
        #expect(page.rows.count == 50)
    }
}
