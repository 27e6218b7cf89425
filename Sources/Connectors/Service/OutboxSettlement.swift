/// What one outbox round decided for its rows, committed together at the end of the round
/// (one commit for the round, not one per row).
import Runtime

/// The settled rows of one dispatcher round.
struct OutboxSettlement {
    /// Each row's new state, with the row it came from (for the dead-letter log).
    var updates: [(update: OutboxUpdate, row: OutboxRow)] = []
    /// Rows handled this round, including local calendar writes already committed.
    var handled = 0
    /// Ids of the rows handled this round.
    var ids: Set<Int64> = []
    /// Numbers the provider reported as opted out (STOP), by business, for the engine.
    var optedOut: [(business: String, phone: String)] = []
    /// Bookings the calendar did not take, for the engine.
    var refusedBookings: [(business: String, entryID: Int, reason: BookingRefusal)] = []

    /// Settles `row` with `status`.
    mutating func add(_ row: OutboxRow, _ status: OutboxStatus, error: String?, now: Instant,
                      attempts: Int? = nil, next: Instant? = nil, payload: String? = nil, providerRef: String? = nil) {
        updates.append((OutboxUpdate(id: row.id, status: status, attempts: attempts ?? row.attempts + 1,
                                     nextAttemptAt: next ?? now, lastError: error,
                                     sentAt: status == .sent ? now : nil, payload: payload, providerRef: providerRef), row))
        addCommitted(row)
    }

    /// Counts `row` as handled by a commit already made (a local calendar write and its mark).
    mutating func addCommitted(_ row: OutboxRow) {
        handled += 1
        ids.insert(row.id)
    }
}
