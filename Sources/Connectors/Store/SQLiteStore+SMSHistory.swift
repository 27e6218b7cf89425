/// The SMS side of the dashboard's history: which texts an entry was sent and how delivery
/// went (queued, acknowledged by the provider, retried, dead-lettered, then delivered or not as
/// the provider reported), read from the outbox that carried them; and the establishment's
/// dead-lettered SMS for its journal. Reads only.
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
    /// The provider's last reported delivery status (Twilio: `sent`, `delivered`,
    /// `undelivered`, ...); nil when the provider reports none (file sink, Brevo).
    public var deliveryStatus: String?
    /// The provider's error code for a failed delivery (`30003`).
    public var deliveryError: String?
    /// When the provider reported it delivered.
    public var deliveredAt: Instant?

    /// A row from its parts.
    public init(outboxID: Int64, entryID: Int?, template: String, status: OutboxStatus, attempts: Int,
                lastError: String?, createdAt: Instant, sentAt: Instant?, deliveryStatus: String? = nil,
                deliveryError: String? = nil, deliveredAt: Instant? = nil) {
        self.outboxID = outboxID; self.entryID = entryID; self.template = template; self.status = status
        self.attempts = attempts; self.lastError = lastError; self.createdAt = createdAt; self.sentAt = sentAt
        self.deliveryStatus = deliveryStatus; self.deliveryError = deliveryError; self.deliveredAt = deliveredAt
    }
}

extension SQLiteStore {
    /// The SMS queued for one entry, oldest first (uses `outbox_by_entry`).
    public func smsHistory(business: String, entryID: Int) throws(StoreError) -> [SMSHistoryRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT id, entry_id, payload, status, attempts, last_error, created_at, sent_at,
                    delivery_status, delivery_error, delivered_at FROM outbox
                WHERE business = ? AND entry_id = ? AND kind = 'sms' ORDER BY id
                """, [.text(business), .int(entryID)], row: Self.smsHistoryRow)
        }
    }

    /// The establishment's dead-lettered SMS, newest first, at most `limit`.
    public func deadSMS(business: String, limit: Int) throws(StoreError) -> [SMSHistoryRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT id, entry_id, payload, status, attempts, last_error, created_at, sent_at,
                    delivery_status, delivery_error, delivered_at FROM outbox
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
                             sentAt: row.optionalInstant(7), deliveryStatus: row.optionalText(8),
                             deliveryError: row.optionalText(9), deliveredAt: row.optionalInstant(10))
    }
}
