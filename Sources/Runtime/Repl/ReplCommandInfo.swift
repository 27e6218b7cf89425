/// The repl's commands as the admin sees them: name, usage, one line for `help` and the
/// details for `help CMD`. Dispatch and "did you mean" read the same table, so a command
/// cannot exist without its help.
import RuleLang

/// One repl command's documentation.
public struct ReplCommandInfo: Sendable {
    /// The word typed.
    public var name: String
    /// Other words for the same command (`exit` for `quit`).
    public var aliases: [String] = []
    /// `book TIME[-END] PARTY [UID] [--resource R]`.
    public var usage: String
    /// One line for `help`.
    public var summary: String
    /// More lines for `help CMD`.
    public var details: String

    /// The command called `word` (or with that alias), if any.
    public static func named(_ word: String) -> ReplCommandInfo? {
        all.first { $0.name == word || $0.aliases.contains(word) }
    }

    /// Every command, in the order `help` lists them.
    public static let all: [ReplCommandInfo] = [
        ReplCommandInfo(name: "help", usage: "help [COMMAND]", summary: "list the commands, or explain one",
                        details: "Without a command, one line per command; with one, its usage and details."),
        ReplCommandInfo(name: "time", usage: "time", summary: "show the virtual clock and the next timer",
                        details: "The clock only moves with 'advance', 'step' and 'run'."),
        ReplCommandInfo(name: "advance", usage: "advance [DURATION | to TIME]",
                        summary: "move the clock on, firing the timers that fall due",
                        details: """
                        advance 15m          the clock moves 15 minutes (also 2h, 1h30m, 45s, 1d)
                        advance to 19:30     to 19:30 today (or 'to 2025-01-18 09:00')
                        advance              to the next timer (an offer running out, quiet hours ending)
                        Offers expire, quiet hours end and links run out on the way, each at its own
                        time, printed as in a dry-run transcript. Tape events are not played: use 'step'.
                        """),
        ReplCommandInfo(name: "step", usage: "step [N]", summary: "play the next N tape events (default 1)",
                        details: """
                        Needs a tape (speedai-rules repl RULES TAPE). The clock first moves to the event's
                        time, firing timers on the way. An event whose time the clock has already passed
                        is played at the clock's time.
                        """),
        ReplCommandInfo(name: "run", usage: "run [to TIME]", summary: "play the rest of the tape (or up to TIME)",
                        details: "With 'to TIME', plays the events up to TIME and then moves the clock to TIME."),
        ReplCommandInfo(name: "book", usage: "book TIME[-END] PARTY [UID] [--resource LABEL]",
                        summary: "add a booking to the calendar",
                        details: """
                        book 19:30 4              4 people at 19:30 for one slot length (uid repl-N)
                        book 19:30-21:00 4 t12    from 19:30 to 21:00, uid t12
                        --resource julie          on one staff member (rules with resources)
                        """),
        ReplCommandInfo(name: "cancel", usage: "cancel TIME | cancel UID", summary: "remove a booking, freeing its places",
                        details: """
                        cancel 19:30    the first booking starting at 19:30 (the others are listed)
                        cancel bdp-07   the booking with that uid (every occurrence if it recurs)
                        The engine then sees the freed places and may send offers.
                        """),
        ReplCommandInfo(name: "move", usage: "move UID TIME[-END]", summary: "move a booking to another time",
                        details: "Without END the booking keeps its length. The places it leaves may be offered."),
        ReplCommandInfo(name: "trigger", usage: "trigger PHONE TIME [--source web] [--service coupe]",
                        summary: "a call for a full slot: the caller is invited to the waitlist",
                        details: "trigger +33612345678 19:30 — sends the invitation SMS with the waitlist link."),
        ReplCommandInfo(name: "join", usage: "join PHONE TIME... [--party N] [--name FIRST LAST] [--email E]",
                        summary: "the waitlist form: the phone's invitation joins with its chosen slots",
                        details: """
                        join +33612345678 19:30 20:00 --party 2 --name Camille Martin
                        The party defaults to 1 and the name to 'Client'. A phone without a pending
                        invitation is invited first (as 'trigger' for its first slot would).
                        """),
        ReplCommandInfo(name: "reply", usage: "reply ENTRY|PHONE oui|non", summary: "the customer answers an offer",
                        details: """
                        reply 3 oui          entry 3 answers its open offer (else its latest: a late answer)
                        reply +336... non    by phone
                        """),
        ReplCommandInfo(name: "notify", usage: "notify ENTRY TIME [--by NAME]", summary: "offer a slot to an entry by hand",
                        details: "The engine refuses (and says why) when the slot is full, too soon or already offered."),
        ReplCommandInfo(name: "delete", usage: "delete ENTRY [--by NAME]", summary: "delete an entry from the waitlist",
                        details: "Its open offer, if any, is withdrawn."),
        ReplCommandInfo(name: "stop", usage: "stop PHONE", summary: "the customer answered STOP",
                        details: "Closes the phone's open entries; no SMS ever goes to that number again."),
        ReplCommandInfo(name: "queue", usage: "queue [TIME]",
                        summary: "who is in line for a slot, in priority order, with their order keys",
                        details: """
                        For each slot starting at TIME (or every slot someone waits for): free places,
                        open offers, the waiting entries in the order offers would go out, with the value
                        of priority.order and the boosts that apply, and who is not in line and why.
                        """),
        ReplCommandInfo(name: "entries", usage: "entries", summary: "every entry: status, chosen slots, offers",
                        details: "Phones are masked; 'entry N' shows one entry in full."),
        ReplCommandInfo(name: "entry", usage: "entry ENTRY", summary: "one entry in detail, with its history",
                        details: "Form, link, offers and every transition with its reason."),
        ReplCommandInfo(name: "slots", usage: "slots [DATE]", summary: "free and taken places per slot of a day",
                        details: "slots            the clock's day\nslots 2025-01-18  another day"),
        ReplCommandInfo(name: "summary", usage: "summary", summary: "the dry-run summary of the session so far",
                        details: "Entries by status, offers and how they ended, bookings, conversion rate, SMS cost."),
        ReplCommandInfo(name: "eval", usage: "eval [--entry ENTRY] [--slot TIME] EXPR",
                        summary: "evaluate a CEL expression with now, entry and slot",
                        details: """
                        eval now.getHours('Europe/Paris')
                        eval --entry 3 --slot 20:30 slot.start in entry.slots && entry.party_size <= slot.free
                        'now' is the clock; 'entry' and 'slot' are bound when chosen with the options.
                        """),
        ReplCommandInfo(name: "reload", usage: "reload [FILE]", summary: "re-read the rule file and show what changes",
                        details: """
                        Shows the settings that differ and the queues whose order changes, then puts the
                        new rules in force. A file with errors is reported with its diagnostics and the
                        rules in force stay. Without FILE, the file the rules came from is re-read.
                        """),
        ReplCommandInfo(name: "quit", aliases: ["exit"], usage: "quit", summary: "leave (end of input does too)",
                        details: "Nothing is saved: the session lives in memory only."),
    ]
}

extension ReplSession {
    /// `help` and `help CMD`.
    func help(_ arguments: inout ReplArguments) throws(ReplError) -> String {
        if let word = arguments.nextIfPresent() {
            try arguments.finish()
            guard let command = ReplCommandInfo.named(word.lowercased()) else {
                throw ReplError("no command '\(word)'", help: Suggestions.didYouMean(word, among: ReplCommandInfo.all.map(\.name))
                                    ?? "type 'help' for the list of commands")
            }
            var lines = ["usage: \(command.usage)", command.summary]
            if !command.aliases.isEmpty { lines.append("also: \(command.aliases.joined(separator: ", "))") }
            lines.append("")
            lines += command.details.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
            return lines.joined(separator: "\n") + "\n"
        }
        try arguments.finish()
        let width = ReplCommandInfo.all.map(\.name.count).max() ?? 0
        var lines = ["commands (times are local: 19:30, or 2025-01-18 19:30; ENTRY is an entry number):"]
        for command in ReplCommandInfo.all {
            lines.append("  " + command.name + String(repeating: " ", count: width - command.name.count + 2) + command.summary)
        }
        lines.append("type 'help COMMAND' for its usage")
        return lines.joined(separator: "\n") + "\n"
    }
}
