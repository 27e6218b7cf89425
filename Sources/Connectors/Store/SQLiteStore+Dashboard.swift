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

extension SQLiteStore {
    /// What the statistics of `business` over `[from, to)` are computed from: the entries
    /// created then, their offers and history lines, and the bodies of the SMS sent then.
    public func statisticsRows(business: String, from: Instant, to: Instant) throws(StoreError) -> StatisticsRows {
        try readers.withConnection { db throws(StoreError) in
            let entries = try db.query("""
                SELECT \(Self.entryColumns) FROM entries WHERE business = ? AND created_at >= ? AND created_at < ?
                """, [.text(business), .instant(from), .instant(to)], row: Self.entryRow)
            let offers = try db.query("""
                SELECT o.business, o.engine_token, o.entry_id, o.slot_start, o.service, o.sent_at, o.expires_at, o.outcome
                FROM offers o
                WHERE o.business = ? AND o.entry_id IN (SELECT id FROM entries WHERE business = ? AND created_at >= ? AND created_at < ?)
                """, [.text(business), .text(business), .instant(from), .instant(to)]) { row in
                OfferRow(business: row.text(0), engineToken: row.text(1), entryID: row.int(2), slotStart: row.instant(3),
                         service: row.text(4), sentAt: row.instant(5), expiresAt: row.instant(6), outcome: row.text(7))
            }
            let history = try db.query("""
                SELECT h.business, h.entry_id, h.at, h.from_status, h.to_status, h.reason
                FROM history h
                WHERE h.business = ? AND h.to_status IS NOT NULL
                    AND h.entry_id IN (SELECT id FROM entries WHERE business = ? AND created_at >= ? AND created_at < ?)
                """, [.text(business), .text(business), .instant(from), .instant(to)]) { row in
                HistoryRow(business: row.text(0), entryID: row.optionalInt(1), at: row.instant(2),
                           from: row.optionalText(3), to: row.optionalText(4), reason: row.text(5))
            }
            let bodies = try db.query("""
                SELECT payload FROM outbox WHERE business = ? AND kind = 'sms' AND status = 'sent' AND sent_at >= ? AND sent_at < ?
                """, [.text(business), .instant(from), .instant(to)]) { row in
                (StoredJSON.decode(SMSPayload.self, row.text(0))?.body) ?? ""
            }
            return StatisticsRows(entries: entries, offers: offers, history: history, smsBodies: bodies)
        }
    }
}

/// The rows statistics are computed from.
public struct StatisticsRows: Sendable {
    public var entries: [EntryRow]
    public var offers: [OfferRow]
    public var history: [HistoryRow]
    public var smsBodies: [String]
}
