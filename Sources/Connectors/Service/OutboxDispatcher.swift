/// Sends what the outbox holds: each SMS and calendar write queued with the state change
/// that caused it. A row is marked sent only after the provider acknowledged it; failures
/// are retried with the business's rule-file back-off, then dead-lettered (the dashboard
/// shows them). Rows of one entry go in order: a final SMS never overtakes the booking it
/// confirms, and when the booking dies the SMS of the same step dies with it.
import Foundation
import RuleLang
import Runtime

extension WaitlistService {
    /// Delivers every due outbox row once; returns how many rows it handled.
    @discardableResult
    public func dispatchOutbox(limit: Int = 64) -> Int {
        let now = clock.now()
        let rows: [OutboxRow]
        do { rows = try store.dueOutbox(now: now, limit: limit) } catch {
            telemetry.log(.error, "outbox unreadable", ["error": .string(error.description)])
            return 0
        }
        var handled = 0
        for row in rows {
            if let blocker = earlierUndelivered(row) {
                if blocker.status == .dead && blocker.createdAt == row.createdAt {
                    update(row, .dead, error: "not sent: an earlier effect of the same step failed (#\(blocker.id))", now: now)
                    handled += 1
                }
                continue
            }
            let result: DeliveryResult
            switch row.kind {
            case OutboxKind.sms:
                guard let payload = SMSPayload.decode(row.payload) else {
                    update(row, .dead, error: "unreadable SMS payload", now: now)
                    continue
                }
                // Record the attempt before calling the provider: after a crash mid-send the
                // next attempt knows an earlier one may have got through.
                claim(row, now: now)
                result = connectors(for: row.business).sms.send(OutboundSMS(
                    outboxID: row.id, business: row.business, to: payload.to, body: payload.body, template: payload.template,
                    entryID: payload.entryID, previousAttempts: row.attempts, queuedAt: row.createdAt), at: now)
                switch result {
                case .delivered: telemetry.smsDelivered(true)
                case .retry, .permanent, .recipientRefused: telemetry.smsDelivered(false)
                }
            case OutboxKind.calendar:
                guard let operation = CalendarOperation.decode(row.payload) else {
                    update(row, .dead, error: "unreadable calendar payload", now: now)
                    continue
                }
                let calendar = connectors(for: row.business).calendar
                if let changes = calendar.storeChanges(for: operation, in: store) {
                    // The calendar is in this database: the write and the row's `sent` mark are
                    // one commit, so a crash never leaves a booking written with its row still
                    // due, which the restart would write again over a cancellation made meanwhile.
                    var batch = StoreBatch()
                    batch.calendarChanges = changes
                    batch.outboxUpdates = [OutboxUpdate(id: row.id, status: .sent, attempts: row.attempts + 1, nextAttemptAt: now,
                                                        lastError: nil, sentAt: now)]
                    do {
                        try store.commit(batch)
                        handled += 1
                        continue
                    } catch {
                        result = .retry("local calendar write failed: \(error)")
                    }
                } else {
                    result = calendar.apply(operation)
                }
            default:
                result = .permanent("unknown outbox kind '\(row.kind)'")
            }
            handled += 1
            switch result {
            case .delivered(let reference):
                let masked = row.kind == OutboxKind.sms ? SMSPayload.decode(row.payload).map { payload -> String in
                    var copy = payload
                    copy.body = LinkRedaction.mask(payload.body)
                    return copy.encoded()
                } : nil
                // Kept so the provider's delivery reports (Twilio status callbacks) find the row.
                update(row, .sent, error: nil, now: now, payload: masked,
                       providerRef: row.kind == OutboxKind.sms ? reference : nil)
            case .retry(let reason):
                let policy = retryPolicy(for: row)
                let attempts = row.attempts + 1
                if attempts >= policy.attempts {
                    update(row, .dead, error: "gave up after \(attempts) attempts: \(reason)", now: now, attempts: attempts)
                } else {
                    let delay = policy.delay(beforeRetry: attempts - 1)
                    update(row, .pending, error: reason, now: now, attempts: attempts, next: now + delay)
                }
            case .permanent(let reason):
                update(row, .dead, error: reason, now: now, attempts: row.attempts + 1)
            case let .recipientRefused(reason, optedOut):
                update(row, .dead, error: "recipient refused: \(reason)", now: now, attempts: row.attempts + 1)
                if optedOut, let payload = SMSPayload.decode(row.payload) {
                    // The provider knows this number answered STOP: the engine must stop too.
                    _ = try? apply(.stop(phone: payload.to), to: row.business, inspect: { _, _ in () })
                }
            }
        }
        if let counts = try? store.outboxCounts() { telemetry.setOutboxDepth(counts[.pending] ?? 0) }
        return handled
    }

