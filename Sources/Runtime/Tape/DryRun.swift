/// The dry-run driver: replays a tape through the waitlist engine on a virtual clock.
/// Before each timeline event the clock jumps timer by timer up to the event's time, then
/// the event is applied; calendar changes (the tape's and the engine's own bookings) keep
/// a calendar whose full busy list the engine is told, as a calendar poll would. Link
/// tokens come from a seeded SplitMix64: the same tape gives the same transcript, byte for byte.
import RuleLang

/// A change the tape makes to the calendar, with the places it frees.
public enum CalendarChange: Sendable, Hashable {
    /// A new booking.
    case booked(TapeBooking)
    /// Bookings removed (one, or every occurrence of a recurring one); `freed` is the
    /// most places any slot gained.
    case cancelled([TapeBooking], freed: Int)
    /// A booking at a new time.
    case moved(from: TapeBooking, to: TapeBooking, freed: Int)
}

/// One thing in the transcript, at its virtual time.
public enum TranscriptRecord: Sendable, Equatable {
    /// The tape changed the calendar.
    case calendar(at: Instant, CalendarChange)
    /// A timeline event other than a calendar change (trigger, join, reply...).
    case input(at: Instant, TapeEvent)
    /// The engine decided something.
    case effect(at: Instant, EngineEffect)
}

/// Everything a replay produced; `TranscriptWriter` turns it into text.
public struct DryRunResult: Sendable {
    /// The rules the replay ran with.
    public var rules: RuleSet
    /// The time of the first timeline event.
    public var from: Instant
    /// Where the clock stopped.
    public var until: Instant
    /// Bookings in the calendar when the replay started.
    public var initialBookings: Int
    /// What happened, in order.
    public var records: [TranscriptRecord]
    /// The engine's state at the end.
    public var state: EngineState
}

/// Replays tapes.
public enum DryRun {
    /// The seed of link tokens unless told otherwise.
    public static let defaultSeed: UInt64 = 0x5EED_2025

    /// Replays `timeline` against `calendar` under `rules` until `until` (default: the last
    /// event plus one day). Throws a located `TapeError` for a tape that cannot be replayed
    /// (a cancel of a uid the calendar does not have, an empty timeline); runtime nonsense
    /// (a reply from an unknown phone, a duplicate trigger) is the engine's to journal.
    public static func run(rules: RuleSet, rulesName: String, calendar: TapeCalendar, timeline: [TapeLine],
                           timelineFile: String, until: Instant? = nil,
                           seed: UInt64 = defaultSeed) throws(TapeError) -> DryRunResult {
        guard let first = timeline.first, let last = timeline.last else {
            throw TapeError(file: timelineFile, line: 0, message: "the timeline has no events",
                            help: "add one JSON object per line, e.g. {\"at\": \"2025-01-17T18:00:00+01:00\", \"event\": \"advance\"}")
        }
        var driver: Driver
        do {
            driver = Driver(engine: try WaitlistEngine(rules: rules), slots: try SlotCalendar(rules: rules),
                            calendar: calendar, random: SplitMix64(seed: seed), file: timelineFile)
        } catch let error as EngineError {
            throw TapeError(file: rulesName, line: 0, message: error.description)
        } catch {
            throw TapeError(file: rulesName, line: 0, message: "\(error)")
        }
        let end = until ?? last.at + .seconds(86_400)
        driver.record(driver.engine.handle(.calendarChanged(busy: calendar.busy), at: first.at), at: first.at)
        for line in timeline where line.at <= end {
            driver.fireTimers(upTo: line.at)
            try driver.apply(line)
        }
        driver.fireTimers(upTo: end)
        return DryRunResult(rules: rules, from: first.at, until: end, initialBookings: calendar.bookings.count,
                            records: driver.records, state: driver.engine.state)
    }
}

/// The replay's moving parts.
struct Driver {
    var engine: WaitlistEngine
    let slots: SlotCalendar
    var calendar: TapeCalendar
    var random: SplitMix64
    let file: String
    var records: [TranscriptRecord] = []

    /// Fires due timers one instant at a time, so each effect carries its own time.
    mutating func fireTimers(upTo target: Instant) {
        while let due = engine.nextTimerDue, due <= target {
            record(engine.advance(to: due), at: due)
        }
    }

    /// Records effects and books the engine's own bookings into the calendar.
    mutating func record(_ effects: [EngineEffect], at time: Instant) {
        for effect in effects {
            if case let .createBooking(slot, end, entryID, units) = effect {
                calendar.add(TapeBooking(uid: EngineEffect.bookingID(for: entryID), occurrence: slot.start,
                                         start: slot.start, end: end, units: units, resource: slot.resource))
            }
            records.append(.effect(at: time, effect))
        }
    }

    mutating func handle(_ event: EngineEvent, at time: Instant) {
        record(engine.handle(event, at: time), at: time)
    }

