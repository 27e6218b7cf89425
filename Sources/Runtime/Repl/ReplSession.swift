/// An interactive session over the waitlist engine for an establishment admin: the rules,
/// a calendar (a tape's, or empty), a virtual clock, and commands that inject events, show
/// the waitlist and try rule changes. Pure: lines in, text out; the command-line front end
/// does the reading and printing, and a `FileReader` closure reads rule files on `reload`.
/// It drives the same `Driver` as `dry-run`, so what it prints is the dry-run transcript.
import RuleLang

/// One repl session.
///
///     var session = try ReplSession.start(rules: file, readFile: reader).get()
///     print(session.banner)
///     print(session.execute("book 19:30 4"), terminator: "")
public struct ReplSession: Sendable {
    /// Reads a rule file for `reload`: its text, or a message saying why it cannot be read.
    public typealias FileReader = @Sendable (String) -> Result<SourceFile, ReplError>

    /// Where the clock starts without a tape: Friday 2025-01-17 at 17:00, establishment
    /// local time (the evening of the shipped restaurant tape), so sessions are reproducible.
    public static let startWithoutTape = CivilDateTime(year: 2025, month: 1, day: 17, hour: 17, minute: 0)

    var driver: Driver
    var rules: RuleSet
    /// The rule file's syntax, to tell what a reload changes.
    var rulesSyntax: RuleFile
    /// Where the rules were read from; `reload` without a file re-reads it.
    var rulesPath: String
    var zone: ZoneConverter
    /// The virtual clock.
    public internal(set) var now: Instant
    /// The tape's timeline and how far it has been played.
    var tape: [TapeLine]
    var tapeName: String?
    var tapePosition = 0
    /// Bookings made with `book` without a uid are `repl-N`.
    var bookingCounter = 0
    let readFile: FileReader
    /// True once `quit` (or `exit`) was typed.
    public private(set) var isFinished = false

    /// A session on `rules` with an empty calendar, the clock at `startWithoutTape`.
    public static func start(rules: SourceFile, seed: UInt64 = DryRun.defaultSeed,
                             readFile: @escaping FileReader) -> Result<ReplSession, ReplStartFailure> {
        start(rules: rules, tape: nil, seed: seed, readFile: readFile)
    }

    /// A session on a tape: its calendar is the starting calendar, the clock starts at its
    /// first event, and `step` / `run` play its timeline.
    public static func start(tape: TapeFiles, seed: UInt64 = DryRun.defaultSeed,
                             readFile: @escaping FileReader) -> Result<ReplSession, ReplStartFailure> {
        start(rules: tape.rules, tape: tape, seed: seed, readFile: readFile)
    }

    private static func start(rules file: SourceFile, tape: TapeFiles?, seed: UInt64,
                              readFile: @escaping FileReader) -> Result<ReplSession, ReplStartFailure> {
        let renderer = DiagnosticRenderer()
        let compilation = RuleCompiler.compile(file)
        let errors = compilation.diagnostics.filter { $0.severity == .error }
        guard let rules = compilation.ruleSet, errors.isEmpty else {
            return .failure(ReplStartFailure(message: renderer.render(errors, in: file)))
        }
        guard let zone = ZoneConverter(identifier: rules.establishment.timeZone) else {
            return .failure(ReplStartFailure(message: "\(file.name): the time zone '\(rules.establishment.timeZone)' is not known"))
        }
        var timeline: [TapeLine] = []
        var calendar = TapeCalendar(bookings: [])
        var start = zone.instant(startWithoutTape)
        if let tape {
            do {
                timeline = try TapeParser.parse(text: String(decoding: tape.timeline.bytes, as: UTF8.self),
                                                fileName: tape.timeline.name, zone: zone)
            } catch {
                return .failure(ReplStartFailure(message: error.description))
            }
            guard let first = timeline.first, let last = timeline.last else {
                return .failure(ReplStartFailure(message: "\(tape.timeline.name): the timeline has no events"))
            }
            let (parsed, diagnostics) = ICalParser.parse(text: String(decoding: tape.calendar.bytes, as: UTF8.self),
                                                         fileName: tape.calendar.name)
            let calendarErrors = diagnostics.filter { $0.severity == .error }
            guard let ical = parsed, calendarErrors.isEmpty else {
                return .failure(ReplStartFailure(message: renderer.render(calendarErrors, in: tape.calendar)))
            }
            calendar = TapeCalendar(occurrences: ical.occurrences(from: first.at - .seconds(86_400),
                                                                  to: last.at + .seconds(2 * 86_400), defaultZone: zone))
            start = first.at
        }
        var driver: Driver
        do {
            driver = Driver(engine: try WaitlistEngine(rules: rules), slots: try SlotCalendar(rules: rules),
                            calendar: calendar, random: SplitMix64(seed: seed), file: tape?.timeline.name ?? "repl")
        } catch let error as EngineError {
            return .failure(ReplStartFailure(message: "\(file.name): \(error.description)"))
        } catch {
            return .failure(ReplStartFailure(message: "\(file.name): \(error)"))
        }
        driver.handle(.calendarChanged(busy: calendar.busy), at: start)
        return .success(ReplSession(driver: driver, rules: rules, rulesSyntax: compilation.syntax, rulesPath: file.name,
                                    zone: zone, now: start, tape: timeline, tapeName: tape?.timeline.name,
                                    readFile: readFile))
    }

