/// The read-only views of the session: `entries` (one row per entry), `entry N` (one entry
/// in full, with its history), `slots [DATE]` (places per slot) and `summary` (the dry-run
/// summary so far). Phones are masked in tables, as in transcripts.

extension ReplSession {
    /// `entries`.
    func entriesTable() -> String {
        let state = driver.engine.state
        guard !state.entries.isEmpty else { return "no entries yet ('trigger' or 'join' adds one)\n" }
        var rows = [["id", "phone", "name", "status", "party", "slots", "offers"]]
        for entry in state.entries {
            let slots = entry.form?.slots.map { clock($0) }.joined(separator: ", ") ?? "requested \(clock(entry.requested))"
            let offers = state.offers.filter { $0.entryID == entry.id }.map { offerText($0) }
            rows.append([String(entry.id), writer.mask(entry.phone), displayName(entry), entry.status.rawValue,
                         entry.form.map { String($0.partySize) } ?? "-", slots,
                         offers.isEmpty ? "-" : offers.joined(separator: ", ")])
        }
        return Self.table(rows)
    }

    /// `20:30 declined`, `21:00 open until 19:17`.
    func offerText(_ offer: Offer) -> String {
        offer.outcome == .open ? "\(clock(offer.slot.start)) open until \(clock(offer.expiresAt))"
            : "\(clock(offer.slot.start)) \(offer.outcome.rawValue)"
    }

    /// `entry ENTRY`.
    func entryDetails(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let entry = try entry(arguments.next("an entry number", example: "entry 3"))
        try arguments.finish()
        let state = driver.engine.state
        var lines: [String] = []
        if let form = entry.form {
            lines.append("entry \(entry.id): \(form.firstName) \(form.lastName)".withoutTrailingSpaces + ", \(entry.phone), \(people(form.partySize))")
            if !form.email.isEmpty { lines.append("  email: \(form.email)") }
            lines.append("  joined: \(stamp(form.joinedAt)); chosen slots: \(form.slots.map { clock($0) }.joined(separator: ", "))")
        } else {
            lines.append("entry \(entry.id): \(entry.phone), form not filled yet")
        }
        lines.append("  status: \(entry.status.rawValue)")
        lines.append("  requested: \(clock(entry.requested))\(entry.service.isEmpty ? "" : " \(entry.service)") (\(entry.source))")
        lines.append("  link: \(rules.establishment.publicURL)/w/\(rules.establishment.id)/\(entry.token) (valid until \(stamp(entry.tokenExpires)))")
        let offers = state.offers.filter { $0.entryID == entry.id }
        lines.append("  offers: \(offers.count) of at most \(rules.offers.maxOffersPerEntry)"
                     + (offers.isEmpty ? "" : ": " + offers.map { offerText($0) + ($0.broadcast ? " (broadcast)" : "") }.joined(separator: ", ")))
        if !entry.refusedSlots.isEmpty {
            lines.append("  never offered again: \(entry.refusedSlots.map { clock($0) }.joined(separator: ", "))")
        }
        if entry.manualPriority != 0 { lines.append("  manual priority: \(entry.manualPriority)") }
        lines.append("  history:")
        for line in entry.history {
            let change = line.to.map { "\(line.from?.rawValue ?? "new") → \($0.rawValue): " } ?? ""
            lines.append("    \(stamp(line.at)) \(change)\(line.reason)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `slots [DATE]`.
    func slots(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        let reader = ReplTimeReader(zone: zone, now: now)
        let dayStart: Instant
        if let word = arguments.nextIfPresent() {
            dayStart = try reader.day(word)
        } else {
            let local = zone.local(now)
            dayStart = zone.instant(CivilDateTime(year: local.year, month: local.month, day: local.day))
        }
        try arguments.finish()
        let local = zone.local(dayStart)
        let next = zone.instant(CivilDateTime(utcSeconds: CivilDateTime(year: local.year, month: local.month, day: local.day).utcSeconds + 86_400))
        let state = driver.engine.state
        let slots = driver.engine.replSlots.slots(from: dayStart, to: next)
        let date = "\(local.year)-\(two(local.month))-\(two(local.day))"
        guard !slots.isEmpty else { return "no slots on \(weekday(dayStart)) \(date) (closed)\n" }
        let occupancy = SlotOccupancy(busy: state.busy + state.pendingBookings)
        var rows = [["slot", "service", "free", "taken", "waiting", "offered"]]
        for slot in slots {
            let free = occupancy.freeCapacity(of: slot)
            let waiting = state.entries.filter { $0.status == .waiting && $0.form?.slots.contains(slot.start) == true }.map { String($0.id) }
            let offered = state.offers.filter { $0.slot == slot.key && $0.outcome == .open }.map { String($0.entryID) }
            let time = writer.clock(slot.start, at: slot.start) + (slot.start <= now ? " (past)" : "")
            let service = slot.key.resource.isEmpty ? slot.key.service : "\(slot.key.service)/\(slot.key.resource)"
            rows.append([time, service, "\(free)/\(slot.capacity)", String(slot.capacity - free),
                         waiting.isEmpty ? "-" : waiting.joined(separator: ", "),
                         offered.isEmpty ? "-" : offered.joined(separator: ", ")])
        }
        return "slots on \(weekday(dayStart)) \(date):\n" + Self.table(rows, indent: "  ")
    }

    /// `summary`.
    func summary() -> String {
        let result = DryRunResult(rules: rules, from: now, until: now, initialBookings: 0,
                                  records: driver.records, state: driver.engine.state)
        return TranscriptSummary(result: result).lines.joined(separator: "\n") + "\n"
    }

    /// Left-aligned columns separated by two spaces; the last column is not padded.
    static func table(_ rows: [[String]], indent: String = "") -> String {
        guard let columns = rows.first?.count else { return "" }
        var widths = Array(repeating: 0, count: columns)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        return rows.map { row in
            indent + row.enumerated().map { index, cell in
                index == columns - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

fileprivate extension String {
    /// Without trailing spaces.
    var withoutTrailingSpaces: String { String(reversed().drop { $0 == " " }.reversed()) }
}
