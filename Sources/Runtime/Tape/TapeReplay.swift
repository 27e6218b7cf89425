/// A tape from its three texts to a transcript, in one pure step shared by the CLI and the
/// golden tests: compile the rules, read the calendar and the timeline, replay, render.
/// Any mistake comes back as located, rendered messages and no transcript.
import RuleLang

/// The texts of one tape: the rule file, `calendar.ics` and `timeline.jsonl`.
public struct TapeFiles: Sendable {
    /// The rule file the tape runs with.
    public var rules: SourceFile
    /// The calendar at the start.
    public var calendar: SourceFile
    /// The timeline.
    public var timeline: SourceFile

    /// A tape from its files.
    public init(rules: SourceFile, calendar: SourceFile, timeline: SourceFile) {
        self.rules = rules
        self.calendar = calendar
        self.timeline = timeline
    }
}

/// Why a tape could not be replayed: the rendered, located messages.
public struct TapeReplayFailure: Error, Sendable, CustomStringConvertible {
    /// Everything to show on stderr.
    public var message: String
    /// The messages.
    public var description: String { message }
}

/// Replays tapes given as text.
public enum TapeReplay {
    /// The replay of `files` until `until` (RFC 3339 or a local time; default the last
    /// event plus a day), or the messages saying what is wrong.
    public static func run(_ files: TapeFiles, until: String? = nil,
                           seed: UInt64 = DryRun.defaultSeed) -> Result<DryRunResult, TapeReplayFailure> {
        let renderer = DiagnosticRenderer()
        let compilation = RuleCompiler.compile(files.rules)
        let errors = compilation.diagnostics.filter { $0.severity == .error }
        guard let rules = compilation.ruleSet, errors.isEmpty else {
            return .failure(TapeReplayFailure(message: renderer.render(errors, in: files.rules)))
        }
        guard let zone = ZoneConverter(identifier: rules.establishment.timeZone) else {
            return .failure(TapeReplayFailure(message: "\(files.rules.name): the time zone '\(rules.establishment.timeZone)' is not known"))
        }
        let timeline: [TapeLine]
        do {
            timeline = try TapeParser.parse(text: String(decoding: files.timeline.bytes, as: UTF8.self),
                                            fileName: files.timeline.name, zone: zone)
        } catch {
            return .failure(TapeReplayFailure(message: error.description))
        }
        var end: Instant?
        if let until {
            guard let instant = TapeTime(zone: zone).instant(until) else {
                return .failure(TapeReplayFailure(message: "--until: '\(until)' is not a time; write 2025-01-17T23:30 (local) or RFC 3339 with an offset"))
            }
            end = instant
        }
        let (parsed, diagnostics) = ICalParser.parse(text: String(decoding: files.calendar.bytes, as: UTF8.self),
                                                     fileName: files.calendar.name)
        let calendarErrors = diagnostics.filter { $0.severity == .error }
        guard let ical = parsed, calendarErrors.isEmpty else {
            return .failure(TapeReplayFailure(message: renderer.render(calendarErrors, in: files.calendar)))
        }
        let from = (timeline.first?.at ?? Instant(seconds: 0)) - .seconds(86_400)
        let to = (end ?? timeline.last?.at ?? from) + .seconds(2 * 86_400)
        let calendar = TapeCalendar(occurrences: ical.occurrences(from: from, to: to, defaultZone: zone))
        do {
            return .success(try DryRun.run(rules: rules, rulesName: files.rules.name, calendar: calendar, timeline: timeline,
                                           timelineFile: files.timeline.name, until: end, seed: seed))
        } catch {
            return .failure(TapeReplayFailure(message: error.description))
        }
    }

    /// The transcript of `files`, or the failure.
    public static func transcript(_ files: TapeFiles, until: String? = nil) -> Result<String, TapeReplayFailure> {
        run(files, until: until).map { TranscriptWriter(result: $0).render() }
    }
}
