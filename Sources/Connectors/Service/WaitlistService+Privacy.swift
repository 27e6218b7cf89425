/// GDPR on the service: export everything held about a phone number, erase it, and the daily
/// retention purge. Every erasure is one logged `anonymise` event (ids only) applied through
/// `apply`, so the engine's invariants hold; its batch carries a fresh snapshot of the scrubbed
/// state, the compaction of the log up to it and the scrub of the tables around the engine, all
/// in one transaction. See docs/privacy.md.
import Foundation
import Runtime

/// What an erasure removed in one establishment.
public struct PrivacyErasure: Sendable, Equatable {
    /// The establishment.
    public var business: String
    /// Entries anonymised.
    public var entries: Int
    /// Lines removed from the embedded SMS file (`DATA/sms.jsonl`).
    public var smsFileLines: Int
    /// Why the SMS file could not be rewritten, nil when it was (or there is none). The
    /// erasure stays pending and is retried until the file is clean.
    public var smsFileError: String?

    public init(business: String, entries: Int, smsFileLines: Int, smsFileError: String? = nil) {
        self.business = business
        self.entries = entries
        self.smsFileLines = smsFileLines
        self.smsFileError = smsFileError
    }
}

extension WaitlistService {
    /// Everything held about `phone` (any spelling `PhoneNumber` accepts) in `businesses`, as
    /// a JSON object; nil when the number is invalid.
    public func privacyExport(phone raw: String, businesses: [String]) throws(ServiceError) -> [String: Any]? {
        guard let phone = PhoneNumber.normalize(raw) else { return nil }
        var found: [[String: Any]] = []
        for business in businesses.sorted() {
            guard let runtime = runtime(business) else { continue }
            let (entries, offers, optedOut, zone) = runtime.state.withLock { state in
                let entries = state.engine.state.entries.filter { $0.phone == phone }
                let ids = Set(entries.map(\.id))
                return (entries, state.engine.state.offers.filter { ids.contains($0.entryID) },
                        state.engine.state.optedOut.contains(phone), state.engine.zone)
            }
            guard !entries.isEmpty || optedOut else { continue }
            func local(_ instant: Instant) -> String { LocalTimeText.withOffset(instant, zone: zone) }
            var entryObjects: [[String: Any]] = []
            for entry in entries {
                let sms: [OutboxRow]
                do { sms = try store.outbox(business: business, entryID: entry.id) } catch { throw .storage(error) }
                entryObjects.append([
                    "id": entry.id, "status": entry.status.rawValue, "phone": entry.phone, "source": entry.source,
                    "first_name": entry.form?.firstName ?? "", "last_name": entry.form?.lastName ?? "",
                    "email": entry.form?.email ?? "", "party_size": entry.form?.partySize ?? 0,
                    "requested_slot": local(entry.requested), "service": entry.service,
                    "chosen_slots": (entry.form?.slots ?? []).map(local),
                    "history": entry.history.map { ["at": local($0.at), "from": $0.from?.rawValue ?? NSNull(),
                                                     "to": $0.to?.rawValue ?? NSNull(), "reason": $0.reason] as [String: Any] },
                    "offers": offers.filter { $0.entryID == entry.id }.map {
                        ["slot": local($0.slot.start), "sent_at": local($0.sentAt), "expires_at": local($0.expiresAt),
                         "outcome": $0.outcome.rawValue] as [String: Any]
                    },
                    "messages": sms.map(Self.exportedOutbox),
                ])
            }
            found.append(["business": business, "opted_out": optedOut, "entries": entryObjects])
        }
        return ["phone": phone, "establishments": found]
    }

