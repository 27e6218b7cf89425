/// A bench-only way to fill the waitlist with many waiting entries at once (`make bench`
/// matches a freed slot against up to a million). Going through `trigger` + `formSubmitted`
/// costs two full events per entry, SMS texts and history included, which is minutes at
/// that size. Not for the service: it is `@_spi(Bench)`, sends nothing and records one
/// shared history line per entry.

/// One waiting entry to load: what a trigger and a filled form would have said.
@_spi(Bench) public struct BulkJoin: Sendable {
    /// E.164 phone number.
    public var phone: String
    /// Secret of the public link.
    public var token: String
    /// Covers.
    public var partySize: Int
    /// Chosen slot starts; the first one is taken as the requested slot.
    public var slots: [Instant]
    /// When the form was filled (`entry.joined_at`).
    public var joinedAt: Instant

    /// A join as the form would submit it.
    public init(phone: String, token: String, partySize: Int, slots: [Instant], joinedAt: Instant) {
        self.phone = phone
        self.token = token
        self.partySize = partySize
        self.slots = slots
        self.joinedAt = joinedAt
    }
}

extension WaitlistEngine {
    /// Appends `joins` as waiting entries at `now`, filed in the indexes and with their
    /// slot-closing timers, without effects and without running the offer dispatch.
    @_spi(Bench) public mutating func bulkLoadWaiting(_ joins: [BulkJoin], at now: Instant) {
        self.now = now
        var services: [Instant: String] = [:]
        state.entries.reserveCapacity(state.entries.count + joins.count)
        for join in joins {
            let chosen = Array(Set(join.slots)).sorted()
            guard let requested = join.slots.first else { continue }
            if services[requested] == nil {
                services[requested] = programs.calendar.slot(startingAt: requested)?.key.service ?? ""
            }
            let id = state.entries.count + 1
            let form = EntryForm(firstName: "", lastName: "", email: "", partySize: join.partySize,
                                 slots: chosen, joinedAt: join.joinedAt)
            state.entries.append(WaitlistEntry(
                id: id, phone: join.phone, source: "bench", token: join.token,
                tokenExpires: now + rules.linkLifetime, requested: requested, service: services[requested] ?? "",
                form: form, status: .waiting,
                history: [HistoryLine(at: now, from: nil, to: .waiting, reason: "bulk-loaded by the bench")]))
            index.added(state.entries[id - 1])
            index.insertWaiting(state.entries[id - 1], key: rankingKey(id), now: now, stopBefore: rules.offers.stopBefore)
        }
        for start in index.wantedStarts where start - rules.offers.stopBefore > now {
            schedule(.slotClosing(start), at: start - rules.offers.stopBefore)
        }
        effects = []
    }
}
