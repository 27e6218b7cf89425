/// Writes a `PrivacyScrub` inside the batch's savepoint. Every connection runs with
/// `secure_delete` on, so SQLite zeroes the space of the rows deleted or rewritten here instead
/// of leaving them readable in the file; the old WAL frames go at the checkpoint the service
/// asks for after an erasure (`SQLiteStore.checkpointTruncate`).
import RuleLang
import Runtime

extension SQLiteBatchWriter {
    static func applyPrivacy(_ scrub: PrivacyScrub, snapshotSequence: Int64?, _ db: SQLiteConnection) throws(StoreError) {
        let business = SQLiteValue.text(scrub.business)
        let erased = SQLiteValue.text(WaitlistEngine.erasedText)
        for id in scrub.entryIDs {
            for secret in scrub.entrySecrets where !secret.isEmpty {
                try db.run("UPDATE history SET reason = replace(reason, ?, ?) WHERE business = ? AND entry_id = ? AND instr(reason, ?) > 0",
                           [.text(secret), erased, business, .int(id), .text(secret)])
            }
            try scrubOutbox(business: scrub.business, entryID: id, db)
            try db.run("DELETE FROM public_tokens WHERE business = ? AND entry_id = ?", [business, .int(id)])
            try db.run("""
                DELETE FROM idempotency WHERE json_valid(response_body)
                    AND json_extract(response_body, '$.business_id') IN (?, ?) AND json_extract(response_body, '$.entry_id') = ?
                """, [business, .text(scrub.establishmentID), .int(id)])
            // Bookings and holds under the installation's ids, or the engine's own (older ones).
            let scoped = SQLiteValue.text("-\(scrub.business)-\(id)")
            try db.run("""
                UPDATE calendar_events SET summary = 'Liste d’attente (' || units || ') – liste d’attente'
                WHERE business = ? AND (uid = ? OR uid = 'speedai-booking-' || (SELECT id FROM installation) || ?)
                """, [business, .text(EngineEffect.bookingID(for: id)), scoped])
            try db.run("""
                UPDATE calendar_events SET summary = 'Option liste d’attente – Liste d’attente (' || units || ')'
                WHERE business = ? AND (uid = ? OR uid = ? || (SELECT id FROM installation) || ?)
                """, [business, .text(EngineEffect.holdIDPrefix + String(id)), .text(EngineEffect.holdIDPrefix), scoped])
        }
        for digest in scrub.smsFileDigests {
            try db.run("INSERT OR IGNORE INTO pending_sms_erasures (business, phone_digest, created_at) VALUES (?, ?, CAST(strftime('%s', 'now') AS INTEGER))",
                       [business, .text(digest)])
        }
        for phone in scrub.forgottenPhones where !phone.isEmpty {
            try db.run("UPDATE history SET reason = replace(reason, ?, ?) WHERE business = ? AND entry_id IS NULL AND instr(reason, ?) > 0",
                       [.text(phone), erased, business, .text(phone)])
        }
        if scrub.compact, let through = snapshotSequence {
            try db.run("DELETE FROM snapshots WHERE business = ? AND sequence < ?", [business, .integer(through)])
            if let before = scrub.dropEventsBefore {
                try db.run("DELETE FROM events WHERE business = ? AND sequence <= ? AND at < ?",
                           [business, .integer(through), .instant(before)])
            }
            try scrubEvents(scrub, through: through, db)
        }
    }

    /// Rewrites, in place, the logged events up to `through` that carry an erased customer's
    /// data. Only events that mention one of the phones or link digests are decoded.
    private static func scrubEvents(_ scrub: PrivacyScrub, through: Int64, _ db: SQLiteConnection) throws(StoreError) {
        let needles = Array(scrub.phonePseudonyms.keys) + scrub.entryTokens
        for needle in needles where !needle.isEmpty {
            let rows = try db.query("""
                SELECT sequence, payload FROM events WHERE business = ? AND sequence <= ? AND instr(payload, ?) > 0
                """, [.text(scrub.business), .integer(through), .text(needle)]) { row in (sequence: row.int64(0), payload: row.text(1)) }
            for row in rows {
                guard let event = try? LoggedEvent.decode(row.payload), let clean = scrub.scrubbed(event) else { continue }
                try db.run("UPDATE events SET payload = ? WHERE business = ? AND sequence = ?",
                           [.text(clean.encoded()), .text(scrub.business), .integer(row.sequence)])
            }
        }
    }

    /// SMS rows keep kind, status, dates and cost (the body becomes a filler of the same
    /// encoding and length, so segment statistics do not move); an SMS not sent yet is
    /// abandoned. Calendar rows keep their operation with an anonymous summary.
    private static func scrubOutbox(business: String, entryID: Int, _ db: SQLiteConnection) throws(StoreError) {
        let rows = try db.query("SELECT id, kind, payload, status FROM outbox WHERE business = ? AND entry_id = ?",
                                [.text(business), .int(entryID)]) { row in
            (id: row.int(0), kind: row.text(1), payload: row.text(2), status: row.text(3))
        }
        for row in rows {
            if row.kind == OutboxKind.sms {
                var payload = SMSPayload.decode(row.payload) ?? SMSPayload(to: "", body: "", template: "", entryID: entryID)
                payload.to = ""
                payload.body = SMSFiller.sameCost(as: payload.body)
                let status = row.status == "pending" ? "dead" : row.status
                try db.run("UPDATE outbox SET payload = ?, status = ?, last_error = ? WHERE id = ?",
                           [.text(payload.encoded()), .text(status),
                            row.status == "pending" ? .text("personal data erased before sending") : .null, .int(row.id)])
            } else if var operation = CalendarOperation.decode(row.payload) {
                operation.summary = operation.action == .delete ? ""
                    : EffectBatchBuilder.summary(nil, units: operation.units, hold: operation.uid.hasPrefix(EngineEffect.holdIDPrefix))
                try db.run("UPDATE outbox SET payload = ?, last_error = NULL WHERE id = ?", [.text(operation.encoded()), .int(row.id)])
            } else {
                try db.run("UPDATE outbox SET payload = '{}', last_error = NULL WHERE id = ?", [.int(row.id)])
            }
        }
    }
}

/// A text that costs the same as an SMS body (same encoding, same length in units) and says
/// nothing: what an erased SMS body becomes, so the statistics' segment counts stay right.
enum SMSFiller {
    static func sameCost(as body: String) -> String {
        let info = SMSEncoding.analyze(body)
        // "x" is one GSM-7 septet; "ō" is outside GSM-7 and one UTF-16 unit.
        return String(repeating: info.encoding == .gsm7 ? "x" : "ō", count: info.units)
    }
}
