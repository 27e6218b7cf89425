/// Sends what the outbox holds: each SMS and calendar write queued with the state change
/// that caused it. A row is marked sent only after the provider acknowledged it; failures
/// are retried with the business's rule-file back-off, then dead-lettered (the dashboard
/// shows them). Rows of one entry go in order: a final SMS never overtakes the booking it
/// confirms, and when the booking dies the SMS of the same step dies with it.
import Foundation
import RuleLang
import Runtime
import Synchronization

/// Which due rows a dispatcher round looks at.
enum OutboxScope: Sendable, Equatable {
    /// Every business's due rows, oldest first (the dispatcher thread).
    case all
    /// One entry's due rows (a Oui writing its booking at once).
    case entry(business: String, entryID: Int)
}

extension WaitlistService {
    /// Delivers every due outbox row once; returns how many rows it handled. A row waiting for
    /// an earlier row of the same entry that this call settles is delivered by this call too.
    @discardableResult
    public func dispatchOutbox(limit: Int = 64) -> Int {
        dispatchOutbox(.all, limit: limit)
    }

    /// Delivers the due rows of `scope` (see `dispatchOutbox(limit:)`).
    @discardableResult
    func dispatchOutbox(_ scope: OutboxScope, limit: Int = 64) -> Int {
        var handled = 0
        for _ in 0..<16 {
            let round = dispatchOutboxRound(limit: limit, scope: scope)
            handled += round.handled
            guard round.unblocked else { break }
        }
        return handled
    }

    /// One pass over the due rows. Its SMS are claimed in one commit, handed to each business's
    /// sender together (the file sink makes them durable with one fsync), and settled in one
    /// commit: three commits a round instead of three per SMS, which kept the dispatcher behind
    /// the triggers under load (make bench). `unblocked`: a row was held back by an earlier row
    /// of its entry that this round settled, so another round can send it now. Rows another
    /// thread is delivering are left to it (`OutboxClaims`).
    private func dispatchOutboxRound(limit: Int, scope: OutboxScope) -> (handled: Int, unblocked: Bool) {
        let now = clock.now()
        var rows: [OutboxRow] = []
        var claimed: Set<Int64> = []
        for _ in 0..<3 {
            let stamp = outboxClaims.stamp()
            do { rows = try dueRows(scope, now: now, limit: limit) } catch {
                telemetry.log(.error, "outbox unreadable", ["error": .string(error.description)])
                return (0, false)
            }
            if let got = outboxClaims.claim(rows.map(\.id), readAt: stamp) {
                claimed = got
                break
            }
        }
        defer { outboxClaims.release(claimed) }
        rows = rows.filter { claimed.contains($0.id) }
        var settled = OutboxSettlement()
        var sms: [(row: OutboxRow, payload: SMSPayload)] = []
        var heldBy: [Int64] = []
        for row in rows {
            if let blocker = earlierUndelivered(row) {
                if blocker.status == .dead {
                    let error = "not sent: an earlier effect of the same step failed (#\(blocker.id))"
                    settled.add(row, .dead, error: error, now: now)
                    if let entryID = row.entryID, Self.isBooking(row) {
                        settled.refusedBookings.append((row.business, entryID, .writeFailed(detail: error)))
                    }
                } else {
                    heldBy.append(blocker.id)
                }
                continue
            }
            switch row.kind {
            case OutboxKind.sms:
                guard let payload = SMSPayload.decode(row.payload) else {
                    settled.add(row, .dead, error: "unreadable SMS payload", now: now)
                    continue
                }
                sms.append((row, payload))
            case OutboxKind.calendar:
                guard var operation = CalendarOperation.decode(row.payload) else {
                    settled.add(row, .dead, error: "unreadable calendar payload", now: now)
                    continue
                }
                operation.marker = (try? calendarIdentity(for: row.business))?.marker(outboxID: row.id)
                settle(row, writing: operation, now: now, into: &settled)
            default:
                settle(row, .permanent("unknown outbox kind '\(row.kind)'"), sms: nil, now: now, into: &settled)
            }
        }
        // Record the attempts before calling the provider: after a crash mid-send the next
        // attempt knows an earlier one may have got through.
        if !sms.isEmpty {
            var claims = StoreBatch()
            claims.outboxUpdates = sms.map { OutboxUpdate(id: $0.row.id, status: .pending, attempts: $0.row.attempts + 1,
                                                          nextAttemptAt: now, lastError: $0.row.lastError, sentAt: nil) }
            try? store.commit(claims)
        }
        let groups = Self.groupedByBusiness(sms)
        let results = sendConcurrently(groups, at: now)
        for (group, groupResults) in zip(groups, results) {
            for ((row, payload), result) in zip(group, groupResults) {
                if case .delivered = result { telemetry.smsDelivered(true) } else { telemetry.smsDelivered(false) }
                settle(row, result, sms: payload, now: now, into: &settled)
            }
        }
        guard commit(settled) else { return (settled.handled, false) }
        for (business, phone) in settled.optedOut {
            // The provider knows this number answered STOP: the engine must stop too.
            _ = try? apply(.stop(phone: phone), to: business, inspect: { _, _ in () })
        }
        for refusal in settled.refusedBookings {
            bookingRefused(refusal.business, entryID: refusal.entryID, reason: refusal.reason)
        }
        if let counts = try? store.outboxCounts() { telemetry.setOutboxDepth(counts[.pending] ?? 0) }
        return (settled.handled, heldBy.contains { settled.ids.contains($0) })
    }

