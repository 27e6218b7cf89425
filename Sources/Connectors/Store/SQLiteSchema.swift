/// The database schema as an ordered list of migrations, and the code that brings a database
/// file up to date. Each migration runs in its own BEGIN IMMEDIATE transaction and records its
/// version in `schema_migrations`, so a crash mid-upgrade leaves the file at a known version
/// and two processes opening the same file at once cannot apply a migration twice.
import Foundation

/// Versioned migrations of the SQLite store.
enum SQLiteSchema {
    /// Migration scripts; version N is `migrations[N - 1]`. Append only: never edit a shipped one.
    static let migrations: [String] = [version1, version2, version3, version4, version5, version6, version7, version8,
                                       version9]

    /// Version 2 (issue 5): a calendar connector's own sync state (sync token, channel, cached
    /// events, JSON) kept with the cursor so a restart resumes incremental sync.
    static let version2 = """
        ALTER TABLE calendar_sync ADD COLUMN state TEXT;
        """

    /// Version 3 (issue 6): dashboard admins and their sessions. `business` NULL is a platform
    /// admin who sees every establishment. Sessions are keyed by the SHA-256 of their token, so
    /// a copy of the database opens no session.
    static let version3 = """
        CREATE TABLE admins (
            email TEXT PRIMARY KEY,
            business TEXT,
            password_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE admin_sessions (
            token_digest TEXT PRIMARY KEY,
            email TEXT NOT NULL,
            csrf TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX admin_sessions_by_email ON admin_sessions (email);
        """

    /// Version 4 (issue 6): the history of every establishment's rule file, one row per
    /// version that ran (saved in the dashboard or picked up from the folder), with its text
    /// so a rollback never depends on `rule_sources` (keyed by digest, shared between
    /// businesses). Existing rule sources become the first versions, author « fichier ».
    static let version4 = """
        CREATE TABLE rule_versions (
            business TEXT NOT NULL,
            version INTEGER NOT NULL,
            digest TEXT NOT NULL,
            author_email TEXT NOT NULL,
            saved_at INTEGER NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (business, version)
        ) STRICT;
        INSERT INTO rule_versions (business, version, digest, author_email, saved_at, source)
            SELECT business, ROW_NUMBER() OVER (PARTITION BY business ORDER BY loaded_at, rowid), digest, 'fichier', loaded_at, source
            FROM rule_sources;
        """

    /// Version 5 (issue 6): what the SMS provider says became of each message. The dispatcher
    /// stores the provider's reference (Twilio's MessageSid, Brevo's messageId) with the `sent`
    /// update; Twilio's status callbacks find the row by it and record the delivery status, its
    /// error code, and when it was delivered. Not personal data: an erasure keeps them.
    static let version5 = """
        ALTER TABLE outbox ADD COLUMN provider_ref TEXT;
        ALTER TABLE outbox ADD COLUMN delivery_status TEXT;
        ALTER TABLE outbox ADD COLUMN delivery_error TEXT;
        ALTER TABLE outbox ADD COLUMN delivered_at INTEGER;
        CREATE INDEX outbox_by_provider_ref ON outbox (provider_ref);
        """

    /// Version 6 (issue 13): erasures still owed to the embedded SMS file (`DATA/sms.jsonl`).
    /// A row is written with the erasure's own transaction and deleted once the file was
    /// rewritten without the number's lines, so a failed rewrite is retried (by the scheduler
    /// and at start) until it succeeds instead of being forgotten. The phone is kept only as
    /// its SHA-256, like the STOP list.
    static let version6 = """
        CREATE TABLE pending_sms_erasures (
            business TEXT NOT NULL,
            phone_digest TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (business, phone_digest)
        ) STRICT;
        """

    /// Version 7 (issue 13): stored trigger answers keep no link. The `url` of each stored
    /// answer held a working link secret in clear; it is emptied, and a replay mints a fresh
    /// secret for the entry instead (`WaitlistService.replayedBody`).
    static let version7 = """
        UPDATE idempotency SET response_body = json_set(response_body, '$.url', '')
            WHERE json_valid(response_body) AND json_type(response_body, '$.url') = 'text';
        """

    /// Version 8 (issue 13): sign-in failures and slowdowns, shown in the journal of the
    /// account's establishment (`business` NULL: a platform admin or an unknown email, shown
    /// to platform admins). `text` is the journal's line, email and address already masked;
    /// each establishment keeps its latest 1 000.
    static let version8 = """
        CREATE TABLE security_events (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            business TEXT,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL
        ) STRICT;
        CREATE INDEX security_events_by_business ON security_events (business, id);
        """

    /// Version 9 (issue 13): the installation's id, drawn once, which the calendar ids of its
    /// bookings and holds carry (`CalendarIdentity`), so two data folders or two establishments
    /// on one calendar never take each other's events for their own. Entries that existed
    /// before were booked as `speedai-booking-N`; `legacy_booking_ids` keeps, per business, the
    /// first entry number that is not of that kind. `outbox.step` is the logged event whose
    /// effects queued the row: when a row dies, the rows of the same step die with it (a
    /// refused booking's confirmation SMS), and only those.
    static let version9 = """
        CREATE TABLE installation (
            id TEXT NOT NULL
        ) STRICT;
        INSERT INTO installation (id) VALUES (lower(hex(randomblob(6))));
        CREATE TABLE legacy_booking_ids (
            business TEXT PRIMARY KEY,
            below_entry INTEGER NOT NULL
        ) STRICT;
        INSERT INTO legacy_booking_ids (business, below_entry) SELECT business, MAX(id) + 1 FROM entries GROUP BY business;
        ALTER TABLE outbox ADD COLUMN step INTEGER;
        """

