import CSQLite
import Foundation
import Testing
@testable import Connectors

@Suite struct SQLiteConnectionTests {
    private func openTemporary() throws -> SQLiteConnection {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("connection-\(UUID()).db").path
        return try SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags)
    }

    @Test func bindsAndReadsEveryType() throws {
        let db = try openTemporary()
        defer { db.close() }
        try db.execute("CREATE TABLE t (i INTEGER, r REAL, s TEXT, b BLOB, n TEXT)")
        try db.run("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                   [.integer(Int64.min), .real(2.5), .text("héllo\u{0}wörld"), .blob([0, 1, 255]), .null])
        let row = try db.queryFirst("SELECT i, r, s, b, n FROM t") { row in
            (row.int64(0), row.double(1), row.text(2), row.blob(3), row.optionalText(4), row.isNull(4))
        }
        let values = try #require(row)
        #expect(values.0 == Int64.min)
        #expect(values.1 == 2.5)
        #expect(values.2 == "héllo\u{0}wörld")
        #expect(values.3 == [0, 1, 255])
        #expect(values.4 == nil)
        #expect(values.5)
    }

    @Test func emptyTextAndBlobAreNotNull() throws {
        let db = try openTemporary()
        defer { db.close() }
        try db.execute("CREATE TABLE t (s TEXT, b BLOB)")
        try db.run("INSERT INTO t VALUES (?, ?)", [.text(""), .blob([])])
        let nulls = try db.queryFirst("SELECT s IS NULL, b IS NULL, typeof(s) FROM t") { ($0.int(0), $0.int(1), $0.text(2)) }
        #expect(nulls?.0 == 0)
        #expect(nulls?.1 == 0)
        #expect(nulls?.2 == "text")
        #expect(try db.queryFirst("SELECT s FROM t") { $0.optionalText(0) } == "")
    }

    @Test func statementsAreCachedAndComeBackReset() throws {
        let db = try openTemporary()
        defer { db.close() }
        try db.execute("CREATE TABLE t (v INTEGER)")
        for value in 1...3 { try db.run("INSERT INTO t VALUES (?)", [.int(value)]) }
        let first = try db.prepare("SELECT v FROM t ORDER BY v")
        #expect(try first.step())
        #expect(first.int(0) == 1)
        let second = try db.prepare("SELECT v FROM t ORDER BY v")
        #expect(first === second)
        #expect(try second.step())
        #expect(second.int(0) == 1)
        second.reset()
        #expect(try db.query("SELECT v FROM t ORDER BY v") { $0.int(0) } == [1, 2, 3])
    }

    @Test func runReportsChangedRows() throws {
        let db = try openTemporary()
        defer { db.close() }
        try db.execute("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1), (2), (3);")
        #expect(try db.run("DELETE FROM t WHERE v >= ?", [.int(2)]) == 2)
        #expect(try db.run("DELETE FROM t WHERE v >= ?", [.int(2)]) == 0)
    }

    @Test func syntaxErrorCarriesSQLitesMessageAndTheStatement() throws {
        let db = try openTemporary()
        defer { db.close() }
        do throws(StoreError) {
            _ = try db.prepare("SELEC 1")
            Issue.record("expected a syntax error")
        } catch {
            guard case let .sqlite(code, message, sql) = error else { Issue.record("unexpected \(error)"); return }
            #expect(code == SQLITE_ERROR)
            #expect(message.contains("syntax error"))
            #expect(sql == "SELEC 1")
        }
    }

    @Test func executeErrorNamesTheTable() throws {
        let db = try openTemporary()
        defer { db.close() }
        #expect(throws: StoreError.sqlite(code: SQLITE_ERROR, message: "no such table: missing", sql: "DELETE FROM missing")) {
            try db.execute("DELETE FROM missing")
        }
    }

    @Test func wrongNumberOfValuesIsRefused() throws {
        let db = try openTemporary()
        defer { db.close() }
        try db.execute("CREATE TABLE t (a INTEGER, b INTEGER)")
        #expect(throws: StoreError.sqlite(code: SQLITE_RANGE, message: "1 values for 2 parameters",
                                          sql: "INSERT INTO t VALUES (?, ?)")) {
            try db.run("INSERT INTO t VALUES (?, ?)", [.int(1)])
        }
        #expect(try db.queryFirst("SELECT COUNT(*) FROM t") { $0.int(0) } == 0)
    }

    @Test func uniqueViolationsAreRecognised() throws {
        let db = try openTemporary()
        defer { db.close() }
        try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, u TEXT UNIQUE, n TEXT NOT NULL)")
        try db.run("INSERT INTO t VALUES ('a', 'x', 'n')")
        for (sql, unique) in [("INSERT INTO t VALUES ('a', 'y', 'n')", true),
                              ("INSERT INTO t VALUES ('b', 'x', 'n')", true),
                              ("INSERT INTO t VALUES ('c', 'z', NULL)", false)] {
            do throws(StoreError) {
                try db.run(sql)
                Issue.record("expected a constraint error for \(sql)")
            } catch {
                guard case .sqlite(let code, _, _) = error else { Issue.record("unexpected \(error)"); continue }
                #expect(code & 0xFF == SQLITE_CONSTRAINT)
                #expect(SQLiteConnection.isUniqueViolation(code) == unique)
            }
        }
    }

    @Test func openingInAMissingDirectoryFailsWithThePath() {
        let path = "/nonexistent-\(UUID())/x.db"
        #expect(throws: StoreError.open(path: path, message: "unable to open database file")) {
            _ = try SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags)
        }
    }

    @Test func closedConnectionRefusesWork() throws {
        let db = try openTemporary()
        db.close()
        db.close()
        #expect(throws: StoreError.closed) { try db.execute("SELECT 1") }
        #expect(throws: StoreError.closed) { _ = try db.prepare("SELECT 1") }
    }

    @Test func excerptKeepsTheFirstWordsOnOneLine() {
        #expect(SQLiteConnection.excerpt("SELECT a,\n    b\tFROM t") == "SELECT a, b FROM t")
        let long = String(repeating: "word ", count: 40)
        #expect(SQLiteConnection.excerpt(long).count == 80)
        #expect(SQLiteConnection.excerpt(long).hasSuffix("..."))
    }
}
