/// Turns a replay into the text an admin reads: one line per decision with its virtual
/// local time, every SMS as it would be sent (indented under its line), the tape's
/// calendar changes, and a closing summary. Phones are masked (`+33 6 .. .. .. 12`) so
/// transcripts can be shared. Deterministic: no locale, no wall clock.
import RuleLang

/// Renders a `DryRunResult`.
public struct TranscriptWriter: Sendable {
    /// The replay to render.
    public let result: DryRunResult
    let zone: ZoneConverter
    /// The last offer made to each entry at each instant, which an "offered" history line
    /// describes: looked up per line instead of searching every offer (quadratic).
    let offerSent: [OfferSending: Offer]

    /// A writer for `result` (its rules name a zone the engine accepted).
    public init(result: DryRunResult) {
        self.result = result
        self.zone = ZoneConverter(identifier: result.rules.establishment.timeZone) ?? ZoneConverter(identifier: "UTC")!
        var offerSent: [OfferSending: Offer] = [:]
        for offer in result.state.offers { offerSent[OfferSending(entryID: offer.entryID, sentAt: offer.sentAt)] = offer }
        self.offerSent = offerSent
    }

    /// An entry and the instant an offer went to it.
    struct OfferSending: Hashable {
        var entryID: Int
        var sentAt: Instant
    }

    /// The whole transcript, ending with a newline.
    public func render() -> String {
        var lines: [String] = []
        let rules = result.rules
        lines.append("dry-run: \(rules.establishment.name) (\(rules.establishment.timeZone)), "
                     + "\(stamp(result.from)) → \(stamp(result.until)), \(plural(result.initialBookings, "booking")) in the calendar")
        lines.append("")
        for record in Self.smsAfterTheirDecision(result.records) {
            switch record {
            case let .calendar(at, change):
                lines.append("\(stamp(at)) calendar: \(describe(change, at: at))")
            case let .input(at, event):
                lines.append("\(stamp(at)) tape: \(describe(event, at: at))")
            case let .effect(at, effect):
                lines += describe(effect, at: at)
            }
        }
        lines.append("")
        lines += TranscriptSummary(result: result).lines
        return lines.joined(separator: "\n") + "\n"
    }

    /// The engine sends a notice SMS (expired, declined) just before the transition it
    /// explains; the transcript shows the decision first and the SMS under it.
    static func smsAfterTheirDecision(_ records: [TranscriptRecord]) -> [TranscriptRecord] {
        var result = records
        var index = 0
        while index + 1 < result.count {
            if case let .effect(at, .sendSMS(_, _, _, smsEntry)) = result[index],
               case let .effect(nextAt, .history(historyEntry, line)) = result[index + 1],
               at == nextAt, historyEntry == smsEntry, line.to != nil {
                result.swapAt(index, index + 1)
                index += 2
            } else {
                index += 1
            }
        }
        return result
    }

    // MARK: - Pieces

    /// `2025-01-18 19:02`, local.
    func stamp(_ instant: Instant) -> String {
        let local = zone.local(instant)
        return "\(local.year)-\(two(local.month))-\(two(local.day)) \(two(local.hour)):\(two(local.minute))"
    }

    /// `19:30`, with the date when it is not the day of `at`.
    func clock(_ instant: Instant, at: Instant) -> String {
        let local = zone.local(instant)
        let time = "\(two(local.hour)):\(two(local.minute))"
        return local.epochDay == zone.local(at).epochDay ? time : "\(local.year)-\(two(local.month))-\(two(local.day)) \(time)"
    }

    /// `19:30`, plus `coupe/julie` when the establishment has resources.
    func slot(_ key: SlotKey, at: Instant) -> String {
        let time = clock(key.start, at: at)
        guard !result.rules.slots.resources.isEmpty else { return time }
        return key.resource.isEmpty ? "\(time) \(key.service)" : "\(time) \(key.service)/\(key.resource)"
    }

    func booking(_ booking: TapeBooking, at: Instant) -> String {
        var text = "\(clock(booking.start, at: at))–\(clock(booking.end, at: booking.start))"
        text += booking.resource.isEmpty ? " (\(people(booking.units)))" : " with \(booking.resource)"
        return text
    }

    func describe(_ change: CalendarChange, at: Instant) -> String {
        switch change {
        case .booked(let new):
            return "new booking \(booking(new, at: at)) [\(new.uid)]"
        case let .cancelled(removed, freed):
            let what = removed.map { booking($0, at: at) }.joined(separator: ", ")
            let uid = removed.first?.uid ?? ""
            return "cancellation of \(what) [\(uid)] \(frees(freed))"
        case let .moved(from, to, freed):
            return "booking [\(to.uid)] moved from \(booking(from, at: at)) to \(booking(to, at: at)) \(frees(freed))"
        }
    }