    /// A calendar row: a calendar in this database is written in the same commit as the row's
    /// `sent` mark, so a crash never leaves a booking written with its row still due, which the
    /// restart would write again over a cancellation made meanwhile; a remote one is called.
    private func settle(_ row: OutboxRow, writing operation: CalendarOperation, now: Instant, into settled: inout OutboxSettlement) {
        let calendar = connectors(for: row.business).calendar
        let booking = operation.action == .upsert && !operation.isHold ? operation : nil
        guard let changes = calendar.storeChanges(for: operation, in: store) else {
            settle(row, calendar.apply(operation), sms: nil, booking: booking, now: now, into: &settled)
            return
        }
        var batch = StoreBatch()
        batch.calendarChanges = changes
        batch.outboxUpdates = [OutboxUpdate(id: row.id, status: .sent, attempts: row.attempts + 1, nextAttemptAt: now,
                                            lastError: nil, sentAt: now)]
        do {
            try store.commit(batch)
            settled.addCommitted(row)
        } catch .conflict(let refusal) {
            settle(row, .slotTaken(refusal), sms: nil, booking: booking, now: now, into: &settled)
        } catch {
            settle(row, .retry("local calendar write failed: \(error)"), sms: nil, booking: booking, now: now, into: &settled)
        }
    }

    /// What a provider's answer does to the row; `sms` is the row's payload, already decoded,
    /// when the row is an SMS; `booking`, when it writes a booking (whose death the engine hears of).
    private func settle(_ row: OutboxRow, _ result: DeliveryResult, sms: SMSPayload?, booking: CalendarOperation? = nil,
                        now: Instant, into settled: inout OutboxSettlement) {
        func refuse(_ reason: BookingRefusal) {
            guard booking != nil, let entryID = row.entryID else { return }
            settled.refusedBookings.append((row.business, entryID, reason))
        }
        switch result {
        case .delivered(let reference):
            let masked = sms.map { payload -> String in
                var copy = payload
                copy.body = LinkRedaction.mask(payload.body)
                return copy.encoded()
            }
            // Kept so the provider's delivery reports (Twilio status callbacks) find the row.
            settled.add(row, .sent, error: nil, now: now, payload: masked, providerRef: sms == nil ? nil : reference)
        case .retry(let reason):
            let policy = retryPolicy(for: row)
            let attempts = row.attempts + 1
            if attempts >= policy.attempts {
                settled.add(row, .dead, error: "gave up after \(attempts) attempts: \(reason)", now: now, attempts: attempts)
                refuse(.writeFailed(detail: "gave up after \(attempts) attempts: \(reason)"))
            } else {
                let delay = policy.delay(beforeRetry: attempts - 1)
                settled.add(row, .pending, error: reason, now: now, attempts: attempts, next: now + delay)
            }
        case .permanent(let reason):
            settled.add(row, .dead, error: reason, now: now, attempts: row.attempts + 1)
            refuse(.writeFailed(detail: reason))
        case .slotTaken(let reason):
            settled.add(row, .dead, error: Self.slotTakenPrefix + reason, now: now, attempts: row.attempts + 1)
            refuse(.slotTaken(detail: reason))
        case let .recipientRefused(reason, optedOut):
            settled.add(row, .dead, error: "recipient refused: \(reason)", now: now, attempts: row.attempts + 1)
            if optedOut, let sms { settled.optedOut.append((row.business, sms.to)) }
        }
    }

    /// Commits a round's settled rows together, then logs the dead-lettered ones; false when
    /// the commit failed (the rows stay due and are tried again).
    private func commit(_ settled: OutboxSettlement) -> Bool {
        guard !settled.updates.isEmpty else { return true }
        var batch = StoreBatch()
        batch.outboxUpdates = settled.updates.map(\.update)
        do { try store.commit(batch) } catch {
            telemetry.log(.error, "outbox update failed", ["outbox_ids": .string(settled.updates.map { String($0.update.id) }.joined(separator: ",")),
                                                          "error": .string(error.description)])
            return false
        }
        for (update, row) in settled.updates where update.status == .dead {
            telemetry.log(.warn, "outbox row dead-lettered", ["outbox_id": .int(Int(row.id)), "kind": .string(row.kind),
                                                                "business": .string(row.business),
                                                                "error": .string(LinkRedaction.mask(update.lastError ?? ""))])
        }
        return true
    }

