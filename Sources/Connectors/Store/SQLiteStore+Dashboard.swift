/// The dashboard's reads: filtered, sorted, paginated entries over the indexed projection,
/// an entry's history and an establishment's journal. Separate from `WaitlistStore` because
/// only the dashboard needs them; a PostgreSQL store would offer the same.
import Runtime

extension SQLiteStore {
    /// A page of entries matching `query` (validate it with `query.problem` first).
    public func entryPage(_ query: EntryQuery) throws(StoreError) -> EntryPage {
        var conditions: [String] = ["business IN (\(Array(repeating: "?", count: query.businesses.count).joined(separator: ", ")))"]
        var values: [SQLiteValue] = query.businesses.map(SQLiteValue.text)
        if !query.statuses.isEmpty {
            let statuses = query.statuses.sorted()
            conditions.append("status IN (\(Array(repeating: "?", count: statuses.count).joined(separator: ", ")))")
            values += statuses.map(SQLiteValue.text)
        }
        if let from = query.requestedFrom {
            conditions.append("requested >= ?")
            values.append(.instant(from))
        }
        if let to = query.requestedTo {
            conditions.append("requested < ?")
            values.append(.instant(to))
        }
        if let slot = query.slot {
            // `slots` is a JSON array of integers: match one element exactly.
            conditions.append("(requested = ? OR instr(',' || substr(slots, 2, length(slots) - 2) || ',', ',' || ? || ',') > 0)")
            values += [.instant(slot), .text(String(slot.seconds))]
        }
        let filter = conditions.joined(separator: " AND ")
        let order: String
        switch query.sort {
        case .newest: order = "created_at DESC, business, id DESC"
        case .requested: order = "requested ASC, created_at ASC, business, id"
        case .status: order = "status, created_at DESC, business, id DESC"
        }
        let pageValues = values + [.int(query.pageSize), .int((query.page - 1) * query.pageSize)]
        return try readers.withConnection { db throws(StoreError) in
            let total = try db.queryFirst("SELECT COUNT(*) FROM entries WHERE \(filter)", values) { $0.int(0) } ?? 0
            let rows = try db.query("SELECT \(Self.entryColumns) FROM entries WHERE \(filter) ORDER BY \(order) LIMIT ? OFFSET ?",
                                    pageValues, row: Self.entryRow)
            return EntryPage(rows: rows, total: total, page: query.page, pageSize: query.pageSize)
        }
    }

    /// The history of one entry, oldest first.
    public func entryHistory(business: String, entryID: Int) throws(StoreError) -> [HistoryRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT business, entry_id, at, from_status, to_status, reason FROM history
                WHERE business = ? AND entry_id = ? ORDER BY id
                """, [.text(business), .int(entryID)]) { row in
                HistoryRow(business: row.text(0), entryID: row.optionalInt(1), at: row.instant(2),
                           from: row.optionalText(3), to: row.optionalText(4), reason: row.text(5))
            }
        }
    }

    /// The establishment's journal (history lines without an entry), newest first.
    public func journal(business: String, limit: Int) throws(StoreError) -> [HistoryRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT business, entry_id, at, from_status, to_status, reason FROM history
                WHERE business = ? AND entry_id IS NULL ORDER BY id DESC LIMIT ?
                """, [.text(business), .int(max(0, limit))]) { row in
                HistoryRow(business: row.text(0), entryID: row.optionalInt(1), at: row.instant(2),
                           from: row.optionalText(3), to: row.optionalText(4), reason: row.text(5))
            }
        }
    }
}
