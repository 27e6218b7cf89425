/// The waitlist engine: a pure state machine that turns events into effects exactly as the
/// rule file says. No I/O, no wall clock, no randomness: the same rules, state and events
/// always give the same effects, which is what lets a dry-run replay production.
import RuleLang

/// The waitlist of one establishment.
///
///     var engine = try WaitlistEngine(rules: rules)
///     let effects = engine.handle(.trigger(phone: "+33612345678", requestedStart: t, source: "phone", token: "k1"), at: now)
///     let more = engine.advance(to: later)   // fires due timers in order
public struct WaitlistEngine: Sendable {
    /// Everything the engine remembers; persist it to resume after a restart.
    public internal(set) var state: EngineState
    var programs: EnginePrograms
    /// Lookups over `state.entries`, kept in step by `transition` (see `EngineIndex`).
    var index: EngineIndex
    /// Free capacity per slot over `state.busy + state.pendingBookings`, indexed once and
    /// rebuilt whenever either changes: dispatch asks about every slot of every wanted
    /// day on every event, and a linear scan of a year's bookings per slot is far too slow.
    var occupancy: SlotOccupancy
    /// Effects of the event being handled, in order.
    var effects: [EngineEffect] = []
    /// The virtual time of the event being handled.
    var now = Instant(seconds: 0)

    /// An engine for `rules`, resuming from `state`. Fails when the rules cannot run
    /// (unknown time zone, an expression the evaluator cannot plan).
    public init(rules: RuleSet, state: EngineState = EngineState()) throws(EngineError) {
        self.programs = try EnginePrograms(rules: rules)
        self.state = state
        self.index = EngineIndex(state: state, now: Instant(seconds: .min), stopBefore: rules.offers.stopBefore,
                                 zone: programs.zone, programs: programs)
        self.occupancy = SlotOccupancy(busy: state.busy + state.pendingBookings)
    }

    /// Re-indexes the calendar after `state.busy` or `state.pendingBookings` changed.
    mutating func calendarStateChanged() {
        occupancy = SlotOccupancy(busy: state.busy + state.pendingBookings)
    }

    /// The rules in force.
    public var rules: RuleSet { programs.rules }

    /// When the earliest pending timer is due; the scheduler sleeps (or the virtual clock
    /// jumps) until then.
    public var nextTimerDue: Instant? { state.timers.first?.at }

    /// Applies one event at virtual time `now` and returns the effects to carry out, in
    /// order. Runtime nonsense (Oui on an expired offer, a duplicate trigger, a reply for
    /// an unknown link) never throws: it is answered explicitly and noted in history.
    public mutating func handle(_ event: EngineEvent, at now: Instant) -> [EngineEffect] {
        self.now = now
        effects = []
        switch event {
        case let .trigger(phone, requestedStart, source, token, service):
            trigger(phone: phone, requested: requestedStart, source: source, token: token, service: service)
        case let .formSubmitted(token, firstName, lastName, email, partySize, slots):
            submitForm(token: token, firstName: firstName, lastName: lastName, email: email,
                       partySize: partySize, slots: slots)
        case .calendarChanged(let busy):
            calendarChanged(busy)
        case .calendarHealth(let stale):
            calendarHealth(stale: stale)
        case let .reply(offerToken, accept):
            reply(offerToken: offerToken, accept: accept)
        case let .bookingRefused(entryID, reason):
            bookingRefused(entryID: entryID, reason: reason)
        case .timerFired(let id):
            timerFired(id)
        case let .manualNotify(entryID, slotStart, by):
            manualNotify(entryID: entryID, slotStart: slotStart, by: by)
        case let .entryDeleted(entryID, by):
            deleteEntry(entryID, by: by)
        case let .priorityChanged(entryID, delta, by):
            changePriority(entryID, delta: delta, by: by)
        case .rulesReloaded(let rules):
            reloadRules(rules)
        case .rulesRefused(let summary):
            note(nil, "new rule file refused, the running one stays in force: \(summary)", .rulesRefused(message: summary))
        case .stop(let phone):
            stop(phone: phone)
        case let .anonymise(entryIDs, by, closeOpen, stopDigests):
            anonymise(entryIDs, by: by, closeOpen: closeOpen, stopDigests: stopDigests)
        }
        closeEntriesWithoutSlots()
        dispatchOffers()
        let result = effects
        effects = []
        return result
    }