    /// Erases `phone` from `businesses`: open entries are closed first (offers withdrawn,
    /// holds released), then every entry is anonymised and the log compacted. `by` names who
    /// asked (an admin's email). An establishment holding nothing is left out of the answer,
    /// unless an earlier erasure there still owes the SMS file its rewrite: that is retried.
    /// The SMS file's part is recorded in the erasure's transaction and settled once the file
    /// is rewritten, so a failed rewrite (`smsFileError`) stays pending and is retried.
    public func privacyErase(phone raw: String, businesses: [String], by: String) throws(ServiceError) -> [PrivacyErasure]? {
        guard let phone = PhoneNumber.normalize(raw) else { return nil }
        let digest = Digest.sha256Hex(phone)
        let pending: Set<PendingSMSFileErasure>
        do { pending = Set(try store.pendingSMSFileErasures()) } catch { throw .storage(error) }
        var erasures: [PrivacyErasure] = []
        for business in businesses.sorted() {
            guard let runtime = runtime(business) else { continue }
            let ids = runtime.state.withLock { state in
                state.engine.state.entries.filter { $0.phone == phone && $0.anonymisedAt == nil }.map(\.id)
            }
            let owed = PendingSMSFileErasure(business: business, phoneDigest: digest)
            let sink = smsFileSink(for: business)
            guard !ids.isEmpty || pending.contains(owed) else { continue }
            var erased = 0
            if !ids.isEmpty {
                erased = try anonymise(ids, of: business, by: "demande du client, par \(by)", closeOpen: true,
                                       smsFileDigests: sink == nil ? [] : [digest])
            }
            var lines = 0
            var failure: String?
            if let sink {
                switch settleSMSFileErasures([owed], sink: sink) {
                case .success(let removed): lines = removed
                case .failure(let failed): failure = failed.reason
                }
            }
            erasures.append(PrivacyErasure(business: business, entries: erased, smsFileLines: lines, smsFileError: failure))
        }
        return erasures
    }

    /// The embedded SMS file a business's erasures rewrite: its own file sink, else the
    /// service's (`DATA/sms.jsonl`, which may hold lines from before a switch to a provider).
    func smsFileSink(for business: String) -> FileSMSSink? {
        connectors(for: business).sms as? FileSMSSink ?? defaultConnectors.sms as? FileSMSSink
    }

    /// Retries every erasure the SMS file still owes (the scheduler calls it every minute and
    /// at start). Returns how many were settled.
    @discardableResult
    public func retryPendingSMSFileErasures() -> Int {
        let pending: [PendingSMSFileErasure]
        do { pending = try store.pendingSMSFileErasures() } catch {
            telemetry.log(.error, "pending SMS file erasures unreadable", ["error": .string(error.description)])
            return 0
        }
        var settled = 0
        for (business, rows) in Dictionary(grouping: pending, by: \.business).sorted(by: { $0.key < $1.key }) {
            guard let sink = smsFileSink(for: business) else { continue }
            if case .success = settleSMSFileErasures(rows, sink: sink) { settled += rows.count }
        }
        return settled
    }

    /// Rewrites the SMS file without the lines of `owed` and deletes their pending rows: the
    /// lines removed, or why the file could not be rewritten (the rows stay, to retry).
    private func settleSMSFileErasures(_ owed: [PendingSMSFileErasure], sink: FileSMSSink) -> Result<Int, SMSFileErasureFailure> {
        let removed: Int
        do { removed = try sink.erase(phoneDigests: Set(owed.map(\.phoneDigest))) } catch {
            telemetry.log(.error, "SMS file not rewritten after erasure; retried later",
                          ["business": .string(owed.first?.business ?? ""), "path": .string(sink.path), "error": .string("\(error)")])
            return .failure(SMSFileErasureFailure(reason: "\(error)"))
        }
        var batch = StoreBatch()
        batch.smsFileErasuresDone = owed
        do { try store.commit(batch) } catch {
            // The file is clean; the row stays and the next retry finds nothing to remove.
            telemetry.log(.error, "pending SMS file erasure not settled", ["error": .string(error.description)])
        }
        return .success(removed)
    }

    /// Anonymises the closed entries of every business whose retention ran out, once a day
    /// per business (and at the first pass after a start). Returns how many were anonymised.
    @discardableResult
    public func purgeExpiredPersonalData() -> Int {
        let now = clock.now()
        var total = 0
        for business in businessIDs {
            let due = privacyPurges.withLock { last -> Bool in
                guard last[business].map({ now.seconds - $0.seconds >= 86_400 }) ?? true else { return false }
                last[business] = now
                return true
            }
            guard due, let runtime = runtime(business) else { continue }
            let (ids, days) = runtime.state.withLock { state -> ([Int], Int64) in
                let retention = state.engine.rules.retention
                let ids = state.engine.state.entries.filter { entry in
                    guard entry.status.isFinal, entry.anonymisedAt == nil,
                          let closed = entry.history.last(where: { $0.to != nil })?.at else { return false }
                    return closed + retention <= now
                }.map(\.id)
                return (ids, retention.components.seconds / 86_400)
            }
            guard !ids.isEmpty else { continue }
            do {
                total += try anonymise(ids, of: business, by: "conservation \(days) j", closeOpen: false)
            } catch {
                telemetry.log(.error, "retention purge failed", ["business": .string(business), "error": .string(error.description)])
            }
        }
        return total
    }

