/// The crash campaign's verdict, read from the data folder once the service is stopped: the
/// SQLite file (through the store's own connection type), the SMS file and the local calendar.
/// Each check returns the problems it found in plain words, so one failing run says everything
/// that went wrong at once.
@testable import Connectors
import Foundation

/// The database as the checks read it.
struct CrashDatabase {
    let connection: SQLiteConnection

    /// Opens `DATA/speedai.db` (the service must be stopped, or at least not in the way).
    init(dataDirectory: URL) throws {
        connection = try SQLiteConnection(path: dataDirectory.appendingPathComponent("speedai.db").path,
                                          flags: SQLiteConnection.readFlags)
    }

    /// `PRAGMA integrity_check`: "ok", or SQLite's list of problems.
    func integrity() throws -> String {
        try connection.query("PRAGMA integrity_check") { $0.text(0) }.joined(separator: "; ")
    }

    /// One entry row.
    struct Entry {
        var id: Int
        var status: String
        var phone: String
        var firstName: String
        var partySize: Int
        var slots: [Int64]
    }

    /// Every entry of the test bistro, by id.
    func entries() throws -> [Int: Entry] {
        let rows = try connection.query("SELECT id, status, phone, first_name, party_size, slots FROM entries WHERE business = ?",
                                        [.text(TestBistro.id)]) { row in
            Entry(id: row.int(0), status: row.text(1), phone: row.text(2), firstName: row.text(3), partySize: row.int(4),
                  slots: (SlotList.decode(row.text(5)) ?? []).map(\.seconds))
        }
        return Dictionary(rows.map { ($0.id, $0) }) { first, _ in first }
    }

    /// One offer: its outcome and deadline.
    struct Offer {
        var token: String
        var entryID: Int
        var outcome: String
        var expiresAt: Int64
        var slotStart: Int64
    }

    /// Every offer, by engine token.
    func offers() throws -> [String: Offer] {
        let rows = try connection.query("SELECT engine_token, entry_id, outcome, expires_at, slot_start FROM offers WHERE business = ?",
                                        [.text(TestBistro.id)]) { row in
            Offer(token: row.text(0), entryID: row.int(1), outcome: row.text(2), expiresAt: row.int64(3), slotStart: row.int64(4))
        }
        return Dictionary(rows.map { ($0.token, $0) }) { first, _ in first }
    }

    /// The engine token behind an offer link's secret (`public_tokens` keeps only digests).
    func engineToken(secret: String) throws -> String? {
        try connection.queryFirst("SELECT engine_token FROM public_tokens WHERE digest = ?", [.text(Digest.sha256Hex(secret))]) { $0.text(0) }
    }

    /// Outbox ids of SMS rows by status.
    func smsOutbox() throws -> [(id: Int, status: String)] {
        try connection.query("SELECT id, status FROM outbox WHERE kind = 'sms'") { (id: $0.int(0), status: $0.text(1)) }
    }

    /// The local calendar: (uid, start, end, units).
    func calendar() throws -> [(uid: String, start: Int64, end: Int64, units: Int)] {
        try connection.query("SELECT uid, start_at, end_at, units FROM calendar_events WHERE business = ?", [.text(TestBistro.id)]) {
            (uid: $0.text(0), start: $0.int64(1), end: $0.int64(2), units: $0.int(3))
        }
    }
}

/// The checks of one campaign.
struct CrashCampaignChecks {
    let ledger: CrashLedger.State
    let database: CrashDatabase
    let sms: [SentSMS]
    /// Offers as they stood just before the final clock advance (replies are judged on it).
    let offersBeforeAdvance: [String: CrashDatabase.Offer]
    /// The slot starts of the evening and the capacity of each.
    let slotStarts: [Int64]
    let capacity: Int

    /// Every problem found, by check name; a check with no problem passed.
    func run() throws -> [(check: String, problems: [String])] {
        [("integrity", try integrity()),
         ("acknowledged triggers", try triggers()),
         ("acknowledged forms", try forms()),
         ("acknowledged replies", try replies()),
         ("no SMS twice", try smsOnce()),
         ("capacity", try capacityKept()),
         ("cancellations kept", try cancellations()),
         ("freed places offered", try freedPlacesOffered())]
    }

    func integrity() throws -> [String] {
        let result = try database.integrity()
        return result == "ok" ? [] : ["PRAGMA integrity_check: \(result)"]
    }

    /// Every acknowledged trigger has its entry with its phone; no entry comes from nowhere.
    func triggers() throws -> [String] {
        let entries = try database.entries()
        var problems: [String] = []
        for trigger in ledger.triggers {
            guard let entry = entries[trigger.entryID] else {
                problems.append("acknowledged trigger for \(trigger.phone) (entry \(trigger.entryID)) has no entry")
                continue
            }
            if entry.phone != trigger.phone { problems.append("entry \(trigger.entryID) has phone \(entry.phone), acknowledged for \(trigger.phone)") }
        }
        let phones = entries.values.map(\.phone)
        for phone in Set(phones) where !ledger.phonesSent.contains(phone) { problems.append("entry for \(phone), never sent") }
        for phone in Set(phones) where phones.filter({ $0 == phone }).count > 1 { problems.append("\(phone) has several entries") }
        return problems
    }

