/// Section 4 of `make bench`: a dry-run of a generated year for one restaurant, events
/// generated in-process and fed straight to `WaitlistEngine` (no files). The baseline runs
/// the same loop, generator and calendar bookkeeping with an engine that does nothing, so
/// the difference is what the engine costs.
import RuleLang
import Runtime

/// What the year's loop drives.
protocol TapeDriver {
    /// Applies one event and returns its effects.
    mutating func handle(_ event: EngineEvent, at now: Instant) -> [EngineEffect]
    /// The earliest pending timer, if any.
    var nextTimer: EngineTimer? { get }
    /// The link of the entry's open offer, to answer it.
    func openOfferToken(entryID: Int) -> String?
}

/// The real engine.
struct EngineDriver: TapeDriver {
    var engine = try! WaitlistEngine(rules: EngineBench.rules)
    mutating func handle(_ event: EngineEvent, at now: Instant) -> [EngineEffect] { engine.handle(event, at: now) }
    var nextTimer: EngineTimer? { engine.state.timers.first }
    func openOfferToken(entryID: Int) -> String? {
        engine.state.offers.last { $0.entryID == entryID && $0.outcome == .open }?.token
    }
}

/// The baseline: decides nothing, schedules nothing.
struct NoOpDriver: TapeDriver {
    mutating func handle(_ event: EngineEvent, at now: Instant) -> [EngineEffect] { [] }
    var nextTimer: EngineTimer? { nil }
    func openOfferToken(entryID: Int) -> String? { nil }
}

/// A year of one restaurant: every day, about 40 bookings for the evening a week ahead,
/// 4 cancellations and 10 calls for a full slot of this evening (8 in 10 fill the form,
/// choosing 1 to 3 slots), and answers to offers (half Oui, a quarter Non, a quarter silence).
struct YearTape<Driver: TapeDriver> {
    enum Step {
        case newDay(Int)
        case book(day: Int)
        case cancel(day: Int)
        case trigger(phone: String, start: Instant, token: String)
        case join(token: String, slots: [Instant], party: Int)
        case reply(token: String, accept: Bool)
    }

    struct Figures {
        var events = 0
        var peakOpenEntries = 0
        var entries = 0
        var offers = 0
        var engineBookings = 0
        var sms = 0
    }

    var driver: Driver
    let days: Int
    var tape = SplitMix64(seed: 2025)
    var answers = SplitMix64(seed: 7)
    var queue: [(at: Instant, sequence: Int, step: Step)] = []
    var sequence = 0
    var busy: [BusyInterval] = []
    var bookingCount = 0
    var tokenCount = 0
    var openEntries = 0
    var figures = Figures()

    init(driver: Driver, days: Int) {
        self.driver = driver
        self.days = days
    }

    mutating func push(_ step: Step, at: Instant) {
        let entry = (at: at, sequence: sequence, step: step)
        sequence += 1
        var low = 0, high = queue.count
        while low < high {
            let middle = (low + high) / 2
            if (queue[middle].at, queue[middle].sequence) < (at, entry.sequence) { low = middle + 1 } else { high = middle }
        }
        queue.insert(entry, at: low)
    }

    mutating func run() -> Figures {
        push(.newDay(0), at: EngineBench.at(day: 0, 0))
        var next = 0
        while next < queue.count {
            let (at, _, step) = queue[next]
            next += 1
            fireTimers(through: at)
            apply(step, at: at)
            if next > 4096 { queue.removeFirst(next); next = 0 }
        }
        fireTimers(through: EngineBench.at(day: days + 8, 0))
        return figures
    }

    mutating func fireTimers(through limit: Instant) {
        while let timer = driver.nextTimer, timer.at <= limit {
            absorb(driver.handle(.timerFired(timer.id), at: timer.at), at: timer.at)
        }
    }

