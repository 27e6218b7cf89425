/// `speedai-rules export-tape`: what really happened to a business in a period, written as a
/// dry-run tape (docs/tapes.md) so an admin can replay a real week under a changed rule file
/// before deploying it. Names, phone numbers and emails are pseudonymised; the engine's own
/// bookings and holds are left out of the calendar (the replay makes its own).
import Foundation
import RuleLang
import Runtime

/// Writes a tape folder from the event log.
public struct TapeExporter {
    let store: any WaitlistStore
    let business: String

    /// An exporter of `business`'s log in `store`.
    public init(store: any WaitlistStore, business: String) {
        self.store = store
        self.business = business
    }

    /// What was exported.
    public struct Summary: Sendable {
        public var events: Int
        public var entries: Int
        public var skipped: Int
    }

    /// Writes `calendar.ics`, `timeline.jsonl`, `<business>.rules` and `README.md` into
    /// `folder` for events in `[from, to)` (local dates `2025-01-13`, or times).
    public func export(from fromText: String, to toText: String, into folder: String) throws(CalendarError) -> Summary {
        let row: BusinessRow?
        do { row = try store.business(id: business) } catch { throw CalendarError("database unreadable: \(error)") }
        guard let row, let zone = ZoneConverter(identifier: row.timeZone) else {
            throw CalendarError("unknown business '\(business)' in this database")
        }
        func parse(_ text: String, _ option: String) throws(CalendarError) -> Instant {
            let full = text.count == 10 ? "\(text)T00:00:00" : text
            guard let instant = LocalTimeText.parse(full, zone: zone) else {
                throw CalendarError("\(option) '\(text)' is not a date; use 2025-01-13 or 2025-01-13T18:00:00")
            }
            return instant
        }
        let from = try parse(fromText, "--from"), to = try parse(toText, "--to")
        guard from < to else { throw CalendarError("--from must be before --to") }
        let before: [LoggedEventRow], window: [LoggedEventRow]
        do {
            before = try store.events(business: business, from: Instant(seconds: 0), to: from)
            window = try store.events(business: business, from: from, to: to)
        } catch { throw CalendarError("database unreadable: \(error)") }
        var calendar: [BusyInterval] = []
        var ruleDigest = row.ruleDigest
        for event in before {
            switch try? LoggedEvent.decode(event.payload) {
            case .calendar(let busy)?: calendar = Self.external(busy)
            case .rules(let digest)?: ruleDigest = digest
            default: break
            }
        }
        if before.isEmpty, let first = window.first, case .rules(let digest)? = try? LoggedEvent.decode(first.payload) {
            ruleDigest = digest
        }
        var writer = TimelineWriter(zone: zone)
        var current = calendar
        for event in window {
            guard let logged = try? LoggedEvent.decode(event.payload) else { continue }
            if case .calendar(let busy) = logged {
                let next = Self.external(busy)
                writer.calendarChange(from: current, to: next, at: event.at)
                current = next
            } else {
                writer.add(logged, at: event.at)
            }
        }
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try TextFileReader.writeAtomically(Self.ics(calendar, business: business), to: "\(folder)/calendar.ics")
            try TextFileReader.writeAtomically(writer.lines.map { $0 + "\n" }.joined(), to: "\(folder)/timeline.jsonl")
            if let source = try? store.ruleSource(digest: ruleDigest) {
                try TextFileReader.writeAtomically(source, to: "\(folder)/\(business).rules")
            }
            try TextFileReader.writeAtomically("""
                # \(business): \(fromText) to \(toText)

                Exported from the service's event log by `speedai-rules export-tape`: the calendar at
                the start (without the waitlist's own bookings and holds), then every event in order.
                Names, phone numbers and emails are pseudonymised. \(writer.skipped) event(s) about entries
                created before the period were left out.

                Replay it under another rule file: `speedai-rules dry-run NEW.rules \(folder)`.

                """, to: "\(folder)/README.md")
        } catch {
            throw CalendarError("cannot write the tape into \(folder): \(error)")
        }
        return Summary(events: writer.lines.count, entries: writer.phones.count, skipped: writer.skipped)
    }

    /// The calendar without the engine's own bookings and holds.
    static func external(_ busy: [BusyInterval]) -> [BusyInterval] {
        busy.filter { !$0.id.hasPrefix("speedai-booking-") && !$0.id.hasPrefix(EngineEffect.holdIDPrefix) }
    }

    static func ics(_ busy: [BusyInterval], business: String) -> String {
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SpeedAI//export-tape \(business)//FR"]
        for interval in busy {
            lines += ["BEGIN:VEVENT", "UID:\(interval.id)", "DTSTAMP:20250101T000000Z", "DTSTART:\(interval.start.iCalendarUTC)",
                      "DTEND:\(interval.end.iCalendarUTC)", "X-SPEEDAI-PARTY:\(interval.units)"]
            if !interval.resource.isEmpty { lines.append("X-SPEEDAI-RESOURCE:\(interval.resource)") }
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.joined(separator: "\r\n") + "\r\n"
    }
}

