/// Waitlist events typed at the prompt: a call (`trigger`), the form (`join`), answers
/// (`reply`), the establishment's own actions (`notify`, `delete`) and STOP. Unknown
/// entries and phones are the admin's typos, so they are errors here (nothing changes);
/// what the engine refuses (a manual offer on a full slot) is its answer, in the transcript.

extension ReplSession {
    /// `trigger PHONE TIME [--source web] [--service coupe]`.
    mutating func trigger(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let source = try arguments.option("--source") ?? "phone"
        let phone = try Self.phone(arguments.next("a phone number", example: "trigger +33612345678 19:30"))
        let requested = try ReplTimeReader(zone: zone, now: now).time(from: &arguments)
        let service = try arguments.option("--service")
        try arguments.finish(options: ["--source", "--service"])
        let event = TapeEvent.trigger(phone: phone, requested: requested, source: source, service: service)
        let at = now
        return try perform("admin") { driver throws(ReplError) in
            try Self.apply(TapeLine(line: 0, at: at, event: event), on: &driver)
        }
    }

    /// `join PHONE TIME... [--party N] [--name FIRST LAST] [--email E]`.
    mutating func join(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let partyText = try arguments.option("--party")
        let name = try arguments.option("--name", multiWord: true) ?? "Client"
        let email = try arguments.option("--email") ?? ""
        var party = 1
        if let partyText {
            guard let number = Int(partyText), number >= 1 else {
                throw ReplError("'\(partyText)' is not a party size", help: "give a whole number: --party 2")
            }
            party = number
        }
        let phone = try Self.phone(arguments.next("a phone number", example: "join +33612345678 19:30 20:00"))
        let reader = ReplTimeReader(zone: zone, now: now)
        var slots = [try reader.time(from: &arguments, what: "the chosen slot times")]
        while arguments.peek.map({ !$0.hasPrefix("--") }) == true { slots.append(try reader.time(from: &arguments)) }
        try arguments.finish(options: ["--party", "--name", "--email"])
        let nameWords = name.split(separator: " ", maxSplits: 1).map(String.init)
        let join = TapeEvent.join(phone: phone, firstName: nameWords[0], lastName: nameWords.count > 1 ? nameWords[1] : "",
                                  email: email, party: party, slots: slots)
        let invited = driver.engine.state.entries.last { $0.phone == phone }?.status == .invited
        let at = now
        return try perform("admin") { driver throws(ReplError) in
            if !invited {
                try Self.apply(TapeLine(line: 0, at: at, event: .trigger(phone: phone, requested: slots[0], source: "phone", service: nil)), on: &driver)
            }
            try Self.apply(TapeLine(line: 0, at: at, event: join), on: &driver)
        }
    }

    /// `reply ENTRY|PHONE oui|non`.
    mutating func reply(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let who = try arguments.next("an entry number or a phone", example: "reply 3 oui")
        let answer = try arguments.next("the answer, oui or non", example: "reply \(who) oui").lowercased()
        try arguments.finish()
        let accept: Bool
        switch answer {
        case "oui", "yes", "o", "y": accept = true
        case "non", "no", "n": accept = false
        default: throw ReplError("'\(answer)' is not an answer", help: "answer oui or non")
        }
        let entries: [WaitlistEntry]
        if who.hasPrefix("+") || who.hasPrefix("0") {
            let phone = try Self.phone(who)
            entries = driver.engine.state.entries.filter { $0.phone == phone }
            guard !entries.isEmpty else {
                throw ReplError("no entry has the phone \(phone)", help: "'entries' lists them; 'trigger' adds one")
            }
        } else {
            entries = [try entry(who)]
        }
        let ids = Set(entries.map(\.id))
        let offers = driver.engine.state.offers.filter { ids.contains($0.entryID) }
        guard let offer = offers.last(where: { $0.outcome == .open }) ?? offers.last else {
            throw ReplError("no offer was sent to \(entries.count == 1 ? "entry \(entries[0].id) (\(entries[0].status.rawValue))" : who): nothing to answer",
                            help: "'queue' shows who is in line; 'notify ENTRY TIME' offers by hand")
        }
        let phone = driver.engine.state.entry(offer.entryID)?.phone ?? ""
        let at = now
        return try perform("admin") { driver in
            driver.records.append(.input(at: at, .reply(phone: phone, accept: accept)))
            driver.handle(.reply(offerToken: offer.token, accept: accept), at: at)
        }
    }

    /// `notify ENTRY TIME [--by NAME]`.
    mutating func notify(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let by = try arguments.option("--by", multiWord: true) ?? "admin"
        let id = try entry(arguments.next("an entry number", example: "notify 3 19:30")).id
        let slot = try ReplTimeReader(zone: zone, now: now).time(from: &arguments)
        try arguments.finish(options: ["--by"])
        let event = TapeEvent.notify(entry: id, slot: slot, by: by)
        let at = now
        return try perform("admin") { driver throws(ReplError) in
            try Self.apply(TapeLine(line: 0, at: at, event: event), on: &driver)
        }
    }

    /// `delete ENTRY [--by NAME]`.
    mutating func delete(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let by = try arguments.option("--by", multiWord: true) ?? "admin"
        let id = try entry(arguments.next("an entry number", example: "delete 3")).id
        try arguments.finish(options: ["--by"])
        let event = TapeEvent.delete(entry: id, by: by)
        let at = now
        return try perform("admin") { driver throws(ReplError) in
            try Self.apply(TapeLine(line: 0, at: at, event: event), on: &driver)
        }
    }

    /// `stop PHONE`.
    mutating func stop(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let phone = try Self.phone(arguments.next("a phone number", example: "stop +33612345678"))
        try arguments.finish()
        let at = now
        return try perform("admin") { driver throws(ReplError) in
            try Self.apply(TapeLine(line: 0, at: at, event: .stop(phone: phone)), on: &driver)
        }
    }

    /// The entry numbered `word` (`3` or `#3`), or an error listing the numbers that exist.
    func entry(_ word: String) throws(ReplError) -> WaitlistEntry {
        let digits = word.hasPrefix("#") ? String(word.dropFirst()) : word
        let count = driver.engine.state.entries.count
        let range = count == 0 ? "there are no entries yet ('trigger' or 'join' adds one)" : "entries are 1 to \(count)"
        guard let id = Int(digits) else { throw ReplError("'\(word)' is not an entry number", help: range) }
        guard let entry = driver.engine.state.entry(id) else { throw ReplError("no entry \(id)", help: range) }
        return entry
    }

    /// `+33612345678`, or a French `0612345678` made international; dots and dashes allowed.
    static func phone(_ word: String) throws(ReplError) -> String {
        let cleaned = word.filter { $0 != "." && $0 != "-" }
        let digits = cleaned.dropFirst(cleaned.hasPrefix("+") ? 1 : 0)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ReplError("'\(word)' is not a phone number", help: "write it as +33612345678 (or 0612345678)")
        }
        if cleaned.hasPrefix("+") {
            guard (8...15).contains(digits.count) else {
                throw ReplError("'\(word)' has \(digits.count) digits; an international number has 8 to 15", help: "write it as +33612345678")
            }
            return cleaned
        }
        guard cleaned.hasPrefix("0"), cleaned.count == 10 else {
            throw ReplError("'\(word)' is not a phone number", help: "write it as +33612345678 (or 0612345678)")
        }
        return "+33" + cleaned.dropFirst()
    }
}