    /// Records an attempt as under way, so the next attempt after a crash mid-send knows an
    /// earlier one may have got through (and asks the provider first). The row stays due: this
    /// process's single dispatcher thread never picks it again before settling it, and a process
    /// killed mid-send must resend it at once on restart, not after a lease (the crash campaign
    /// found offer SMS held back two minutes of their five-minute window by a 120 s lease).
    private func claim(_ row: OutboxRow, now: Instant) {
        var batch = StoreBatch()
        batch.outboxUpdates = [OutboxUpdate(id: row.id, status: .pending, attempts: row.attempts + 1,
                                            nextAttemptAt: now, lastError: row.lastError, sentAt: nil)]
        try? store.commit(batch)
    }

    /// The first row of the same entry queued before `row` that is not sent yet.
    private func earlierUndelivered(_ row: OutboxRow) -> OutboxRow? {
        guard let entryID = row.entryID, let rows = try? store.outbox(business: row.business, entryID: entryID) else { return nil }
        return rows.first { $0.id < row.id && $0.status != .sent }
    }

    private func retryPolicy(for row: OutboxRow) -> RuleSet.RetryPolicy {
        let rules = runtime(row.business)?.state.withLock { $0.engine.rules }
        let fallback = RuleSet.RetryPolicy(attempts: 5, initial: .seconds(10), factor: 2, cap: .seconds(600))
        guard let rules else { return fallback }
        return row.kind == OutboxKind.sms ? rules.smsRetry : rules.calendarRetry
    }

    private func update(_ row: OutboxRow, _ status: OutboxStatus, error: String?, now: Instant,
                        attempts: Int? = nil, next: Instant? = nil, payload: String? = nil, providerRef: String? = nil) {
        var batch = StoreBatch()
        batch.outboxUpdates = [OutboxUpdate(id: row.id, status: status, attempts: attempts ?? row.attempts + 1,
                                            nextAttemptAt: next ?? now, lastError: error,
                                            sentAt: status == .sent ? now : nil, payload: payload, providerRef: providerRef)]
        do { try store.commit(batch) } catch {
            telemetry.log(.error, "outbox update failed", ["outbox_id": .int(Int(row.id)), "error": .string(error.description)])
        }
        if status == .dead {
            telemetry.log(.warn, "outbox row dead-lettered", ["outbox_id": .int(Int(row.id)), "kind": .string(row.kind),
                                                                "business": .string(row.business),
                                                                "error": .string(LinkRedaction.mask(error ?? ""))])
        }
    }
}

/// Masks link secrets in text kept after sending (`/waitlist/AbCd…`, `/o/AbCd…/oui`).
enum LinkRedaction {
    static func mask(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let marker = [rest.range(of: "/waitlist/"), rest.range(of: "/o/")].compactMap({ $0 })
            .min(by: { $0.lowerBound < $1.lowerBound }) {
            result += rest[..<marker.upperBound]
            rest = rest[marker.upperBound...]
            let token = rest.prefix { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." }
            result += token.count > 4 ? "\(token.prefix(4))…" : String(token)
            rest = rest.dropFirst(token.count)
        }
        return result + rest
    }
}