    /// The most places any slot gains between two busy lists.
    func freedPlaces(before: [BusyInterval], after: [BusyInterval], at time: Instant) -> Int {
        slots.freedSlots(before: before, after: after, from: time, horizon: .seconds(400 * 86_400))
            .map { $0.freeAfter - $0.freeBefore }.max() ?? 0
    }

    func unknownUID(_ uid: String, _ line: TapeLine, occurrence: Instant?) -> TapeError {
        if occurrence != nil && calendar.contains(uid) {
            return TapeError(file: file, line: line.line,
                             message: "'\(uid)' has no occurrence starting at \(occurrence!) in the calendar",
                             help: "give the occurrence's original start, or leave \"occurrence\" out to address every one")
        }
        return TapeError(file: file, line: line.line,
                         message: "\(line.event.name) of '\(uid)', but no booking with that uid is in the calendar",
                         help: Suggestions.didYouMean(uid, among: calendar.uids)
                            ?? "uids come from calendar.ics (UID:) or from earlier 'book' events")
    }

    mutating func apply(_ line: TapeLine) throws(TapeError) {
        let at = line.at
        switch line.event {
        case let .book(uid, start, end, party, resource):
            guard !calendar.contains(uid) else {
                throw TapeError(file: file, line: line.line, message: "book of '\(uid)', but that uid is already in the calendar",
                                help: "give every booking its own uid, or use 'move' to change its time")
            }
            let booking = TapeBooking(uid: uid, occurrence: start, start: start, end: end, units: max(1, party), resource: resource)
            calendar.add(booking)
            records.append(.calendar(at: at, .booked(booking)))
            handle(.calendarChanged(busy: calendar.busy), at: at)
        case let .cancel(uid, occurrence):
            let indices = calendar.indices(of: uid, occurrence: occurrence)
            guard !indices.isEmpty else { throw unknownUID(uid, line, occurrence: occurrence) }
            let before = calendar.busy
            let removed = calendar.remove(at: indices)
            records.append(.calendar(at: at, .cancelled(removed, freed: freedPlaces(before: before, after: calendar.busy, at: at))))
            handle(.calendarChanged(busy: calendar.busy), at: at)
        case let .move(uid, occurrence, start, end):
            let indices = calendar.indices(of: uid, occurrence: occurrence)
            guard let index = indices.first else { throw unknownUID(uid, line, occurrence: occurrence) }
            guard indices.count == 1 else {
                throw TapeError(file: file, line: line.line, message: "'\(uid)' recurs: say which occurrence to move",
                                help: "add \"occurrence\": the original start of the one to move")
            }
            let before = calendar.busy
            let (from, to) = calendar.move(at: index, start: start, end: end)
            records.append(.calendar(at: at, .moved(from: from, to: to, freed: freedPlaces(before: before, after: calendar.busy, at: at))))
            handle(.calendarChanged(busy: calendar.busy), at: at)
        case let .trigger(phone, requested, source, service):
            records.append(.input(at: at, line.event))
            handle(.trigger(phone: phone, requestedStart: requested, source: source, token: random.token(), service: service), at: at)
        case let .join(phone, firstName, lastName, email, party, slots):
            records.append(.input(at: at, line.event))
            // The tape's phones are never empty, so the phone index (which skips erased
            // entries, whose phone is "") names the same entries as a scan of every entry.
            let token = engine.entries(of: phone).last.map { engine.state.entries[$0 - 1].token } ?? "no-invitation-for-\(phone)"
            handle(.formSubmitted(token: token, firstName: firstName, lastName: lastName, email: email,
                                  partySize: party, slots: slots), at: at)
        case let .reply(phone, accept):
            records.append(.input(at: at, line.event))
            handle(.reply(offerToken: offerToken(for: phone), accept: accept), at: at)
        case let .notify(entry, slot, by):
            records.append(.input(at: at, line.event))
            handle(.manualNotify(entryID: entry, slotStart: slot, by: by), at: at)
        case let .delete(entry, by):
            records.append(.input(at: at, line.event))
            handle(.entryDeleted(entryID: entry, by: by), at: at)
        case let .priority(entry, delta, by):
            records.append(.input(at: at, line.event))
            handle(.priorityChanged(entryID: entry, delta: delta, by: by), at: at)
        case .stop(let phone):
            records.append(.input(at: at, line.event))
            handle(.stop(phone: phone), at: at)
        case .calendarHealth(let stale):
            records.append(.input(at: at, line.event))
            handle(.calendarHealth(stale: stale), at: at)
        case .advance:
            records.append(.input(at: at, line.event))
        }
    }

    /// The token of the phone's open offer, else its latest offer (a late answer), else a
    /// token no offer has (the engine journals the unknown link).
    func offerToken(for phone: String) -> String {
        let positions = engine.offerPositions(ofPhone: phone)
        let chosen = positions.last { engine.state.offers[$0].outcome == .open } ?? positions.last
        return chosen.map { engine.state.offers[$0].token } ?? "no-offer-for-\(phone)"
    }
}
