/// Moving the virtual clock: `advance` fires the engine's timers on the way, `step` and
/// `run` play the tape's timeline the way `dry-run` does (timers up to each event, then
/// the event). The clock never goes back.

extension ReplSession {
    /// `advance [DURATION | to TIME]`.
    mutating func advance(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let target: Instant
        if arguments.peek == "to" {
            _ = arguments.nextIfPresent()
            target = try ReplTimeReader(zone: zone, now: now).time(from: &arguments)
        } else if let word = arguments.nextIfPresent() {
            target = now + .seconds(try ReplTimeReader.duration(word))
        } else {
            guard let due = driver.engine.nextTimerDue else {
                throw ReplError("no timer is pending", help: "say how far: advance 15m, or advance to 19:30")
            }
            target = max(due, now)
        }
        try arguments.finish()
        guard target >= now else {
            throw ReplError("\(stamp(target)) is before the clock (\(stamp(now))); the clock only moves forward",
                            help: "give a later time, e.g. a date for another day: advance to 2025-01-18 09:00")
        }
        let moved = target - now
        let lines = try perform("admin") { driver in driver.fireTimers(upTo: target) }
        now = target
        let note = Self.tapeIsBehind(tape, position: tapePosition, now: now)
        return lines + "clock: \(stamp(now)) (+\(ReplTimeReader.describe(seconds: moved.components.seconds)))\(note)\n"
    }

    static func tapeIsBehind(_ tape: [TapeLine], position: Int, now: Instant) -> String {
        let overdue = tape[position...].prefix { $0.at <= now }.count
        return overdue == 0 ? "" : "; \(plural(overdue, "tape event")) now due ('step' plays them)"
    }

    /// `step [N]`.
    mutating func step(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        var count = 1
        if let word = arguments.nextIfPresent() {
            guard let number = Int(word), number >= 1 else {
                throw ReplError("'\(word)' is not a number of events", help: "step 3 plays the next three events")
            }
            count = number
        }
        try arguments.finish()
        return try play(count: count, until: nil)
    }

    /// `run [to TIME]`.
    mutating func run(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        var until: Instant?
        if arguments.peek == "to" {
            _ = arguments.nextIfPresent()
            until = try ReplTimeReader(zone: zone, now: now).time(from: &arguments)
            if until! < now {
                throw ReplError("\(stamp(until!)) is before the clock (\(stamp(now))); the clock only moves forward")
            }
        }
        try arguments.finish()
        return try play(count: Int.max, until: until)
    }

    /// Plays up to `count` tape events (none after `until`), then moves the clock to `until`.
    mutating func play(count: Int, until: Instant?) throws(ReplError) -> String {
        guard let tapeName else {
            throw ReplError("no tape is loaded", help: "start the repl with a tape folder: speedai-rules repl RULES TAPE")
        }
        guard tapePosition < tape.count else {
            throw ReplError("the tape is played to the end (\(plural(tape.count, "event")))",
                            help: "go on by hand: advance, book, cancel, join...")
        }
        var played = 0
        var clockNow = now
        var position = tapePosition
        let tape = self.tape
        var output = try perform("tape") { driver throws(ReplError) in
            while played < count, position < tape.count, until == nil || tape[position].at <= until! {
                var line = tape[position]
                line.at = max(line.at, clockNow)
                driver.fireTimers(upTo: line.at)
                try Self.apply(line, on: &driver)
                clockNow = line.at
                position += 1
                played += 1
            }
            if let until {
                driver.fireTimers(upTo: until)
                clockNow = until
            }
        }
        now = clockNow
        tapePosition = position
        let next = position < tape.count ? "; next at \(stamp(tape[position].at))" : " (the end)"
        output += "tape: \(played == 1 ? "1 event" : "\(played) events") played, \(position) of \(tape.count)\(next) — \(tapeName)\n"
        output += "clock: \(stamp(now))\n"
        return output
    }
}