    /// Fires every timer due at or before `target`, in due order, each at its own due time.
    public mutating func advance(to target: Instant) -> [EngineEffect] {
        var all: [EngineEffect] = []
        while let timer = state.timers.first, timer.at <= target {
            all += handle(.timerFired(timer.id), at: timer.at)
        }
        return all
    }

    // MARK: - Plumbing shared by the event handlers

    /// Changes an entry's status with a history line; the only place a status changes, so
    /// the waiting index follows here.
    mutating func transition(_ id: Int, to status: EntryStatus, _ reason: String, _ code: HistoryCode) {
        let from = state.entries[id - 1].status
        if from == .waiting && status != .waiting { index.removeWaiting(state.entries[id - 1]) }
        state.entries[id - 1].status = status
        if status == .waiting && from != .waiting {
            index.insertWaiting(state.entries[id - 1], key: rankingKey(id), now: now, stopBefore: rules.offers.stopBefore)
        }
        // `entry.visits` counts the phone's confirmed entries: their other waiting entries move.
        if (from == .confirmed) != (status == .confirmed), index.ranked != nil {
            for other in entries(of: state.entries[id - 1].phone) where other != id { rekeyIfWaiting(other) }
        }
        record(id, HistoryLine(at: now, from: from, to: status, reason: reason, code: code))
    }

    /// A note in an entry's history (or the journal when `id` is nil).
    mutating func note(_ id: Int?, _ reason: String, _ code: HistoryCode) {
        record(id, HistoryLine(at: now, from: nil, to: nil, reason: reason, code: code))
    }

    mutating func record(_ id: Int?, _ line: HistoryLine) {
        if let id { state.entries[id - 1].history.append(line) } else { state.journal.append(line) }
        effects.append(.history(entryID: id, line: line))
    }

    /// Schedules a timer unless one with the same id is pending.
    mutating func schedule(_ id: TimerID, at: Instant) {
        guard index.timerByID[id] == nil else { return }
        let timer = EngineTimer(id: id, at: at, sequence: state.timerSequence)
        state.timerSequence += 1
        let place = TimerPlace(at: timer.at, sequence: timer.sequence)
        let position = EngineIndex.firstPosition(in: state.timers) { TimerPlace(at: $0.at, sequence: $0.sequence) > place }
        state.timers.insert(timer, at: position)
        index.timer(id, place)
        effects.append(.scheduleTimer(id: id, at: at))
    }

    /// Cancels a pending timer, if any.
    mutating func cancelTimer(_ id: TimerID) {
        guard let position = index.position(of: id, in: state.timers) else { return }
        state.timers.remove(at: position)
        index.timer(id, nil)
        effects.append(.cancelTimer(id: id))
    }

    /// Sends a templated SMS unless the phone opted out.
    mutating func sendSMS(_ template: RuleSet.SMSTemplate, to entryID: Int, values: [String: String]) {
        let phone = state.entries[entryID - 1].phone
        guard !isOptedOut(phone) else { return }
        effects.append(.sendSMS(phone: phone, template: template.name, text: template.render(values), entryID: entryID))
    }

    /// The template variables every message may use for a slot.
    func smsValues(entryID: Int, slotStart: Instant) -> [String: String] {
        let local = programs.zone.local(slotStart)
        let form = state.entries[entryID - 1].form
        return ["date": FrenchFormat.date(local), "heure": FrenchFormat.time(local),
                "etablissement": rules.establishment.name,
                "prenom": form?.firstName ?? "", "nom": form?.lastName ?? ""]
    }

    /// `samedi 18 janvier 19:30`, for history lines.
    func describe(_ instant: Instant) -> String {
        let local = programs.zone.local(instant)
        return "\(FrenchFormat.date(local)) \(FrenchFormat.clock(local))"
    }

    func isOptedOut(_ phone: String) -> Bool {
        state.optedOut.contains(phone)
    }

    /// The public link of an entry's waitlist page: `{public_url}/waitlist/{token}`, as the
    /// product spec fixes it. The token alone identifies the entry (and its establishment).
    func link(_ token: String) -> String {
        "\(rules.establishment.publicURL)/waitlist/\(token)"
    }
}
