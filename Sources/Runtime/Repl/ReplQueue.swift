/// Who is in line for a slot, and why: the waiting entries in the order the engine would
/// offer it (match, `priority.order` minus boosts, signup order), with the order value and
/// the boosts that applied, plus the entries that chose the slot but are not in line.
/// This is the one file that reads the engine's internals (its planned programs and its
/// ranking key), so the queue shown is the engine's own, not a re-implementation.
import RuleLang

/// One entry in line for a slot.
struct QueuePlace: Sendable {
    var entryID: Int
    /// `priority.order` for this entry and slot, or the evaluation error.
    var order: Result<Value, CELEvalError>
    /// Boosts whose `when` held, with what they subtract.
    var boosts: [(label: String, amount: Double)]
    /// The key the engine sorts by.
    var key: PriorityKey
    /// Whether the party fits the free places (the engine skips entries that do not).
    var fits: Bool
}

/// The line for one slot.
struct SlotQueue: Sendable {
    var slot: SlotInfo
    var free: Int
    var open: [Offer]
    var places: [QueuePlace]
    /// Entries that chose the slot but are not in line, with the reason.
    var left: [(entryID: Int, reason: String)]
}

extension WaitlistEngine {
    /// The line for `slot` at `now`, ranked as `ranked(_:for:free:)` ranks it.
    func replQueue(for slot: SlotInfo, at now: Instant) -> SlotQueue {
        let free = freeForBooking(slot)
        let slotValue = slot.celValue(free: free)
        var places: [QueuePlace] = []
        var left: [(Int, String)] = []
        let open = openOffers(on: slot.key)
        for entry in state.entries where entry.form?.slots.contains(slot.start) == true && !entry.status.isFinal {
            if open.contains(where: { $0.entryID == entry.id }) { continue }
            if entry.status != .waiting {
                left.append((entry.id, entry.status == .offered ? "has an open offer for another slot" : "is \(entry.status.rawValue)"))
                continue
            }
            if entry.refusedSlots.contains(slot.start) {
                left.append((entry.id, "declined, let expire or lost this slot already"))
                continue
            }
            if entry.offerCount >= rules.offers.maxOffersPerEntry {
                left.append((entry.id, "no offers left (\(entry.offerCount) of \(rules.offers.maxOffersPerEntry))"))
                continue
            }
            let variables = programs.activation(entry: entry.celValue(visits: visits(of: entry.phone)),
                                                slot: slotValue, now: celTimestamp(now))
            switch Result(catching: { () throws(CELEvalError) -> Value in try programs.match.evaluate(variables) }) {
            case .success(.bool(true)): break
            case .success: left.append((entry.id, "matching.match is false")); continue
            case .failure(let error): left.append((entry.id, "matching.match fails: \(error.message)")); continue
            }
            let order = Result(catching: { () throws(CELEvalError) -> Value in try programs.order.evaluate(variables) })
            var boosts: [(String, Double)] = []
            for boost in programs.boosts {
                guard case .bool(true)? = try? boost.when.evaluate(variables) else { continue }
                switch boost.amount {
                case .seconds(let amount), .number(let amount): boosts.append((boost.label, amount))
                case .expression(let program):
                    if let value = try? program.evaluate(variables), let amount = PriorityKey(value)?.number {
                        boosts.append((boost.label, amount))
                    }
                }
            }
            let units = entry.form?.partySize ?? 1
            places.append(QueuePlace(entryID: entry.id, order: order, boosts: boosts,
                                     key: priorityKey(variables), fits: units <= free))
        }
        places.sort { ($0.key, $0.entryID) < ($1.key, $1.entryID) }
        return SlotQueue(slot: slot, free: free, open: open, places: places, left: left)
    }

    /// The engine's slot calendar (the rules in force).
    var replSlots: SlotCalendar { programs.calendar }

    /// When quiet hours now in force end, if they are in force at `now`.
    func replQuietHoursEnd(at now: Instant) -> Instant? {
        var probe = self
        probe.now = now
        return probe.quietHoursEnd()
    }

