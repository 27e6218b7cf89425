/// The read side of `SQLiteStore`: every query of `WaitlistStore`, each on a pooled read
/// connection so reads never wait for the writer (WAL) nor for each other.
import Runtime

extension SQLiteStore {
    // MARK: Engine log and snapshots

    public func latestSnapshot(business: String) throws(StoreError) -> EngineSnapshotRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("""
                SELECT business, sequence, at, rule_digest, state FROM snapshots
                WHERE business = ? ORDER BY sequence DESC LIMIT 1
                """, [.text(business)]) { row in
                EngineSnapshotRow(business: row.text(0), sequence: row.int64(1), at: row.instant(2),
                                  ruleDigest: row.text(3), state: row.text(4))
            }
        }
    }

    public func events(business: String, after sequence: Int64) throws(StoreError) -> [LoggedEventRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT business, sequence, at, kind, payload FROM events
                WHERE business = ? AND sequence > ? ORDER BY sequence
                """, [.text(business), .integer(sequence)], row: Self.eventRow)
        }
    }

    public func events(business: String, from: Instant, to: Instant) throws(StoreError) -> [LoggedEventRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT business, sequence, at, kind, payload FROM events
                WHERE business = ? AND at >= ? AND at < ? ORDER BY sequence
                """, [.text(business), .instant(from), .instant(to)], row: Self.eventRow)
        }
    }

    public func ruleSource(digest: String) throws(StoreError) -> String? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("SELECT source FROM rule_sources WHERE digest = ?", [.text(digest)]) { $0.text(0) }
        }
    }

    // MARK: Lookups for pages and the API

    public func publicToken(digest: String) throws(StoreError) -> PublicTokenRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("""
                SELECT digest, business, kind, engine_token, entry_id, created_at, expires_at
                FROM public_tokens WHERE digest = ?
                """, [.text(digest)]) { row in
                PublicTokenRow(digest: row.text(0), business: row.text(1), kind: row.text(2), engineToken: row.text(3),
                               entryID: row.int(4), createdAt: row.instant(5), expiresAt: row.instant(6))
            }
        }
    }

    public func idempotencyRecord(scope: String, key: String) throws(StoreError) -> IdempotencyRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("""
                SELECT scope, key, request_digest, status, response_body, created_at
                FROM idempotency WHERE scope = ? AND key = ?
                """, [.text(scope), .text(key)]) { row in
                IdempotencyRow(scope: row.text(0), key: row.text(1), requestDigest: row.text(2), status: row.int(3),
                               responseBody: row.text(4), createdAt: row.instant(5))
            }
        }
    }

    public func entries(business: String, limit: Int) throws(StoreError) -> [EntryRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT \(Self.entryColumns)
                FROM entries WHERE business = ? ORDER BY created_at DESC, id DESC LIMIT ?
                """, [.text(business), .int(max(0, limit))], row: Self.entryRow)
        }
    }

    /// The columns `entryRow` reads, in order.
    static let entryColumns = """
        business, id, status, phone, first_name, last_name, email, requested, service, slots,
        party_size, source, created_at, updated_at, json
        """

    /// An `EntryRow` from a statement positioned on a row of `entryColumns`.
    static func entryRow(_ row: SQLiteStatement) throws(StoreError) -> EntryRow {
        let slotsText = row.text(9)
        guard let slots = SlotList.decode(slotsText) else {
            throw .corrupt("entry \(row.int(1)) of business \"\(row.text(0))\" has slots \(slotsText), not a JSON array of integers")
        }
        return EntryRow(business: row.text(0), id: row.int(1), status: row.text(2), phone: row.text(3),
                        firstName: row.text(4), lastName: row.text(5), email: row.text(6),
                        requested: row.instant(7), service: row.text(8), slots: slots, partySize: row.int(10),
                        source: row.text(11), createdAt: row.instant(12), updatedAt: row.instant(13),
                        json: row.text(14))
    }

    // MARK: Outbox

    public func dueOutbox(now: Instant, limit: Int) throws(StoreError) -> [OutboxRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT \(Self.outboxColumns) FROM outbox
                WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, [.instant(now), .int(max(0, limit))], row: Self.outboxRow)
        }
    }

    public func nextOutboxDue() throws(StoreError) -> Instant? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'") { $0.optionalInstant(0) } ?? nil
        }
    }

    public func outboxCounts() throws(StoreError) -> [OutboxStatus: Int] {
        try readers.withConnection { db throws(StoreError) in
            var counts = Dictionary(uniqueKeysWithValues: OutboxStatus.allCases.map { ($0, 0) })
            let rows = try db.query("SELECT status, COUNT(*) FROM outbox GROUP BY status") { ($0.text(0), $0.int(1)) }
            for (status, count) in rows {
                guard let known = OutboxStatus(rawValue: status) else { throw .corrupt("outbox status \"\(status)\"") }
                counts[known] = count
            }
            return counts
        }
    }

    public func outbox(business: String, entryID: Int) throws(StoreError) -> [OutboxRow] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("SELECT \(Self.outboxColumns) FROM outbox WHERE business = ? AND entry_id = ? ORDER BY id",
                         [.text(business), .int(entryID)], row: Self.outboxRow)
        }
    }

    // MARK: Local calendar

    public func localCalendarEvents(business: String, from: Instant) throws(StoreError) -> [LocalCalendarEvent] {
        try readers.withConnection { db throws(StoreError) in
            try db.query("""
                SELECT business, uid, start_at, end_at, resource, units, summary FROM calendar_events
                WHERE business = ? AND end_at > ? ORDER BY start_at, uid
                """, [.text(business), .instant(from)]) { row in
                LocalCalendarEvent(business: row.text(0), uid: row.text(1), start: row.instant(2), end: row.instant(3),
                                   resource: row.text(4), units: row.int(5), summary: row.text(6))
            }
        }
    }

    // MARK: Businesses and calendar sync

    public func business(id: String) throws(StoreError) -> BusinessRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("""
                SELECT id, name, time_zone, slot_seconds, rule_digest, updated_at FROM businesses WHERE id = ?
                """, [.text(id)]) { row in
                BusinessRow(id: row.text(0), name: row.text(1), timeZone: row.text(2), slotSeconds: row.int64(3),
                            ruleDigest: row.text(4), updatedAt: row.instant(5))
            }
        }
    }

    public func installation() throws(StoreError) -> InstallationRow {
        try readers.withConnection { db throws(StoreError) in
            guard let id = try db.queryFirst("SELECT id FROM installation", row: { $0.text(0) }) else {
                throw StoreError.corrupt("the installation table has no id")
            }
            let legacy = try db.query("SELECT business, below_entry FROM legacy_booking_ids") { ($0.text(0), $0.int(1)) }
            return InstallationRow(id: id, legacyBookingsBelow: Dictionary(legacy, uniquingKeysWith: { first, _ in first }))
        }
    }

    public func calendarSync(business: String) throws(StoreError) -> CalendarSyncRow? {
        try readers.withConnection { db throws(StoreError) in
            try db.queryFirst("""
                SELECT business, provider, cursor, last_polled_at, last_changed_at, last_error, state
                FROM calendar_sync WHERE business = ?
                """, [.text(business)]) { row in
                CalendarSyncRow(business: row.text(0), provider: row.text(1), cursor: row.text(2),
                                lastPolledAt: row.instant(3), lastChangedAt: row.optionalInstant(4),
                                lastError: row.optionalText(5), state: row.optionalText(6))
            }
        }
    }

    // MARK: Row mapping

    private static func eventRow(_ row: SQLiteStatement) -> LoggedEventRow {
        LoggedEventRow(business: row.text(0), sequence: row.int64(1), at: row.instant(2), kind: row.text(3),
                       payload: row.text(4))
    }

    private static let outboxColumns = """
        id, business, entry_id, kind, payload, status, attempts, next_attempt_at, last_error, created_at, sent_at, step
        """

    private static func outboxRow(_ row: SQLiteStatement) throws(StoreError) -> OutboxRow {
        let statusText = row.text(5)
        guard let status = OutboxStatus(rawValue: statusText) else {
            throw .corrupt("outbox row \(row.int64(0)) has status \"\(statusText)\"")
        }
        return OutboxRow(id: row.int64(0), business: row.text(1), entryID: row.optionalInt(2), kind: row.text(3),
                         payload: row.text(4), status: status, attempts: row.int(6), nextAttemptAt: row.instant(7),
                         lastError: row.optionalText(8), createdAt: row.instant(9), sentAt: row.optionalInstant(10),
                         step: row.isNull(11) ? nil : row.int64(11))
    }
}
