/// The SMS side of the dashboard's history: which texts an entry was sent and how delivery
/// went (queued, acknowledged by the provider, retried, dead-lettered), read from the outbox
/// that carried them; and the establishment's dead-lettered SMS for its journal. Reads only.
import Runtime

/// One SMS of the outbox as the dashboard shows it.
public struct SMSHistoryRow: Sendable, Equatable {
    /// The outbox row id.
    public var outboxID: Int64
    /// The entry it was sent for; nil for an SMS not tied to an entry.
    public var entryID: Int?
    /// The rule file's template name (`initial`, `offer`, ...); empty when unreadable.
    public var template: String
    /// Where delivery stands.
    public var status: OutboxStatus
    /// Delivery attempts so far.
    public var attempts: Int
    /// The provider's last error, if any.
    public var lastError: String?
    /// When the engine asked for it.
    public var createdAt: Instant
    /// When the provider acknowledged it.
    public var sentAt: Instant?

    /// A row from its parts.
    public init(outboxID: Int64, entryID: Int?, template: String, status: OutboxStatus, attempts: Int,
                lastError: String?, createdAt: Instant, sentAt: Instant?) {
        self.outboxID = outboxID; self.entryID = entryID; self.template = template; self.status = status
        self.attempts = attempts; self.lastError = lastError; self.createdAt = createdAt; self.sentAt = sentAt
    }
}

extension SQLiteStore {
    /// The SMS queued for one entry, oldest first (uses `outbox_by_entry`).
    public func smsHistory(business: String, entryID: Int) throws(StoreError) -> [SMSHistoryRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT id, entry_id, payload, status, attempts, last_error, created_at, sent_at FROM outbox
                WHERE business = ? AND entry_id = ? AND kind = 'sms' ORDER BY id
                """, [.text(business), .int(entryID)], row: Self.smsHistoryRow)
        }
    }

    /// The establishment's dead-lettered SMS, newest first, at most `limit`.
    public func deadSMS(business: String, limit: Int) throws(StoreError) -> [SMSHistoryRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT id, entry_id, payload, status, attempts, last_error, created_at, sent_at FROM outbox
                WHERE status = 'dead' AND business = ? AND kind = 'sms' ORDER BY id DESC LIMIT ?
                """, [.text(business), .int(max(0, limit))], row: Self.smsHistoryRow)
        }
    }

    private static func smsHistoryRow(_ row: SQLiteStatement) throws(StoreError) -> SMSHistoryRow {
        let statusText = row.text(3)
        guard let status = OutboxStatus(rawValue: statusText) else {
            throw .corrupt("outbox row \(row.int64(0)) has status \"\(statusText)\"")
        }
        return SMSHistoryRow(outboxID: row.int64(0), entryID: row.optionalInt(1),
                             template: SMSPayload.decode(row.text(2))?.template ?? "", status: status,
                             attempts: row.int(4), lastError: row.optionalText(5), createdAt: row.instant(6),
                             sentAt: row.optionalInstant(7))
    }
}