    /// Logs one `anonymise` event for `ids` with the scrub and compaction in its batch; returns
    /// how many entries were anonymised.
    /// `smsFileDigests` are recorded as pending SMS file erasures in the same transaction.
    func anonymise(_ ids: [Int], of business: String, by: String, closeOpen: Bool,
                   smsFileDigests: [String] = []) throws(ServiceError) -> Int {
        guard let runtime = runtime(business) else { throw .unknownBusiness(business) }
        // Read under the lock before the event: afterwards the engine has forgotten them.
        let (secrets, phones, stopDigests, pseudonyms, tokens, retention) = runtime.state.withLock { state in
            let entries = ids.compactMap { state.engine.state.entry($0) }.filter { $0.anonymisedAt == nil }
            let phones = Set(entries.map(\.phone)).filter { !$0.isEmpty }
            let secrets = Set(phones).union(entries.compactMap { $0.form?.email }.filter { !$0.isEmpty })
            let stopped = phones.filter { state.engine.state.optedOut.contains($0) }
            var pseudonyms: [String: String] = [:]
            for entry in entries.sorted(by: { $0.id < $1.id }) where !entry.phone.isEmpty && pseudonyms[entry.phone] == nil {
                pseudonyms[entry.phone] = "effacé-\(entry.id)"
            }
            return (secrets.sorted(), phones.sorted(), stopped.map { Digest.sha256Hex($0) }.sorted(), pseudonyms,
                    entries.map(\.token), state.engine.rules.retention)
        }
        let dropBefore = clock.now() - retention
        let event = LoggedEvent.anonymise(entryIDs: ids, by: by, closeOpen: closeOpen, stopDigests: stopDigests)
        let applied = try apply(event, to: business, snapshotNow: true, prepare: { builder, engine in
            let erased = ids.filter { engine.state.entry($0)?.anonymisedAt != nil }
            let carried = Set(engine.state.entries.lazy.filter { $0.anonymisedAt == nil }.map(\.phone))
            var scrub = PrivacyScrub(business: business, establishmentID: engine.rules.establishment.id,
                                     entryIDs: erased, entrySecrets: secrets,
                                     forgottenPhones: phones.filter { !carried.contains($0) }, compact: true,
                                     phonePseudonyms: pseudonyms, entryTokens: tokens, dropEventsBefore: dropBefore)
            scrub.smsFileDigests = smsFileDigests
            builder.batch.privacy = scrub
        }, inspect: { engine, _ in ids.filter { engine.state.entry($0)?.anonymisedAt != nil }.count })
        pageCache.remove(business: business, engineTokens: tokens)
        (store as? SQLiteStore)?.checkpointTruncate()
        telemetry.log(.info, "personal data erased", ["business": .string(business), "entries": .int(applied.result)])
        return applied.result
    }

    static func exportedOutbox(_ row: OutboxRow) -> [String: Any] {
        var object: [String: Any] = ["kind": row.kind, "status": row.status.rawValue]
        if let sms = SMSPayload.decode(row.payload) {
            object["to"] = sms.to
            object["body"] = sms.body
            object["template"] = sms.template
        } else if let operation = CalendarOperation.decode(row.payload) {
            object["calendar"] = operation.action.rawValue
            object["summary"] = operation.summary
            object["start"] = operation.start.description
        }
        object["created_at"] = row.createdAt.description
        object["sent_at"] = row.sentAt?.description ?? NSNull()
        return object
    }
}

/// Why the embedded SMS file could not be rewritten after an erasure.
struct SMSFileErasureFailure: Error {
    let reason: String
}