    func frees(_ places: Int) -> String {
        places == 0 ? "frees no place that was taken" : "frees \(plural(places, "place"))"
    }

    func describe(_ event: TapeEvent, at: Instant) -> String {
        switch event {
        case let .trigger(phone, requested, source, _):
            return "call (\(source)) from \(mask(phone)) for \(clock(requested, at: at)), which is full"
        case let .join(phone, firstName, lastName, _, party, slots):
            let initial = lastName.first.map { " \($0)." } ?? ""
            return "form from \(mask(phone)): \(firstName)\(initial), \(people(party)), slots "
                + slots.map { clock($0, at: at) }.joined(separator: ", ")
        case let .reply(phone, accept):
            return "\(accept ? "Oui" : "Non") from \(mask(phone))"
        case let .notify(entry, slot, by):
            return "\(by) offers \(clock(slot, at: at)) to entry \(entry) by hand"
        case let .delete(entry, by):
            return "\(by) deletes entry \(entry)"
        case let .priority(entry, delta, by):
            return "\(by) moves entry \(entry) \(delta > 0 ? "up" : "down") (\(delta > 0 ? "+" : "")\(delta))"
        case .stop(let phone):
            return "STOP from \(mask(phone))"
        case .calendarHealth(let stale):
            return stale ? "the calendar cannot be read: its copy is too old to offer on" : "the calendar is read again"
        case .advance:
            return "the clock moves on"
        case .book, .cancel, .move:
            return event.name
        }
    }

    func describe(_ effect: EngineEffect, at: Instant) -> [String] {
        switch effect {
        case let .history(entryID, line):
            return [stamp(line.at) + " " + describe(line, entryID: entryID)]
        case let .sendSMS(phone, template, text, _):
            let bill = SMSEncoding.billing(text)
            let head = "    SMS \(template) to \(mask(phone)) (\(bill.encoding.displayName), \(plural(bill.segments, "segment"))):"
            return [head] + text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "      |" : "      | " + $0 }
        case let .createBooking(key, _, entryID, units):
            return ["\(stamp(at)) booking \(slot(key, at: at)) for entry \(entryID) (\(people(units)))"]
        case let .placeHold(key, entryID):
            return ["\(stamp(at)) hold on \(slot(key, at: at)) for entry \(entryID)"]
        case let .releaseHold(key, entryID):
            return ["\(stamp(at)) hold on \(slot(key, at: at)) for entry \(entryID) released"]
        case .scheduleTimer, .cancelTimer:
            return []
        }
    }

    func describe(_ line: HistoryLine, entryID: Int?) -> String {
        guard let entryID else { return "journal: \(line.reason)" }
        let phone = result.state.entry(entryID).map { " (\(mask($0.phone)))" } ?? ""
        guard let status = line.to else { return "entry \(entryID): \(line.reason)" }
        if status == .offered, line.reason.hasPrefix("offer of"),
           let offer = offerSent[OfferSending(entryID: entryID, sentAt: line.at)] {
            let mode = offer.broadcast ? " [broadcast]" : (line.reason.contains("by hand") ? " [by hand]" : "")
            return "offer slot \(slot(offer.slot, at: line.at)) to entry \(entryID)\(phone), expires \(clock(offer.expiresAt, at: line.at))\(mode)"
        }
        if status == .invited { return "entry \(entryID)\(phone) invited: \(line.reason)" }
        return "entry \(entryID) \(status.rawValue): \(line.reason)"
    }

    /// `+33 6 .. .. .. 12`: country and first digit, then the last two.
    func mask(_ phone: String) -> String { TranscriptWriter.mask(phone) }

    /// Masks a phone number for a shareable transcript.
    public static func mask(_ phone: String) -> String {
        let characters = Array(phone)
        if phone.hasPrefix("+33"), characters.count == 12 {
            return "+33 \(characters[3]) .. .. .. \(String(characters[10...]))"
        }
        guard characters.count > 5 else { return phone }
        return "\(String(characters[..<3])) .. \(String(characters[(characters.count - 2)...]))"
    }
}

func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

func plural(_ count: Int, _ noun: String) -> String { count == 1 ? "1 \(noun)" : "\(count) \(noun)s" }

func people(_ count: Int) -> String { count == 1 ? "1 person" : "\(count) people" }
