/// The baseline of the durable trigger target (issue 7): raw SQLite, one row per
/// transaction, `journal_mode=WAL`, `synchronous=FULL`, in a folder on the same disk as the
/// service's data, measured in the same run as the service (`scripts/bench-http.sh` calls
/// `speedai-bench sqlite-baseline DIR SECONDS`). One thread, one prepared INSERT, each
/// statement its own transaction: every commit waits for its own fsync, which is exactly
/// what the service's group commit is meant to beat.
import CSQLite
import Foundation

enum SQLiteBaseline {
    /// Commits per second of one-row transactions into `folder/sqlite-baseline.db` for
    /// `seconds`, with the given journal mode ("wal" or "delete"); the files are removed after.
    static func commitsPerSecond(folder: String, seconds: Double, journalMode: String = "wal") throws -> (commits: Int, perSecond: Double) {
        let path = folder + "/sqlite-baseline.db"
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        defer { for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            throw BenchError("cannot open \(path)")
        }
        defer { sqlite3_close_v2(db) }
        func execute(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError("\(sql): \(String(cString: sqlite3_errmsg(db)))") }
        }
        try execute("PRAGMA journal_mode=\(journalMode); PRAGMA synchronous=FULL;")
        try execute("CREATE TABLE entries (id INTEGER PRIMARY KEY, phone TEXT NOT NULL, slot TEXT NOT NULL, payload TEXT NOT NULL)")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO entries (phone, slot, payload) VALUES (?, ?, ?)", -1, &statement, nil) == SQLITE_OK else {
            throw BenchError("prepare: \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        // A row about the size of a waitlist entry's.
        let payload = String(repeating: "x", count: 200)
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .milliseconds(Int64(seconds * 1000))
        var commits = 0
        while clock.now < deadline {
            let phone = "+336\(10_000_000 + commits)"
            sqlite3_bind_text(statement, 1, phone, -1, transient)
            sqlite3_bind_text(statement, 2, "2030-01-18T19:30:00", -1, transient)
            sqlite3_bind_text(statement, 3, payload, -1, transient)
            guard sqlite3_step(statement) == SQLITE_DONE else { throw BenchError("insert: \(String(cString: sqlite3_errmsg(db)))") }
            sqlite3_reset(statement)
            commits += 1
        }
        let elapsed = Double((clock.now - start).nanoseconds) / 1e9
        return (commits, Double(commits) / elapsed)
    }
}

/// `speedai-bench sqlite-baseline DIR [SECONDS] [wal|delete]`: prints `sqlite-baseline
/// commits/s N` (and records it) for the HTTP script.
func benchmarkSQLiteBaseline(_ arguments: [String]) {
    let folder = arguments.first ?? NSTemporaryDirectory()
    let seconds = arguments.count > 1 ? Double(arguments[1]) ?? 5 : 5
    let mode = arguments.count > 2 ? arguments[2] : "wal"
    do {
        let result = try SQLiteBaseline.commitsPerSecond(folder: folder, seconds: seconds, journalMode: mode)
        print("sqlite-baseline journal_mode=\(mode) synchronous=FULL: \(result.commits) commits in \(format(seconds, decimals: 1)) s, "
              + "commits/s \(format(result.perSecond, decimals: 0))")
        BenchReport.record(section: 8, id: "sqlite.\(mode)", figure: "raw SQLite one-row commits, journal_mode=\(mode), synchronous=FULL",
                           value: result.perSecond, unit: "commits/s", note: "\(result.commits) commits in \(format(seconds, decimals: 1)) s, in \(folder)")
    } catch {
        print("error: \(error)")
        exit(1)
    }
}
