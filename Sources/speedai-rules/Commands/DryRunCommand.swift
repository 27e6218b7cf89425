import Connectors
import Runtime

/// `speedai-rules dry-run [RULES] TAPE [--until TIME]`: replays a recorded evening under a
/// rule file and prints the transcript; nothing is printed on stdout when the tape is bad.
enum DryRunCommand: Command {
    static let name = "dry-run"
    static let summary = "replay a recorded calendar (tape) under a rule file"
    static let options: [OptionSpec] = [
        .value("--until", help: "stop the virtual clock at TIME"),
    ]
    static let help = """
    Usage: speedai-rules dry-run [RULES] TAPE [--until TIME]

    Replays the tape folder TAPE (calendar.ics, timeline.jsonl; see docs/tapes.md) through
    the waitlist engine under the rule file RULES, on a virtual clock, and prints a
    transcript: one line per decision with its local time, every SMS as it would be sent,
    and a summary (entries, offers, bookings, conversion rate, slots refilled, SMS cost).
    RULES may be left out when TAPE holds exactly one *.rules file.

    The replay is deterministic: the same tape and rules always print the same transcript.

    Exit status: 0 on success, 1 for bad rules or a bad tape (located errors on stderr),
    2 on usage errors.

    Options:
      --until TIME   stop at TIME (2025-01-17T23:30 local, or RFC 3339 with an offset);
                     default: one day after the last timeline event
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        let positional = arguments.positional
        guard (1...2).contains(positional.count) else {
            throw UsageError(message: "give a tape folder, optionally preceded by a rule file")
        }
        let files: TapeFiles
        do {
            files = try TapeLoader.load(folder: positional.last!, rulesPath: positional.count == 2 ? positional[0] : nil)
        } catch {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
        switch TapeReplay.transcript(files, until: arguments.last("--until")) {
        case .success(let text):
            Output.write(text)
            return ExitStatus.success
        case .failure(let failure):
            Output.error(failure.message)
            return ExitStatus.failure
        }
    }
}
