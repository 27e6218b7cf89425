/// The list as a CSV file: `GET /dashboard/export.csv` (the page's filters, French query
/// names) and `GET /api/v1/admin/entries.csv` (the API's). Every matching entry, not one page:
/// the store is read 1 000 rows at a time so a large establishment never needs one huge query.
/// Columns and dates are French (`14/03/2030 19:30`, local time) for Excel FR; see `CSVWriter`.
import Foundation
import Runtime

extension WaitlistService {
    /// Rows read from the store per query while exporting.
    static let exportBatchSize = 1_000

    /// The CSV's French header row.
    static let exportHeader = ["Établissement", "N°", "Nom", "Prénom", "Téléphone", "E-mail", "Créneau demandé",
                               "Créneaux alternatifs", "Statut", "Inscription", "Priorité"]

    /// `GET /dashboard/export.csv?date=&creneau=&statut=&tri=`: the HTML list's filters.
    func dashboardExport(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        let filter = EntryListFilter(businesses: visibleBusinesses(session), date: request.queryValue("date") ?? "",
                                     slot: request.queryValue("creneau") ?? "", status: request.queryValue("statut") ?? "",
                                     sort: request.queryValue("tri") ?? "newest")
        switch entryQuery(filter) {
        case .failure(let problem):
            return dashboardPage(400, Pages.error(status: 400, title: "Export impossible", message: problem.french))
        case .success(let query):
            do {
                return try exportResponse(query)
            } catch {
                return dashboardPage(503, Pages.error(status: 503, title: "Service momentanément indisponible", message: "Réessayez dans un instant."))
            }
        }
    }

    /// Every entry matching `query` (its page and page size are ignored) as a CSV attachment.
    func exportResponse(_ query: EntryQuery) throws(StoreError) -> HTTPResponse {
        var writer = CSVWriter()
        writer.append(Self.exportHeader)
        var batchQuery = query
        batchQuery.pageSize = Self.exportBatchSize
        batchQuery.page = 1
        while true {
            let page = try store.entryPage(batchQuery)
            for line in zip(page.rows, dashboardLines(page.rows)) { writer.append(exportCells(line.0, priority: line.1.priority)) }
            if page.rows.count < batchQuery.pageSize || batchQuery.page >= page.pageCount { break }
            batchQuery.page += 1
        }
        let business = query.businesses.count == 1 ? query.businesses[0] : "tous"
        let zone = runtime(business)?.state.withLock { $0.engine.zone } ?? ZoneConverter(identifier: "UTC")!
        let today = String(LocalTimeText.local(clock.now(), zone: zone).prefix(10))
        let name = "liste-attente-\(Self.fileNameSafe(business))-\(today).csv"
        return HTTPResponse(status: 200, headers: [("Content-Type", "text/csv; charset=utf-8; header=present"),
                                                   ("Content-Disposition", "attachment; filename=\"\(name)\"")]
                                + SecurityHeaders.page(noStore: true),
                            body: writer.bytes)
    }

    /// One entry's cells, times in its establishment's zone.
    private func exportCells(_ row: EntryRow, priority: Int?) -> [String] {
        let zone = runtime(row.business)?.state.withLock { $0.engine.zone } ?? ZoneConverter(identifier: "UTC")!
        func text(_ instant: Instant) -> String {
            let local = zone.local(instant)
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(two(local.day))/\(two(local.month))/\(local.year) \(two(local.hour)):\(two(local.minute))"
        }
        return [row.business, String(row.id), row.lastName, row.firstName, PhoneNumber.display(row.phone), row.email,
                text(row.requested), row.slots.filter { $0 != row.requested }.map(text).joined(separator: ", "),
                DashboardStatusLabel.label(row.status), text(row.createdAt), priority.map(String.init) ?? ""]
    }

    /// Letters, digits, `-` and `_` only, so the file name needs no escaping in the header.
    static func fileNameSafe(_ text: String) -> String {
        String(text.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" ? Character($0) : "-" })
    }
}
