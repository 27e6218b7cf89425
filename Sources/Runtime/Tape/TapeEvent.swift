/// The vocabulary of a recorded evening ("tape"): what happened, when, and on which line of
/// `timeline.jsonl`, so the dry-run driver can replay it and point at the line when the
/// tape itself is wrong.

/// One thing that happens on a tape's timeline.
public enum TapeEvent: Sendable, Hashable {
    /// A new booking appears in the calendar.
    case book(uid: String, start: Instant, end: Instant, party: Int, resource: String)
    /// A booking disappears; `occurrence` picks one occurrence of a recurring booking.
    case cancel(uid: String, occurrence: Instant?)
    /// A booking changes time (every field but the times stays).
    case move(uid: String, occurrence: Instant?, start: Instant, end: Instant)
    /// A call for a full slot.
    case trigger(phone: String, requested: Instant, source: String, service: String?)
    /// The waitlist form behind the phone's latest invitation.
    case join(phone: String, firstName: String, lastName: String, email: String, party: Int, slots: [Instant])
    /// Oui (`accept`) or Non to the phone's offer.
    case reply(phone: String, accept: Bool)
    /// Someone at the establishment offers a slot by hand.
    case notify(entry: Int, slot: Instant, by: String)
    /// Someone at the establishment deletes an entry.
    case delete(entry: Int, by: String)
    /// Someone at the establishment moves an entry up (`delta` > 0) or down in line.
    case priority(entry: Int, delta: Int, by: String)
    /// The phone answered STOP.
    case stop(phone: String)
    /// The establishment's calendar copy became too old to offer on (`stale`), or was read
    /// again: offers wait, then resume (`EngineEvent.calendarHealth`).
    case calendarHealth(stale: Bool)
    /// Nothing happens; the clock moves on (timers fire).
    case advance

    /// The word used in `"event"`.
    public var name: String {
        switch self {
        case .book: return "book"
        case .cancel: return "cancel"
        case .move: return "move"
        case .trigger: return "trigger"
        case .join: return "join"
        case .reply: return "reply"
        case .notify: return "notify"
        case .delete: return "delete"
        case .priority: return "priority"
        case .stop: return "stop"
        case .calendarHealth: return "calendar_health"
        case .advance: return "advance"
        }
    }
}

/// A timeline event with its virtual time and its line in the timeline file.
public struct TapeLine: Sendable, Hashable {
    /// 1-based line number in `timeline.jsonl`.
    public var line: Int
    /// When it happens.
    public var at: Instant
    /// What happens.
    public var event: TapeEvent

    /// A timeline line from its parts.
    public init(line: Int, at: Instant, event: TapeEvent) {
        self.line = line
        self.at = at
        self.event = event
    }
}

/// A mistake in a tape, located at a file and line, worded for the admin.
public struct TapeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as named to the parser (`examples/tapes/x/timeline.jsonl`).
    public var file: String
    /// 1-based line; 0 when the mistake concerns the whole file.
    public var line: Int
    /// What is wrong.
    public var message: String
    /// How to fix it, when a fix is likely.
    public var help: String?

    /// A tape error from its parts.
    public init(file: String, line: Int, message: String, help: String? = nil) {
        self.file = file
        self.line = line
        self.message = message
        self.help = help
    }

    /// `examples/tapes/x/timeline.jsonl:12: unknown event 'cancle' (did you mean 'cancel'?)`,
    /// then `  help: ...` on its own line when there is help.
    public var description: String {
        let place = line > 0 ? "\(file):\(line)" : file
        return "\(place): \(message)" + (help.map { "\n  help: \($0)" } ?? "")
    }
}