    /// Hands each business's SMS to its sender, businesses side by side (at most
    /// `ServiceConfiguration.smsSendLimit` senders at once): a provider answering in 300 ms
    /// for one establishment no longer makes every other establishment wait its turn. Within a
    /// business the sender keeps the rows' order. The results come back in the groups' order.
    private func sendConcurrently(_ groups: [[(row: OutboxRow, payload: SMSPayload)]], at now: Instant) -> [[DeliveryResult]] {
        @Sendable func send(_ group: [(row: OutboxRow, payload: SMSPayload)]) -> [DeliveryResult] {
            let messages = group.map { row, payload in
                OutboundSMS(outboxID: row.id, business: row.business, to: payload.to, body: payload.body, template: payload.template,
                            entryID: payload.entryID, previousAttempts: row.attempts, queuedAt: row.createdAt)
            }
            return connectors(for: group[0].row.business).sms.send(all: messages, at: now)
        }
        guard groups.count > 1 else { return groups.map(send) }
        let results = SentResults()
        let slots = DispatchSemaphore(value: max(1, configuration.smsSendLimit))
        let done = DispatchGroup()
        for (index, group) in groups.enumerated() {
            slots.wait()
            done.enter()
            smsSenders.async {
                let sent = send(group)
                results.store(sent, at: index)
                slots.signal()
                done.leave()
            }
        }
        done.wait()
        return groups.indices.map { results.at($0) }
    }

    /// Rows in order, grouped by business (each business has its own sender), groups in the
    /// order of their first row.
    static func groupedByBusiness<T>(_ items: [(row: OutboxRow, payload: T)]) -> [[(row: OutboxRow, payload: T)]] {
        var groups: [[(row: OutboxRow, payload: T)]] = []
        var index: [String: Int] = [:]
        for item in items {
            if let at = index[item.row.business] { groups[at].append(item) } else {
                index[item.row.business] = groups.count
                groups.append([item])
            }
        }
        return groups
    }

    /// The first row of the same entry queued before `row` that is still to be sent, or that
    /// died in the same step (then `row` dies with it: a refused booking's confirmation SMS).
    /// A row that died in an earlier step holds nothing back (the `offer_taken` SMS that
    /// follows a refused booking goes out).
    private func earlierUndelivered(_ row: OutboxRow) -> OutboxRow? {
        guard let entryID = row.entryID, let rows = try? store.outbox(business: row.business, entryID: entryID) else { return nil }
        return rows.first { $0.id < row.id && ($0.status == .pending || ($0.status == .dead && $0.sameStep(as: row))) }
    }

    /// Whether `row` writes a booking (not a hold, not a deletion).
    static func isBooking(_ row: OutboxRow) -> Bool {
        guard row.kind == OutboxKind.calendar, let operation = CalendarOperation.decode(row.payload) else { return false }
        return operation.action == .upsert && !operation.isHold
    }

    /// The rows a round considers.
    private func dueRows(_ scope: OutboxScope, now: Instant, limit: Int) throws(StoreError) -> [OutboxRow] {
        switch scope {
        case .all:
            return try store.dueOutbox(now: now, limit: limit)
        case let .entry(business, entryID):
            return Array(try store.outbox(business: business, entryID: entryID)
                .filter { $0.status == .pending && $0.nextAttemptAt <= now }.prefix(limit))
        }
    }

    /// The calendar did not take a booking: the engine hears it (the customer is told, the
    /// entry goes back in line), and the calendar is read again at once so the engine's view
    /// of who holds the place is the calendar's own.
    private func bookingRefused(_ business: String, entryID: Int, reason: BookingRefusal) {
        telemetry.log(.warn, "booking refused by the calendar", ["business": .string(business), "entry_id": .int(entryID),
                                                                  "reason": .string(LinkRedaction.mask(reason.description))])
        do {
            _ = try apply(.bookingRefused(entryID: entryID, reason: reason), to: business, inspect: { _, _ in () })
        } catch {
            telemetry.log(.error, "booking refusal not applied", ["business": .string(business), "entry_id": .int(entryID),
                                                                   "error": .string(error.description)])
        }
        requestCalendarRead(business)
    }

    private func retryPolicy(for row: OutboxRow) -> RuleSet.RetryPolicy {
        let rules = runtime(row.business)?.state.withLock { $0.engine.rules }
        let fallback = RuleSet.RetryPolicy(attempts: 5, initial: .seconds(10), factor: 2, cap: .seconds(600))
        guard let rules else { return fallback }
        return row.kind == OutboxKind.sms ? rules.smsRetry : rules.calendarRetry
    }
}

/// Masks link secrets in text kept after sending (`/waitlist/AbCd…`, `/o/AbCd…/oui`).
enum LinkRedaction {
    static func mask(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let marker = [ASCIISearch.firstRange(of: "/waitlist/", in: rest), ASCIISearch.firstRange(of: "/o/", in: rest)]
            .compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) {
            result += rest[..<marker.upperBound]
            rest = rest[marker.upperBound...]
            let token = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            result += token.count > 4 ? "\(token.prefix(4))…" : String(token)
            rest = rest.dropFirst(token.count)
        }
        return result + rest
    }
}

/// The results of one round's senders, filled from their threads.
private final class SentResults: Sendable {
    private let byGroup = Mutex<[Int: [DeliveryResult]]>([:])
    func store(_ results: [DeliveryResult], at index: Int) { byGroup.withLock { $0[index] = results } }
    func at(_ index: Int) -> [DeliveryResult] { byGroup.withLock { $0[index] ?? [] } }
}