/// Builds the timeline lines, pseudonymising people on the way.
struct TimelineWriter {
    let zone: ZoneConverter
    var lines: [String] = []
    /// Real phone → pseudonym, in order of first appearance.
    var phones: [String: String] = [:]
    /// Engine entry token → pseudonymous phone.
    var tokens: [String: String] = [:]
    /// Original entry ids are replaced by their order of appearance.
    var entryNumbers: [String: Int] = [:]
    var skipped = 0

    init(zone: ZoneConverter) { self.zone = zone }

    mutating func pseudonym(_ phone: String) -> String {
        if let known = phones[phone] { return known }
        let value = String(format: "+3360000%04d", phones.count + 1)
        phones[phone] = value
        return value
    }

    mutating func add(_ event: LoggedEvent, at: Instant) {
        var object: [String: Any] = ["at": LocalTimeText.withOffset(at, zone: zone)]
        switch event {
        case let .trigger(phone, requested, source, token, service):
            let alias = pseudonym(phone)
            tokens[token] = alias
            object["event"] = "trigger"; object["phone"] = alias; object["source"] = source
            object["requested"] = local(requested)
            if let service { object["service"] = service }
        case let .form(token, _, _, _, partySize, slots):
            guard let alias = tokens[token] else { skipped += 1; return }
            let number = Int(alias.suffix(4)) ?? 0
            object["event"] = "join"; object["phone"] = alias
            object["first_name"] = "Client"; object["last_name"] = "N\(number)"
            object["email"] = "client\(number)@example.invalid"; object["party"] = partySize
            object["slots"] = slots.map(local)
        case let .reply(offerToken, accept):
            let entryToken = String(offerToken.prefix { $0 != "." })
            guard let alias = tokens[entryToken] else { skipped += 1; return }
            object["event"] = "reply"; object["phone"] = alias; object["answer"] = accept ? "oui" : "non"
        case let .notify(entryID, slot, by):
            object["event"] = "notify"; object["entry"] = entryID; object["slot"] = local(slot); object["by"] = by
        case let .delete(entryID, by):
            object["event"] = "delete"; object["entry"] = entryID; object["by"] = by
        case let .priority(entryID, delta, by):
            object["event"] = "priority"; object["entry"] = entryID; object["delta"] = delta; object["by"] = by
        case .stop(let phone):
            object["event"] = "stop"; object["phone"] = pseudonym(phone)
        case .calendarHealth(let stale):
            object["event"] = "calendar_health"; object["stale"] = stale
        case .advance, .rules, .calendar, .anonymise, .rulesRefused, .bookingRefused:
            return
        }
        append(object)
    }

    /// `book` / `cancel` / `move` lines for the difference between two busy lists.
    mutating func calendarChange(from old: [BusyInterval], to new: [BusyInterval], at: Instant) {
        let oldByID = Dictionary(old.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newByID = Dictionary(new.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let stamp = LocalTimeText.withOffset(at, zone: zone)
        for interval in old where newByID[interval.id] == nil {
            append(["at": stamp, "event": "cancel", "uid": interval.id])
        }
        for interval in new {
            if let previous = oldByID[interval.id] {
                if previous.start != interval.start || previous.end != interval.end {
                    append(["at": stamp, "event": "move", "uid": interval.id, "start": local(interval.start), "end": local(interval.end)])
                }
            } else {
                var object: [String: Any] = ["at": stamp, "event": "book", "uid": interval.id, "start": local(interval.start),
                                             "end": local(interval.end), "party": interval.units]
                if !interval.resource.isEmpty { object["resource"] = interval.resource }
                append(object)
            }
        }
    }

    func local(_ instant: Instant) -> String { LocalTimeText.minute(instant, zone: zone) }

    mutating func append(_ object: [String: Any]) {
        lines.append(APIJSON.text(object))
    }
}
