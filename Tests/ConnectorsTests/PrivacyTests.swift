/// GDPR on a real SQLite file: erasure by phone leaves no copy anywhere in the database (every
/// TEXT column of every table, and the file's bytes once checkpointed), keeps the statistics,
/// survives a restart (the compacted log replays), keeps honouring STOP, stays within its
/// establishment; the retention purge anonymises only closed entries past `retention`.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite("Privacy: export, erasure and retention")
struct PrivacyTests {
    static let secrets = ["612345678", "Camille", "Perrin", "camille@example.fr"]

    /// Trigger plus form for `phone`; returns the entry id.
    @discardableResult
    static func join(_ fixture: ServiceFixture, phone: String, first: String = "Camille", last: String = "Perrin",
                     email: String = "camille@example.fr", slot: String = "19:30") throws -> Int {
        let answer = ServiceFixture.json(fixture.service.handleTrigger(ServiceFixture.trigger(
            ServiceFixture.triggerBody(phone: phone, slot: "2030-03-14T\(slot):00"), idempotencyKey: UUID().uuidString)))
        let url = try #require(answer["url"] as? String)
        let secret = ServiceFixture.secret(of: url)
        let posted = fixture.service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", first), ("nom", last), ("telephone", phone), ("email", email),
            ("couverts", "1"), ("creneaux", "2030-03-14T\(slot)"),
        ]), secret: secret)
        #expect(posted.status == 303)
        return try #require(answer["entry_id"] as? Int)
    }

    /// Every TEXT value of every table that contains one of `needles`, as "table: value".
    static func leaks(_ path: String, _ needles: [String]) throws -> [String] {
        let db = try SQLiteConnection(path: path, flags: SQLiteConnection.readWriteFlags)
        defer { db.close() }
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let tables = try db.query("SELECT name FROM sqlite_master WHERE type = 'table'") { $0.text(0) }
        var found: [String] = []
        for table in tables {
            let columns = try db.query("PRAGMA table_info(\(table))") { $0.text(1) }
            for column in columns {
                let values = try db.query("SELECT CAST(\(column) AS TEXT) FROM \(table) WHERE \(column) IS NOT NULL") { $0.text(0) }
                for value in values where needles.contains(where: { value.contains($0) }) {
                    found.append("\(table).\(column): \(value.prefix(120))")
                }
            }
        }
        return found
    }

    static func count(_ fixture: ServiceFixture, _ sql: String) throws -> Int {
        let db = try SQLiteConnection(path: fixture.store.path, flags: SQLiteConnection.readWriteFlags)
        defer { db.close() }
        return try db.queryFirst(sql) { $0.int(0) } ?? -1
    }

    static func figures(_ fixture: ServiceFixture) throws -> [Int] {
        let rows = try fixture.store.statisticsRows(business: "testbistro", from: Instant(seconds: 0), to: Instant(seconds: 4_000_000_000))
        let stats = WaitlistStatistics.compute(entries: rows.entries, offers: rows.offers, history: rows.history,
                                               smsBodies: rows.smsBodies, from: Instant(seconds: 0),
                                               to: Instant(seconds: 4_000_000_000), zone: ZoneConverter(identifier: "Europe/Paris")!)
        return [stats.invited, stats.joined, stats.offered, stats.confirmed, stats.offersSent, stats.declines,
                stats.timeouts, stats.smsCount, stats.smsSegments, stats.smsGSM7Count, stats.smsUCS2Count]
    }

    @Test("erasure by phone leaves no trace in any column nor in the file, keeps the statistics, and replays")
    func eraseLeavesNoTrace() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        let erasedID = try Self.join(fixture, phone: "06 12 34 56 78")
        try Self.join(fixture, phone: "06 99 88 77 66", first: "Jules", last: "Martin", email: "jules@example.fr", slot: "20:00")
        // A freed table makes an offer to Camille (SMS with her first name).
        var batch = StoreBatch()
        batch.calendarChanges = [.delete(business: "testbistro", uid: "b-1-0")]
        try fixture.store.commit(batch)
        fixture.service.pollCalendars(force: true)
        fixture.service.dispatchOutbox()
        #expect(fixture.sms.messages.contains { $0.template == "offer" && $0.to == "+33612345678" })
        #expect(try !Self.leaks(fixture.store.path, Self.secrets).isEmpty, "the test must start with data to erase")
        let statsBefore = try Self.figures(fixture)
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM idempotency") == 2)
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM public_tokens WHERE entry_id = \(erasedID)") > 0)

        let exported = try #require(try fixture.service.privacyExport(phone: "+33 6 12 34 56 78", businesses: ["testbistro"]))
        let text = APIJSON.text(exported)
        #expect(text.contains("Camille") && text.contains("camille@example.fr") && text.contains("\"template\":\"offer\""))
        // The person reads the history in French, not the engine's English trace.
        #expect(text.contains("lien de liste d’attente envoyé par SMS (agent vocal)"), "\(text)")
        #expect(!text.contains("waitlist link sent") && !text.contains("\"reason\""))

        let erased = try #require(try fixture.service.privacyErase(phone: "0612345678", businesses: ["testbistro"], by: "admin@bistro.fr"))
        #expect(erased == [PrivacyErasure(business: "testbistro", entries: 1, smsFileLines: 0)])
        let entry = try #require(fixture.service.runtime("testbistro")?.state.withLock { $0.engine.state.entry(erasedID) })
        #expect(entry.status == .removed && entry.phone == "")
        #expect(try Self.figures(fixture) == statsBefore, "statistics must not move")
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM idempotency") == 1, "the erased entry's stored API answer is gone")
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM public_tokens WHERE entry_id = \(erasedID)") == 0)
        // The log behind the new snapshot stays for export-tape and the rules preview, with the
        // customer replaced by a stand-in.
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM events WHERE business = 'testbistro'") > 0, "events kept for tapes")
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM events WHERE kind = 'trigger' AND instr(payload, 'effacé-\(erasedID)') > 0") == 1)
        let tape = fixture.folder + "/tape-after-erasure"
        let summary = try TapeExporter(store: fixture.store, business: "testbistro").export(from: "2030-03-01", to: "2030-04-01", into: tape)
        #expect(summary.entries == 2, "both customers are still told apart in the tape")
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM snapshots WHERE business = 'testbistro'") == 1)
        #expect(try Self.leaks(fixture.store.path, Self.secrets) == [])
        // Jules is untouched.
        #expect(try Self.leaks(fixture.store.path, ["Jules", "998877"]).count > 0)

        // Restart on the same file: the compacted log rebuilds the same engine.
        let before = fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state }
        let reopened = try ServiceFixture(folder: fixture.folder, clock: fixture.clock)
        #expect(reopened.service.runtime("testbistro")!.state.withLock { $0.engine.state } == before)
        reopened.store.close()
        fixture.store.close()
        for suffix in ["", "-wal"] {
            let bytes = FileManager.default.contents(atPath: fixture.folder + "/speedai.db" + suffix) ?? Data()
            for secret in Self.secrets {
                #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(secret) is still in the bytes of speedai.db\(suffix)")
            }
        }
    }

    @Test("erasing twice finds nothing; an invalid number is refused")
    func eraseTwice() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        try Self.join(fixture, phone: "06 12 34 56 78")
        #expect(try fixture.service.privacyErase(phone: "0612345678", businesses: ["testbistro"], by: "a")?.count == 1)
        #expect(try fixture.service.privacyErase(phone: "0612345678", businesses: ["testbistro"], by: "a") == [])
        let export = try #require(try fixture.service.privacyExport(phone: "0612345678", businesses: ["testbistro"]))
        #expect((export["establishments"] as? [Any])?.isEmpty == true)
        #expect(try fixture.service.privacyErase(phone: "not a phone", businesses: ["testbistro"], by: "a") == nil)
    }

    @Test("STOP is still honoured after erasure, by digest only")
    func stopSurvivesErasure() throws {
        let fixture = try ServiceFixture()
        try fixture.fillEvening()
        try Self.join(fixture, phone: "06 12 34 56 78")
        _ = try fixture.service.apply(.stop(phone: "+33612345678"), to: "testbistro", inspect: { _, _ in () })
        _ = try fixture.service.privacyErase(phone: "0612345678", businesses: ["testbistro"], by: "a")
        #expect(try Self.leaks(fixture.store.path, ["612345678"]) == [])
        let again = fixture.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: "06 12 34 56 78")))
        #expect(again.status == 409)
        #expect(ServiceFixture.json(again)["code"] as? String == "opted_out" || String(decoding: again.body, as: UTF8.self).contains("opted_out"))
        let reopened = try ServiceFixture(folder: fixture.folder, clock: fixture.clock)
        #expect(reopened.service.handleTrigger(ServiceFixture.trigger(ServiceFixture.triggerBody(phone: "0612345678"))).status == 409)
    }

    /// `testbistro` with a joined entry for 06 12 34 56 78, and `otherbistro` where the same
    /// number was invited: one customer known to two establishments.
    static func twoEstablishments() throws -> ServiceFixture {
        let fixture = try ServiceFixture()
        let other = ServiceFixture.rules.replacingOccurrences(of: "\"testbistro\"", with: "\"otherbistro\"")
        try other.write(toFile: fixture.folder + "/rules/otherbistro.rules", atomically: true, encoding: .utf8)
        fixture.service.scanRules()
        try fixture.fillEvening()
        try Self.join(fixture, phone: "06 12 34 56 78")
        _ = try fixture.service.apply(.trigger(phone: "+33612345678", requested: fixture.at("19:30"), source: "phone",
                                               token: "t-other", service: nil), to: "otherbistro", inspect: { _, _ in () })
        return fixture
    }

    @Test("erasure stays within the establishments asked for")
    func tenantIsolation() throws {
        let fixture = try Self.twoEstablishments()
        let erased = try fixture.service.privacyErase(phone: "0612345678", businesses: ["otherbistro"], by: "a")
        #expect(erased?.map(\.business) == ["otherbistro"])
        #expect(fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state.entry(1)?.phone } == "+33612345678")
        #expect(fixture.service.runtime("otherbistro")!.state.withLock { $0.engine.state.entry(1)?.phone } == "")
    }

    @Test("the daily purge anonymises closed entries past the retention, once a day, and says so in the journal")
    func retentionPurge() throws {
        let fixture = try ServiceFixture(rules: ServiceFixture.rules + "privacy {\n  retention = 30d\n}\n")
        try fixture.fillEvening()
        let closed = try Self.join(fixture, phone: "06 12 34 56 78")
        let open = try Self.join(fixture, phone: "06 99 88 77 66", first: "Jules", last: "Martin", email: "j@example.fr", slot: "20:00")
        _ = try fixture.service.apply(.delete(entryID: closed, by: "admin"), to: "testbistro", inspect: { _, _ in () })
        #expect(fixture.service.purgeExpiredPersonalData() == 0, "nothing is old enough on the first day")
        fixture.clock.advance(31 * 86_400)
        #expect(fixture.service.purgeExpiredPersonalData() == 1)
        let state = fixture.service.runtime("testbistro")!.state.withLock { $0.engine.state }
        #expect(state.entry(closed)?.phone == "")
        #expect(state.entry(open)?.phone == "+33699887766", "closed only now (its slot passed): kept until its own retention ends")
        #expect(try fixture.store.journal(business: "testbistro", limit: 10).contains { $0.reason == "1 entry anonymised (conservation 30 j)" })
        #expect(fixture.service.purgeExpiredPersonalData() == 0, "at most once a day")
        #expect(try Self.leaks(fixture.store.path, Self.secrets) == [])
    }

    @Test("the embedded SMS file is rewritten without the erased number, and keeps appending")
    func smsFileRewrite() throws {
        let folder = NSTemporaryDirectory() + "speedai-sms-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sink = try FileSMSSink(path: folder + "/sms.jsonl")
        let at = Instant(seconds: 1_899_716_400)
        for (id, to) in [(1, "+33612345678"), (2, "+33699887766"), (3, "+33612345678")] {
            _ = sink.send(OutboundSMS(outboxID: Int64(id), business: "b", to: to, body: "Bonjour", template: "initial", entryID: id), at: at)
        }
        #expect(try sink.erase(phone: "+33612345678") == 2)
        _ = sink.send(OutboundSMS(outboxID: 4, business: "b", to: "+33600000000", body: "Bonjour", template: "initial", entryID: 4), at: at)
        let text = try String(contentsOfFile: folder + "/sms.jsonl", encoding: .utf8)
        #expect(!text.contains("612345678"))
        #expect(text.split(separator: "\n").count == 2)
        #expect(try sink.erase(phone: "+33612345678") == 0)
    }

    /// Issue 13: a failed rewrite of sms.jsonl was answered as a success (0 lines), never
    /// retried, and a second erasure found nothing to do while the file held the number.
    @Test("a failed SMS file rewrite is reported, stays pending, and is retried until the file is clean")
    func failedSMSFileRewriteIsRetried() throws {
        let folder = NSTemporaryDirectory() + "speedai-sms-retry-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
        try ServiceFixture.rules.write(toFile: folder + "/rules/testbistro.rules", atomically: true, encoding: .utf8)
        let smsPath = folder + "/sms.jsonl"
        let fixture = try ServiceFixture(folder: folder, smsSender: try FileSMSSink(path: smsPath))
        try fixture.fillEvening() // a trigger for a slot with room is refused
        try Self.join(fixture, phone: "06 12 34 56 78")
        fixture.service.dispatchOutbox()
        #expect(try String(contentsOfFile: smsPath, encoding: .utf8).contains("+33612345678"), "the test needs a line to erase")
        // A directory where the rewrite's temporary file goes makes the rewrite fail (even as root).
        try FileManager.default.createDirectory(atPath: smsPath + ".erasing", withIntermediateDirectories: false)

        let first = try #require(try fixture.service.privacyErase(phone: "0612345678", businesses: ["testbistro"], by: "admin@bistro.fr"))
        #expect(first.count == 1 && first[0].entries == 1)
        #expect(first[0].smsFileError != nil, "a failed rewrite is a failure, not 0 lines")
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM pending_sms_erasures") == 1)
        #expect(try String(contentsOfFile: smsPath, encoding: .utf8).contains("+33612345678"))

        let second = try #require(try fixture.service.privacyErase(phone: "+33612345678", businesses: ["testbistro"], by: "admin@bistro.fr"))
        #expect(second.count == 1 && second[0].entries == 0 && second[0].smsFileError != nil,
                "asking again retries the file instead of finding nothing to do")
        #expect(fixture.service.retryPendingSMSFileErasures() == 0)

        try FileManager.default.removeItem(atPath: smsPath + ".erasing")
        #expect(fixture.service.retryPendingSMSFileErasures() == 1)
        #expect(try !String(contentsOfFile: smsPath, encoding: .utf8).contains("612345678"))
        #expect(try Self.count(fixture, "SELECT COUNT(*) FROM pending_sms_erasures") == 0)
        #expect(try fixture.service.privacyErase(phone: "+33612345678", businesses: ["testbistro"], by: "admin@bistro.fr") == [])
    }
}