    mutating func apply(_ step: Step, at now: Instant) {
        switch step {
        case .newDay(let day):
            busy.removeAll { $0.end <= now }
            for _ in 0..<40 { push(.book(day: day + 7), at: now + .seconds(Int64.random(in: 9 * 3600..<22 * 3600, using: &tape))) }
            for _ in 0..<4 { push(.cancel(day: day), at: now + .seconds(Int64.random(in: 10 * 3600..<19 * 3600, using: &tape))) }
            for _ in 0..<10 {
                let time = now + .seconds(Int64.random(in: 10 * 3600..<18 * 3600, using: &tape))
                tokenCount += 1
                let token = "y\(tokenCount)"
                let start = EngineBench.eveningStarts(day: day).randomElement(using: &tape)!
                push(.trigger(phone: "+3361\(Int.random(in: 1_000_000..<1_002_000, using: &tape))", start: start, token: token), at: time)
                if Int.random(in: 0..<10, using: &tape) < 8 {
                    let others = EngineBench.eveningStarts(day: day).filter { _ in Int.random(in: 0..<8, using: &tape) == 0 }
                    push(.join(token: token, slots: [start] + others, party: Int.random(in: 1...6, using: &tape)),
                         at: time + .seconds(Int64.random(in: 120...1200, using: &tape)))
                }
            }
            if day + 1 < days { push(.newDay(day + 1), at: EngineBench.at(day: day + 1, 0)) }
        case .book(let day):
            let start = EngineBench.eveningStarts(day: day).randomElement(using: &tape)!
            let party = Int.random(in: 2...4, using: &tape)
            let used = busy.reduce(0) { $0 + ($1.start == start ? $1.units : 0) }
            guard used + party <= 16 else { return }
            bookingCount += 1
            busy.append(BusyInterval(id: "b\(bookingCount)", start: start, end: start + .seconds(1800), resource: "", units: party))
            send(.calendarChanged(busy: busy), at: now)
        case .cancel(let day):
            let tonight = busy.indices.filter { busy[$0].start > now && busy[$0].start < EngineBench.at(day: day + 1, 0) }
            guard let index = tonight.randomElement(using: &tape) else { return }
            busy.remove(at: index)
            send(.calendarChanged(busy: busy), at: now)
        case let .trigger(phone, start, token):
            send(.trigger(phone: phone, requestedStart: start, source: "phone", token: token), at: now)
        case let .join(token, slots, party):
            send(.formSubmitted(token: token, firstName: "Camille", lastName: "Martin", email: "", partySize: party, slots: slots), at: now)
        case let .reply(token, accept):
            send(.reply(offerToken: token, accept: accept), at: now)
        }
    }

    mutating func send(_ event: EngineEvent, at now: Instant) {
        absorb(driver.handle(event, at: now), at: now)
    }

    /// Carries out effects like the service would, and keeps the figures.
    mutating func absorb(_ effects: [EngineEffect], at now: Instant) {
        figures.events += 1
        for effect in effects {
            switch effect {
            case let .createBooking(slot, end, entryID, units):
                figures.engineBookings += 1
                busy.append(BusyInterval(id: EngineEffect.bookingID(for: entryID), start: slot.start, end: end,
                                         resource: slot.resource, units: units))
            case let .sendSMS(_, template, _, entryID):
                figures.sms += 1
                guard template == "offer", let token = driver.openOfferToken(entryID: entryID) else { continue }
                figures.offers += 1
                let delay = Duration.seconds(Int64.random(in: 60...600, using: &answers))
                switch Int.random(in: 0..<4, using: &answers) {
                case 0, 1: push(.reply(token: token, accept: true), at: now + delay)
                case 2: push(.reply(token: token, accept: false), at: now + delay)
                default: break
                }
            case let .history(_, line):
                if line.from == nil, line.to != nil { openEntries += 1; figures.entries += 1 }
                if let from = line.from, let to = line.to, !from.isFinal, to.isFinal { openEntries -= 1 }
                figures.peakOpenEntries = max(figures.peakOpenEntries, openEntries)
            default:
                break
            }
        }
    }
}