    /// The newest schema version this build knows.
    static var currentVersion: Int { migrations.count }

    /// Brings the database of `connection` to `currentVersion`. Throws `.open` when the file
    /// was written by a newer build (its version is above ours): we must not guess its shape.
    static func migrate(_ connection: SQLiteConnection) throws(StoreError) {
        while true {
            try connection.execute("BEGIN IMMEDIATE")
            do throws(StoreError) {
                try connection.execute("""
                    CREATE TABLE IF NOT EXISTS schema_migrations (
                        version INTEGER PRIMARY KEY,
                        applied_at INTEGER NOT NULL
                    )
                    """)
                // Read under the write lock: another process may have migrated meanwhile.
                let version = try appliedVersion(connection)
                if version > currentVersion {
                    throw StoreError.open(path: connection.path, message: """
                        the database is at schema version \(version) but this build of speedai-rules \
                        knows only versions up to \(currentVersion); run a newer speedai-rules or \
                        restore a backup made for this version
                        """)
                }
                if version == currentVersion {
                    try connection.execute("COMMIT")
                    return
                }
                try connection.execute(migrations[version])
                try connection.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                                   [.int(version + 1), .integer(Int64(Date().timeIntervalSince1970))])
                try connection.execute("COMMIT")
            } catch {
                if connection.isInTransaction { try? connection.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// The highest version recorded in `schema_migrations` (0 for a new file).
    static func appliedVersion(_ connection: SQLiteConnection) throws(StoreError) -> Int {
        try connection.queryFirst("SELECT COALESCE(MAX(version), 0) FROM schema_migrations") { $0.int(0) } ?? 0
    }

    /// Version 1: the event log and snapshots (the source of truth), the projections the
    /// pages and dashboard read, the outbox, and what the CLI shares with the server.
    /// STRICT tables make SQLite refuse a value of the wrong type instead of storing it.
    static let version1 = """
        CREATE TABLE events (
            business TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            at INTEGER NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            UNIQUE (business, sequence)
        ) STRICT;
        CREATE INDEX events_by_time ON events (business, at);

        CREATE TABLE snapshots (
            business TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            at INTEGER NOT NULL,
            rule_digest TEXT NOT NULL,
            state TEXT NOT NULL,
            PRIMARY KEY (business, sequence)
        ) STRICT;

        CREATE TABLE rule_sources (
            digest TEXT PRIMARY KEY,
            business TEXT NOT NULL,
            source TEXT NOT NULL,
            loaded_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE entries (
            business TEXT NOT NULL,
            id INTEGER NOT NULL,
            status TEXT NOT NULL,
            phone TEXT NOT NULL,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            email TEXT NOT NULL,
            requested INTEGER NOT NULL,
            service TEXT NOT NULL,
            slots TEXT NOT NULL,
            party_size INTEGER NOT NULL,
            source TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (business, id)
        ) STRICT;
        CREATE INDEX entries_by_status ON entries (business, status);
        CREATE INDEX entries_by_requested ON entries (business, requested);
        CREATE INDEX entries_by_creation ON entries (business, created_at);

        CREATE TABLE history (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            business TEXT NOT NULL,
            entry_id INTEGER,
            at INTEGER NOT NULL,
            from_status TEXT,
            to_status TEXT,
            reason TEXT NOT NULL
        ) STRICT;
        CREATE INDEX history_by_entry ON history (business, entry_id);

        CREATE TABLE offers (
            business TEXT NOT NULL,
            engine_token TEXT NOT NULL,
            entry_id INTEGER NOT NULL,
            slot_start INTEGER NOT NULL,
            service TEXT NOT NULL,
            sent_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            PRIMARY KEY (business, engine_token)
        ) STRICT;

        CREATE TABLE timers (
            business TEXT NOT NULL,
            key TEXT NOT NULL,
            due INTEGER NOT NULL,
            PRIMARY KEY (business, key)
        ) STRICT;
        CREATE INDEX timers_by_due ON timers (business, due);

        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            business TEXT NOT NULL,
            entry_id INTEGER,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'dead')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL,
            sent_at INTEGER
        ) STRICT;
        CREATE INDEX outbox_by_due ON outbox (status, next_attempt_at);
        CREATE INDEX outbox_by_entry ON outbox (business, entry_id);

        CREATE TABLE public_tokens (
            digest TEXT PRIMARY KEY,
            business TEXT NOT NULL,
            kind TEXT NOT NULL,
            engine_token TEXT NOT NULL,
            entry_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) STRICT;

        CREATE TABLE idempotency (
            scope TEXT NOT NULL,
            key TEXT NOT NULL,
            request_digest TEXT NOT NULL,
            status INTEGER NOT NULL,
            response_body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (scope, key)
        ) STRICT;

        CREATE TABLE calendar_sync (
            business TEXT PRIMARY KEY,
            provider TEXT NOT NULL,
            cursor TEXT NOT NULL,
            last_polled_at INTEGER NOT NULL,
            last_changed_at INTEGER,
            last_error TEXT
        ) STRICT;

        CREATE TABLE calendar_events (
            business TEXT NOT NULL,
            uid TEXT NOT NULL,
            start_at INTEGER NOT NULL,
            end_at INTEGER NOT NULL,
            resource TEXT NOT NULL,
            units INTEGER NOT NULL,
            summary TEXT NOT NULL,
            PRIMARY KEY (business, uid)
        ) STRICT;
        CREATE INDEX calendar_events_by_start ON calendar_events (business, start_at);

        CREATE TABLE businesses (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            time_zone TEXT NOT NULL,
            slot_seconds INTEGER NOT NULL,
            rule_digest TEXT NOT NULL,
            updated_at INTEGER NOT NULL
        ) STRICT;
        """
}
