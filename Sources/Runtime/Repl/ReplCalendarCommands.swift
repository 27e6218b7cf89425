/// Calendar changes typed at the prompt: `book`, `cancel` and `move`. They go through the
/// dry-run driver as tape events would, so the engine sees the full busy list and the
/// transcript says how many places a change frees.
import RuleLang

extension ReplSession {
    /// `book TIME[-END] PARTY [UID] [--resource LABEL]`.
    mutating func book(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let resource = try arguments.option("--resource") ?? ""
        if !resource.isEmpty {
            let labels = rules.slots.resources.map(\.label)
            guard labels.contains(resource) else {
                throw ReplError("no resource '\(resource)' in the rules",
                                help: Suggestions.didYouMean(resource, among: labels)
                                    ?? (labels.isEmpty ? "these rules have no resources: leave --resource out"
                                                       : "resources are \(labels.joined(separator: ", "))"))
            }
        }
        let (start, end) = try timeRange(&arguments, example: "book 19:30 4")
        let partyWord = try arguments.next("the party size", example: "book \(clock(start)) 4")
        guard let party = Int(partyWord), party >= 1 else {
            throw ReplError("'\(partyWord)' is not a party size", help: "give a whole number of people (or bookings): book \(clock(start)) 4")
        }
        var uid = arguments.nextIfPresent() ?? ""
        try arguments.finish(options: ["--resource"])
        guard let bookingEnd = end ?? slotEnd(start) else {
            throw ReplError("no slot starts at \(clock(start)), so the booking's end is not known",
                            help: "give the end: book \(clock(start))-\(clock(start + .seconds(7_200))) \(party)")
        }
        if uid.isEmpty {
            repeat {
                bookingCounter += 1
                uid = "repl-\(bookingCounter)"
            } while driver.calendar.contains(uid)
        }
        let line = TapeLine(line: 0, at: now, event: .book(uid: uid, start: start, end: bookingEnd,
                                                           party: party, resource: resource))
        return try perform("admin") { driver throws(ReplError) in try Self.apply(line, on: &driver) }
    }

    /// `cancel TIME` or `cancel UID`.
    mutating func cancel(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let word = try arguments.next("a time or a booking uid", example: "cancel 19:30")
        var uid = word
        var occurrence: Instant?
        var note = ""
        let reader = ReplTimeReader(zone: zone, now: now)
        var time: Instant?
        if ReplTimeReader.date(word) != nil {
            time = try reader.time(word + "T" + arguments.next("a time after the date", example: "cancel \(word) 19:30"))
        } else if word.first?.isNumber == true {
            time = try? reader.time(word)
        }
        if let start = time {
            let matching = driver.calendar.bookings.filter { $0.start == start }
            guard let first = matching.first else {
                let near = driver.calendar.bookings.filter { $0.start <= start && $0.end > start }
                throw ReplError("no booking starts at \(clock(start))",
                                help: near.isEmpty ? "'slots' shows the day; 'cancel UID' cancels by uid"
                                    : "bookings running then: " + near.prefix(5).map { "\($0.uid) (\(clock($0.start)))" }.joined(separator: ", "))
            }
            uid = first.uid
            occurrence = first.occurrence
            if matching.count > 1 {
                let others = matching.dropFirst().prefix(6).map(\.uid).joined(separator: ", ")
                note = "also at \(clock(start)): \(others)\(matching.count > 7 ? ", ..." : "") ('cancel UID' picks one)\n"
            }
        }
        try arguments.finish()
        let line = TapeLine(line: 0, at: now, event: .cancel(uid: uid, occurrence: occurrence))
        return try perform("admin") { driver throws(ReplError) in try Self.apply(line, on: &driver) } + note
    }

    /// `move UID TIME[-END]`.
    mutating func move(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let uid = try arguments.next("a booking uid", example: "move bdp-07 21:00")
        let (start, end) = try timeRange(&arguments, example: "move \(uid) 21:00")
        try arguments.finish()
        let found = driver.calendar.bookings.filter { $0.uid == uid }
        guard let booking = found.first else {
            throw ReplError("no booking '\(uid)' in the calendar",
                            help: Suggestions.didYouMean(uid, among: driver.calendar.uids) ?? "'cancel' and 'book' take uids; calendar.ics has them")
        }
        guard found.count == 1 else {
            throw ReplError("'\(uid)' recurs (\(found.count) occurrences): a repl move cannot say which",
                            help: "cancel it and book the new time instead")
        }
        let line = TapeLine(line: 0, at: now, event: .move(uid: uid, occurrence: nil, start: start,
                                                           end: end ?? start + (booking.end - booking.start)))
        return try perform("admin") { driver throws(ReplError) in try Self.apply(line, on: &driver) }
    }

    /// Applies a tape event, turning the tape's located error into a repl error.
    static func apply(_ line: TapeLine, on driver: inout Driver) throws(ReplError) {
        do {
            try driver.apply(line)
        } catch {
            throw ReplError(error.message, help: error.help)
        }
    }

    /// `19:30`, `19:30-21:00`, `2025-01-18 19:30-21:00` → start and optional end.
    func timeRange(_ arguments: inout ReplArguments, example: String) throws(ReplError) -> (Instant, Instant?) {
        let reader = ReplTimeReader(zone: zone, now: now)
        var word = try arguments.next("a time", example: example)
        var datePrefix = ""
        if ReplTimeReader.date(word) != nil, let next = arguments.nextIfPresent() {
            datePrefix = word + "T"
            word = next
        }
        let dash: String.Index? = word.contains("T") ? word.lastIndex(of: "-").flatMap { $0 > word.firstIndex(of: "T")! ? $0 : nil }
            : word.firstIndex(of: "-")
        guard let dash else { return (try reader.time(datePrefix + word), nil) }
        let start = try reader.time(datePrefix + String(word[..<dash]))
        let endWord = String(word[word.index(after: dash)...])
        var end = try ReplTimeReader(zone: zone, now: start).time(endWord)
        if end <= start, ReplTimeReader.clock(Substring(endWord)) != nil { end = end + .seconds(86_400) }
        guard end > start else { throw ReplError("'\(word)' ends before it starts", help: "write 19:30-21:00") }
        return (start, end)
    }

    /// When a booking on the slot starting at `start` ends (its service's `booking_length`,
    /// one slot by default), if a slot starts then.
    func slotEnd(_ start: Instant) -> Instant? {
        driver.slots.slot(startingAt: start).map { driver.slots.bookingEnd(of: $0.key, slotEnd: $0.end) }
    }
}