    /// What to print when the session starts.
    public var banner: String {
        var lines = ["repl: \(rules.establishment.name) (\(rules.establishment.timeZone)), rules \(rulesPath)",
                     "clock: \(stamp(now)) (\(weekday(now))), \(plural(driver.calendar.bookings.count, "booking")) in the calendar"]
        if let tapeName {
            lines.append("tape: \(tapeName), \(plural(tape.count, "event")) to play with 'step' or 'run'")
        }
        lines.append("Type 'help' for the commands, 'quit' to leave.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs one command line and returns what to print (empty, or ending with a newline).
    /// A command that fails prints an error and changes nothing.
    public mutating func execute(_ line: String) -> String {
        let text = Self.trimmed(line)
        guard !text.isEmpty, !text.hasPrefix("#") else { return "" }
        let word = text.prefix { $0 != " " && $0 != "\t" }
        let rest = Self.trimmed(String(text.dropFirst(word.count)))
        do {
            let output = try dispatch(String(word).lowercased(), rest)
            return output.isEmpty || output.hasSuffix("\n") ? output : output + "\n"
        } catch {
            return error.description + "\n"
        }
    }

    mutating func dispatch(_ word: String, _ rest: String) throws(ReplError) -> String {
        guard let command = ReplCommandInfo.named(word) else {
            throw ReplError("unknown command '\(word)'",
                            help: Suggestions.didYouMean(word, among: ReplCommandInfo.all.flatMap { [$0.name] + $0.aliases })
                                ?? "type 'help' for the list of commands")
        }
        var arguments = ReplArguments(command: command.name, text: rest)
        switch command.name {
        case "help": return try help(&arguments)
        case "time": try arguments.finish(); return "clock: \(stamp(now)) (\(weekday(now)))\(nextTimerNote)\n"
        case "advance": return try advance(&arguments)
        case "step": return try step(&arguments)
        case "run": return try run(&arguments)
        case "book": return try book(&arguments)
        case "cancel": return try cancel(&arguments)
        case "move": return try move(&arguments)
        case "trigger": return try trigger(&arguments)
        case "join": return try join(&arguments)
        case "reply": return try reply(&arguments)
        case "notify": return try notify(&arguments)
        case "delete": return try delete(&arguments)
        case "stop": return try stop(&arguments)
        case "queue": return try queue(&arguments)
        case "entries": try arguments.finish(); return entriesTable()
        case "entry": return try entryDetails(&arguments)
        case "slots": return try slots(&arguments)
        case "summary": try arguments.finish(); return summary()
        case "eval": return try eval(rest)
        case "reload": return try reload(&arguments)
        case "quit":
            try arguments.finish()
            isFinished = true
            return ""
        default: throw ReplError("'\(command.name)' is not available")
        }
    }

    static func trimmed(_ text: String) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        return String(text.drop(while: blank).reversed().drop(while: blank).reversed())
    }
}

/// Why a session could not start: the rendered, located messages.
public struct ReplStartFailure: Error, Sendable, CustomStringConvertible {
    /// Everything to show on stderr.
    public var message: String
    /// The messages.
    public var description: String { message }
}