    /// Every acknowledged form's data is on its entry.
    func forms() throws -> [String] {
        let entries = try database.entries()
        return ledger.forms.compactMap { form in
            guard let entry = entries[form.entryID] else { return "acknowledged form of entry \(form.entryID): no entry" }
            guard entry.firstName == form.firstName, entry.partySize == form.partySize, entry.slots.sorted() == form.slots else {
                return "entry \(form.entryID) lost its acknowledged form: has \(entry.firstName), party \(entry.partySize), slots \(entry.slots); "
                    + "acknowledged \(form.firstName), party \(form.partySize), slots \(form.slots)"
            }
            return nil
        }
    }

    /// Every acknowledged Oui/Non had its effect (or the offer was already past its deadline),
    /// and what the customer read right after still holds.
    func replies() throws -> [String] {
        let offersNow = try database.offers()
        let entries = try database.entries()
        let bookings = Set(try database.calendar().map(\.uid))
        var problems: [String] = []
        for reply in ledger.replies {
            let what = "\(reply.accept ? "Oui" : "Non") on offer SMS #\(reply.outboxID) (entry \(reply.entryID))"
            guard let token = try database.engineToken(secret: reply.secret), let before = offersBeforeAdvance[token],
                  let now = offersNow[token] else {
                problems.append("\(what): its offer is gone")
                continue
            }
            if before.outcome == "open" && before.expiresAt > reply.acknowledgedAt {
                problems.append("\(what) acknowledged at \(reply.acknowledgedAt), offer still open (deadline \(before.expiresAt)): answer lost")
            }
            switch reply.told {
            case "booked":
                if now.outcome != "accepted" { problems.append("\(what): told « C’est confirmé », offer now \(now.outcome)") }
                let cancelled = ledger.cancelledUIDs.contains { WaitlistBookingUID.names($0, entryID: reply.entryID) }
                if entries[reply.entryID]?.status != "confirmed" && !cancelled {
                    problems.append("\(what): told « C’est confirmé », entry now \(entries[reply.entryID]?.status ?? "missing")")
                }
                if !bookings.contains(where: { WaitlistBookingUID.names($0, entryID: reply.entryID) }) && !cancelled {
                    problems.append("\(what): told « C’est confirmé », no booking of entry \(reply.entryID) in the calendar")
                }
            case "declined":
                if now.outcome != "declined" { problems.append("\(what): told « C’est noté », offer now \(now.outcome)") }
            default: break
            }
        }
        return problems
    }

    /// Each outbox id at most once in the SMS file, no two SMS with the same text to the same
    /// phone, every SMS written comes from an outbox row, every row marked sent was written.
    func smsOnce() throws -> [String] {
        var problems: [String] = []
        var seen: [Int: Int] = [:]
        for message in sms { seen[message.outboxID, default: 0] += 1 }
        for (id, count) in seen where count > 1 { problems.append("outbox #\(id) written \(count) times") }
        var texts: [String: Int] = [:]
        // Invitations and offers carry a fresh link secret each: the same text twice is a resend.
        for message in sms where message.template == "initial" || message.template == "offer" { texts["\(message.to)|\(message.body)", default: 0] += 1 }
        for (text, count) in texts where count > 1 { problems.append("same SMS sent \(count) times: \(text.prefix(120))") }
        let outbox = try database.smsOutbox()
        let rows = Dictionary(outbox.map { ($0.id, $0.status) }) { first, _ in first }
        for id in seen.keys where rows[id] == nil { problems.append("SMS file has outbox #\(id), the outbox has no such row") }
        for row in outbox where row.status == "sent" && seen[row.id] == nil { problems.append("outbox #\(row.id) marked sent, never written") }
        return problems
    }

    /// No slot holds more covers than its capacity in the local calendar (bookings and holds).
    func capacityKept() throws -> [String] {
        let events = try database.calendar()
        return slotStarts.compactMap { start in
            let end = start + 30 * 60
            let inSlot = events.filter { $0.start < end && $0.end > start }
            let units = inSlot.reduce(0) { $0 + $1.units }
            return units > capacity ? "slot \(start): \(units) covers > capacity \(capacity): \(inSlot.map(\.uid))" : nil
        }
    }

    /// Every acknowledged `calendar cancel` stays cancelled.
    func cancellations() throws -> [String] {
        let uids = Set(try database.calendar().map(\.uid))
        return ledger.cancelledUIDs.filter(uids.contains).map { "cancelled \($0) is back in the calendar" }
    }

    /// No freed place is forgotten: a slot with free covers and a waiting entry that fits has
    /// an open offer (a cancellation seen just before a crash must still reach the queue).
    func freedPlacesOffered() throws -> [String] {
        let events = try database.calendar().filter { !$0.uid.hasPrefix("speedai-hold-") }
        let entries = try database.entries().values.filter { $0.status == "waiting" }
        let offers = try database.offers().values
        let open = offers.filter { $0.outcome == "open" }
        return slotStarts.compactMap { start in
            let end = start + 30 * 60
            let free = capacity - events.filter { $0.start < end && $0.end > start }.reduce(0) { $0 + $1.units }
            // An entry that already let this slot go (Non, or no answer in time) is not offered
            // it again: the engine files the start among its refused slots.
            let refused = Set(offers.filter { $0.slotStart == start && $0.outcome != "open" }.map(\.entryID))
            let fitting = entries.filter { $0.slots.contains(start) && $0.partySize <= free && !refused.contains($0.id) }
            guard free > 0, !fitting.isEmpty, !open.contains(where: { $0.slotStart == start }) else { return nil }
            return "slot \(start): \(free) free, \(fitting.count) waiting entries fit (first \(fitting.map(\.id).sorted().prefix(3))), no open offer"
        }
    }
}
