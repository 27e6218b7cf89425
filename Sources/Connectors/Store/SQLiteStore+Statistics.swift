/// The statistics page's read: `StatisticsFacts` straight from SQL — two narrow columns per
/// entry, the offers with the booking time of the accepted ones (a lookup on the history's
/// entry index), who reached the line, and each distinct sent SMS body with its count. The
/// full-row read (`statisticsRows`) decoded every entry's slot list and every SMS payload as
/// JSON in Swift, which was most of the page's time at 100 000 entries.
import Runtime

extension SQLiteStore {
    /// The facts of `business`'s statistics over `[from, to)` (entries created then).
    public func statisticsFacts(business: String, from: Instant, to: Instant) throws(StoreError) -> StatisticsFacts {
        let period: [SQLiteValue] = [.text(business), .instant(from), .instant(to)]
        let inPeriod = "SELECT id FROM entries WHERE business = ? AND created_at >= ? AND created_at < ?"
        return try readers.withConnection { db throws(StoreError) in
            let entries = try db.query("SELECT id, status FROM entries WHERE business = ? AND created_at >= ? AND created_at < ?",
                                       period) { row in StatisticsFacts.Entry(id: row.int(0), status: row.text(1)) }
            // The booking of an accepted offer: the first line moving its entry to confirmed
            // at or after the offer was sent.
            let offers = try db.query("""
                SELECT o.entry_id, o.outcome, o.sent_at,
                    CASE WHEN o.outcome = 'accepted' THEN (
                        SELECT MIN(h.at) FROM history h
                        WHERE h.business = o.business AND h.entry_id = o.entry_id AND h.to_status = 'confirmed' AND h.at >= o.sent_at
                    ) END
                FROM offers o
                WHERE o.business = ? AND o.entry_id IN (\(inPeriod))
                """, [.text(business)] + period) { row in
                StatisticsFacts.Offer(entryID: row.int(0), outcome: row.text(1), sentAt: row.instant(2),
                                      bookedAt: row.isNull(3) ? nil : row.instant(3))
            }
            let waiting = try db.query("""
                SELECT DISTINCT entry_id FROM history
                WHERE business = ? AND to_status = 'waiting' AND entry_id IN (\(inPeriod))
                """, [.text(business)] + period) { row in row.int(0) }
            // The body of each payload that `SMSPayload` decodes (an object with text `to`,
            // `body` and `template` and an integer or null `entryID`), else "" as the full-row
            // read's decoding failure gives; extracted by SQLite's JSON functions, grouped here
            // byte for byte (hashing beats SQL's sort).
            var counts: [SMSBodyKey: Int] = [:]
            _ = try db.query("""
                SELECT CASE WHEN json_valid(payload) AND json_type(payload) = 'object'
                        AND json_type(payload, '$.to') = 'text' AND json_type(payload, '$.template') = 'text'
                        AND json_type(payload, '$.body') = 'text'
                        AND IFNULL(json_type(payload, '$.entryID'), 'null') IN ('null', 'integer')
                    THEN json_extract(payload, '$.body') ELSE '' END
                FROM outbox WHERE business = ? AND kind = 'sms' AND status = 'sent' AND sent_at >= ? AND sent_at < ?
                """, period) { row in counts[SMSBodyKey(row.text(0)), default: 0] += 1 }
            let bodies = counts.map { StatisticsFacts.SMSBody(body: $0.key.text, count: $0.value) }
            return StatisticsFacts(entries: entries, offers: offers, reachedWaiting: waiting, smsBodies: bodies)
        }
    }
}

/// An SMS body compared byte for byte: `String` equality is canonical equivalence (and its
/// hashing normalises non-ASCII text, which is slow), but two bodies that differ in bytes may
/// differ in UTF-16 length and so in segments, so they must stay apart.
struct SMSBodyKey: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (left: SMSBodyKey, right: SMSBodyKey) -> Bool { left.text.utf8.elementsEqual(right.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var text = self.text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
