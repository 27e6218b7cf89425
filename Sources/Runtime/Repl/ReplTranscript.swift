/// How the repl prints what happened: the dry-run transcript's lines (the same
/// `TranscriptWriter`), with the admin's own inputs marked `admin:` and the tape's `tape:`.
/// Every event command runs on a copy of the driver, so a command that fails changes nothing.

extension ReplSession {
    /// A writer over the session's current state, for stamps, masks and descriptions.
    var writer: TranscriptWriter {
        TranscriptWriter(result: DryRunResult(rules: rules, from: now, until: now, initialBookings: 0,
                                              records: [], state: driver.engine.state))
    }

    /// Runs `body` on a copy of the driver; on success keeps it and returns the transcript
    /// lines it added, inputs labelled `label`.
    mutating func perform(_ label: String,
                          _ body: (inout Driver) throws(ReplError) -> Void) throws(ReplError) -> String {
        var copy = driver
        let mark = copy.records.count
        try body(&copy)
        driver = copy
        return render(Array(driver.records[mark...]), inputLabel: label)
    }

    /// Transcript lines for `records`, or a line saying nothing happened.
    func render(_ records: [TranscriptRecord], inputLabel: String) -> String {
        let writer = TranscriptWriter(result: DryRunResult(rules: rules, from: now, until: now, initialBookings: 0,
                                                           records: records, state: driver.engine.state))
        var lines: [String] = []
        for record in TranscriptWriter.smsAfterTheirDecision(records) {
            switch record {
            case let .calendar(at, change):
                lines.append("\(writer.stamp(at)) calendar: \(writer.describe(change, at: at))")
            case let .input(at, event):
                lines.append("\(writer.stamp(at)) \(inputLabel): \(writer.describe(event, at: at))")
            case let .effect(at, effect):
                lines += writer.describe(effect, at: at)
            }
        }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    /// `2025-01-17 19:30`, local.
    func stamp(_ instant: Instant) -> String { writer.stamp(instant) }

    /// `19:30`, with the date when it is not the clock's day.
    func clock(_ instant: Instant) -> String { writer.clock(instant, at: now) }

    /// `vendredi` style weekday in English, for the clock line.
    func weekday(_ instant: Instant) -> String {
        ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"][zone.local(instant).isoWeekday - 1]
    }

    /// `, next timer 19:17 (offer-expiry ...)` or nothing.
    var nextTimerNote: String {
        guard let timer = driver.engine.state.timers.first else { return ", no timer pending" }
        return ", next timer at \(clock(timer.at)) (\(describe(timer.id)))"
    }

    /// A timer in words.
    func describe(_ timer: TimerID) -> String {
        let state = driver.engine.state
        switch timer {
        case .offerExpiry(let token):
            let offer = state.offers.last { $0.token == token }
            return offer.map { "the offer of \(clock($0.slot.start)) to entry \($0.entryID) runs out" } ?? "an offer runs out"
        case .linkExpiry(let id): return "entry \(id)'s waitlist link runs out"
        case .slotClosing(let start): return "offers for \(clock(start)) close"
        case .quietHoursEnd: return "quiet hours end"
        case .broadcastStart(let key): return "\(clock(key.start)) \(key.service) switches to broadcast"
        }
    }
}