    /// Whether the slot goes to everyone at once at `now`.
    func replIsBroadcast(_ slot: SlotInfo, at now: Instant) -> Bool {
        var probe = self
        probe.now = now
        return probe.isBroadcast(slot)
    }
}

extension ReplSession {
    /// `queue [TIME]`.
    func queue(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let engine = driver.engine
        var starts: [Instant]
        if arguments.isEmpty {
            let waiting = engine.state.entries.filter { $0.status == .waiting || $0.status == .offered }
            starts = Array(Set(waiting.flatMap { $0.form?.slots ?? [] }.filter { $0 > now })).sorted()
            guard !starts.isEmpty else { return "nobody is waiting for a slot to come\n" }
        } else {
            starts = [try ReplTimeReader(zone: zone, now: now).time(from: &arguments)]
            try arguments.finish()
        }
        var lines: [String] = []
        if let quietEnd = engine.replQuietHoursEnd(at: now) {
            lines.append("quiet hours: no offer goes out before \(clock(quietEnd))")
        }
        for start in starts {
            let slots = engine.replSlots.slots(from: start, to: start + .seconds(1))
            if slots.isEmpty {
                throw ReplError("no slot starts at \(clock(start))", help: "'slots' lists the day's slots")
            }
            for slot in slots { lines += describe(engine.replQueue(for: slot, at: now)) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func describe(_ queue: SlotQueue) -> [String] {
        let engine = driver.engine
        let state = engine.state
        let slot = queue.slot
        let service = slot.key.resource.isEmpty ? slot.key.service : "\(slot.key.service)/\(slot.key.resource)"
        var mode = engine.replIsBroadcast(slot, at: now) ? "broadcast" : "in turn"
        if slot.start - rules.offers.stopBefore <= now { mode = "too late to offer (stop_before \(ReplTimeReader.describe(seconds: rules.offers.stopBefore.components.seconds)))" }
        var lines = ["\(clock(slot.start)) \(service): \(queue.free) of \(slot.capacity) free, \(mode)"]
        for offer in queue.open {
            lines.append("  offered to entry \(offer.entryID) (\(writer.mask(state.entry(offer.entryID)?.phone ?? ""))) until \(clock(offer.expiresAt))")
        }
        if queue.places.isEmpty { lines.append("  nobody in line") }
        for (index, place) in queue.places.enumerated() {
            guard let entry = state.entry(place.entryID) else { continue }
            var line = "  \(index + 1). entry \(entry.id) (\(writer.mask(entry.phone))) \(displayName(entry)), \(people(entry.form?.partySize ?? 1))"
            line += ": order " + orderText(place)
            if !place.fits { line += " — does not fit the \(queue.free) free" }
            lines.append(line)
        }
        if !queue.left.isEmpty {
            lines.append("  not in line: " + queue.left.map { "entry \($0.entryID) (\($0.reason))" }.joined(separator: ", "))
        }
        return lines
    }

    /// `timestamp("2025-01-17T10:09:00Z")`, then `- regulars 30m = timestamp(...)` with boosts.
    func orderText(_ place: QueuePlace) -> String {
        guard case .success(let value) = place.order else {
            if case .failure(let error) = place.order { return "fails (\(error.message)): last in line" }
            return "?"
        }
        var text = value.celDescription
        guard !place.boosts.isEmpty else { return text }
        let timeLike: Bool
        switch value {
        case .timestamp, .duration: timeLike = true
        default: timeLike = false
        }
        for boost in place.boosts {
            let amount = timeLike ? ReplTimeReader.describe(seconds: Int64(boost.amount)) : Self.number(boost.amount)
            text += " - \(boost.label) \(amount)"
        }
        guard let key = place.key.number else { return text }
        if case .timestamp = value, let stamp = CELTimestamp(seconds: Int64(key.rounded(.down))) {
            return text + " = " + Value.timestamp(stamp).celDescription
        }
        return text + " = " + Self.number(key)
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// `Camille P.`, or `(no form yet)`.
    func displayName(_ entry: WaitlistEntry) -> String {
        guard let form = entry.form else { return "(no form yet)" }
        let initial = form.lastName.first.map { " \($0)." } ?? ""
        return form.firstName + initial
    }
}
