/// Turns one `StoreBatch` into SQL on the write connection. The caller (the group-commit
/// writer) wraps each batch in a SAVEPOINT, so whatever this throws undoes the whole batch
/// and nothing else.
import Runtime

/// Applies batches to a write connection inside an open transaction.
enum SQLiteBatchWriter {
    /// Writes every part of `batch`. Order matters in two places: timers are deleted (fired,
    /// removed) before the batch's new timers are upserted, so a rescheduled key survives; and
    /// calendar changes apply in the order given.
    static func apply(_ batch: StoreBatch, to db: SQLiteConnection) throws(StoreError) {
        if let row = batch.idempotency { try insertIdempotency(row, db) }
        if let event = batch.event { try insertEvent(event, db) }
        if let snapshot = batch.snapshot {
            try db.run("INSERT OR REPLACE INTO snapshots (business, sequence, at, rule_digest, state) VALUES (?, ?, ?, ?, ?)",
                       [.text(snapshot.business), .integer(snapshot.sequence), .instant(snapshot.at),
                        .text(snapshot.ruleDigest), .text(snapshot.state)])
        }
        if let rule = batch.ruleSource {
            try db.run("INSERT OR IGNORE INTO rule_sources (digest, business, source, loaded_at) VALUES (?, ?, ?, ?)",
                       [.text(rule.digest), .text(rule.business), .text(rule.source), .instant(rule.loadedAt)])
        }
        if let version = batch.ruleVersion { try SQLiteStore.insertRuleVersion(version, db) }
        for business in batch.businesses {
            try db.run("""
                INSERT OR REPLACE INTO businesses (id, name, time_zone, slot_seconds, rule_digest, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(business.id), .text(business.name), .text(business.timeZone),
                      .integer(business.slotSeconds), .text(business.ruleDigest), .instant(business.updatedAt)])
        }
        for entry in batch.entries { try upsertEntry(entry, db) }
        for line in batch.history {
            try db.run("INSERT INTO history (business, entry_id, at, from_status, to_status, reason) VALUES (?, ?, ?, ?, ?, ?)",
                       [.text(line.business), .optionalInt(line.entryID), .instant(line.at),
                        .optionalText(line.from), .optionalText(line.to), .text(line.reason)])
        }
        for offer in batch.offers {
            try db.run("""
                INSERT OR REPLACE INTO offers (business, engine_token, entry_id, slot_start, service, sent_at, expires_at, outcome)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [.text(offer.business), .text(offer.engineToken), .int(offer.entryID), .instant(offer.slotStart),
                      .text(offer.service), .instant(offer.sentAt), .instant(offer.expiresAt), .text(offer.outcome)])
        }
        if let fired = batch.timersFiredThrough {
            try db.run("DELETE FROM timers WHERE business = ? AND due <= ?", [.text(fired.business), .instant(fired.due)])
        }
        for timer in batch.timersRemoved {
            try db.run("DELETE FROM timers WHERE business = ? AND key = ?", [.text(timer.business), .text(timer.key)])
        }
        for timer in batch.timersScheduled {
            try db.run("INSERT OR REPLACE INTO timers (business, key, due) VALUES (?, ?, ?)",
                       [.text(timer.business), .text(timer.key), .instant(timer.due)])
        }
        for item in batch.outbox {
            try db.run("""
                INSERT INTO outbox (business, entry_id, kind, payload, status, attempts, next_attempt_at, created_at, step)
                VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?)
                """, [.text(item.business), .optionalInt(item.entryID), .text(item.kind), .text(item.payload),
                      .instant(item.nextAttemptAt), .instant(item.createdAt), item.step.map { .integer($0) } ?? .null])
        }
        for update in batch.outboxUpdates { try updateOutbox(update, db) }
        for report in batch.deliveryReports { try applyDeliveryReport(report, db) }
        for token in batch.tokens { try insertToken(token, db) }
        if let sync = batch.calendarSync {
            try db.run("""
                INSERT OR REPLACE INTO calendar_sync (business, provider, cursor, last_polled_at, last_changed_at, last_error, state)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(sync.business), .text(sync.provider), .text(sync.cursor), .instant(sync.lastPolledAt),
                      .optionalInstant(sync.lastChangedAt), .optionalText(sync.lastError), .optionalText(sync.state)])
        }
        for change in batch.calendarChanges {
            switch change {
            case let .book(event, capacity):
                try checkRoom(for: event, capacity: capacity, db)
                fallthrough
            case .upsert(let event):
                try db.run("""
                    INSERT OR REPLACE INTO calendar_events (business, uid, start_at, end_at, resource, units, summary)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, [.text(event.business), .text(event.uid), .instant(event.start), .instant(event.end),
                          .text(event.resource), .int(event.units), .text(event.summary)])
            case .delete(let business, let uid):
                try db.run("DELETE FROM calendar_events WHERE business = ? AND uid = ?", [.text(business), .text(uid)])
            }
        }
        try applyAdmins(batch, db)
        if let scrub = batch.privacy { try applyPrivacy(scrub, snapshotSequence: batch.snapshot?.sequence, db) }
        for event in batch.securityEvents {
            let business = SQLiteValue.optionalText(event.business)
            try db.run("INSERT INTO security_events (business, at, kind, text) VALUES (?, ?, ?, ?)",
                       [business, .instant(event.at), .text(event.kind), .text(event.text)])
            // Each journal keeps its latest 1 000: a guessing flood cannot grow the file.
            try db.run("""
                DELETE FROM security_events WHERE business IS ? AND id <= (
                    SELECT id FROM security_events WHERE business IS ? ORDER BY id DESC LIMIT 1 OFFSET 1000)
                """, [business, business])
        }
        for done in batch.smsFileErasuresDone {
            try db.run("DELETE FROM pending_sms_erasures WHERE business = ? AND phone_digest = ?",
                       [.text(done.business), .text(done.phoneDigest)])
        }
    }

    /// Throws `.conflict` when `event` no longer fits in its time next to the other bookings of
    /// its business (holds aside, an earlier write of the same uid aside).
    private static func checkRoom(for event: LocalCalendarEvent, capacity: Int, _ db: SQLiteConnection) throws(StoreError) {
        let others = try db.query("""
            SELECT start_at, end_at, units, resource FROM calendar_events
            WHERE business = ? AND uid <> ? AND substr(uid, 1, ?) <> ? AND start_at < ? AND end_at > ?
            """, [.text(event.business), .text(event.uid), .int(EngineEffect.holdIDPrefix.count), .text(EngineEffect.holdIDPrefix),
                  .instant(event.end), .instant(event.start)]) { row in
            (start: row.instant(0), end: row.instant(1), units: row.int(2), resource: row.text(3))
        }
        let competing = others.filter { PeakOccupancy.shareCapacity(event.resource, $0.resource) }
            .map { OccupiedSpan(start: $0.start, end: $0.end, units: $0.units) }
        let taken = PeakOccupancy.units(competing, from: event.start, to: event.end)
        guard taken + event.units > capacity else { return }
        throw .conflict("slot no longer free: the calendar already holds \(taken) of \(capacity) places at that time, \(event.units) needed")
    }

    /// Removed admins (with their sessions) before upserted ones, so removing and adding one email
    /// in a batch replaces the account and ends its sessions; then new sessions, then closed ones.
    private static func applyAdmins(_ batch: StoreBatch, _ db: SQLiteConnection) throws(StoreError) {
        for email in batch.adminsRemoved {
            try db.run("DELETE FROM admin_sessions WHERE email = ?", [.text(email)])
            try db.run("DELETE FROM admins WHERE email = ?", [.text(email)])
        }
        for admin in batch.admins {
            try db.run("INSERT OR REPLACE INTO admins (email, business, password_hash, created_at) VALUES (?, ?, ?, ?)",
                       [.text(admin.email), .optionalText(admin.business), .text(admin.passwordHash),
                        .instant(admin.createdAt)])
        }
        for session in batch.sessions {
            do throws(StoreError) {
                try db.run("""
                    INSERT INTO admin_sessions (token_digest, email, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
                    """, [.text(session.tokenDigest), .text(session.email), .text(session.csrf),
                          .instant(session.createdAt), .instant(session.expiresAt)])
            } catch {
                throw uniqueAsConflict(error, "an admin session with digest \(session.tokenDigest.prefix(12))... already exists")
            }
        }
        for digest in batch.sessionsRemoved {
            try db.run("DELETE FROM admin_sessions WHERE token_digest = ?", [.text(digest)])
        }
        if let expired = batch.sessionsExpiredBy {
            try db.run("DELETE FROM admin_sessions WHERE expires_at <= ?", [.integer(expired.seconds)])
        }
    }

    private static func insertIdempotency(_ row: IdempotencyRow, _ db: SQLiteConnection) throws(StoreError) {
        do throws(StoreError) {
            try db.run("""
                INSERT INTO idempotency (scope, key, request_digest, status, response_body, created_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """, [.text(row.scope), .text(row.key), .text(row.requestDigest), .int(row.status),
                      .text(row.responseBody), .instant(row.createdAt)])
        } catch {
            throw uniqueAsConflict(error, "the idempotency key \"\(row.key)\" was already used")
        }
    }

    private static func insertEvent(_ event: LoggedEventRow, _ db: SQLiteConnection) throws(StoreError) {
        do throws(StoreError) {
            try db.run("INSERT INTO events (business, sequence, at, kind, payload) VALUES (?, ?, ?, ?, ?)",
                       [.text(event.business), .integer(event.sequence), .instant(event.at), .text(event.kind),
                        .text(event.payload)])
        } catch {
            throw uniqueAsConflict(error, "event \(event.sequence) of business \"\(event.business)\" is already logged")
        }
    }

    private static func insertToken(_ token: PublicTokenRow, _ db: SQLiteConnection) throws(StoreError) {
        do throws(StoreError) {
            try db.run("""
                INSERT INTO public_tokens (digest, business, kind, engine_token, entry_id, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(token.digest), .text(token.business), .text(token.kind), .text(token.engineToken),
                      .int(token.entryID), .instant(token.createdAt), .instant(token.expiresAt)])
        } catch {
            throw uniqueAsConflict(error, "a public link with digest \(token.digest.prefix(12))... already exists")
        }
    }

    private static func upsertEntry(_ entry: EntryRow, _ db: SQLiteConnection) throws(StoreError) {
        try db.run("""
            INSERT OR REPLACE INTO entries (business, id, status, phone, first_name, last_name, email, requested,
                service, slots, party_size, source, created_at, updated_at, json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(entry.business), .int(entry.id), .text(entry.status), .text(entry.phone),
                  .text(entry.firstName), .text(entry.lastName), .text(entry.email), .instant(entry.requested),
                  .text(entry.service), .text(SlotList.encode(entry.slots)), .int(entry.partySize),
                  .text(entry.source), .instant(entry.createdAt), .instant(entry.updatedAt), .text(entry.json)])
    }

    private static func updateOutbox(_ update: OutboxUpdate, _ db: SQLiteConnection) throws(StoreError) {
        let changed = try db.run("""
            UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, sent_at = ?,
                payload = COALESCE(?, payload), provider_ref = COALESCE(?, provider_ref)
            WHERE id = ?
            """, [.text(update.status.rawValue), .int(update.attempts), .instant(update.nextAttemptAt),
                  .optionalText(update.lastError), .optionalInstant(update.sentAt), .optionalText(update.payload),
                  .optionalText(update.providerRef), .integer(update.id)])
        // Ids come from the store; an unknown one means the caller's view is stale or wrong.
        if changed == 0 { throw .conflict("outbox row \(update.id) does not exist") }
    }

    /// A UNIQUE/PRIMARY KEY violation as `.conflict(message)`; any other error unchanged.
    private static func uniqueAsConflict(_ error: StoreError, _ message: String) -> StoreError {
        if case .sqlite(let code, _, _) = error, SQLiteConnection.isUniqueViolation(code) { return .conflict(message) }
        return error
    }
}
