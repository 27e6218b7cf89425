import Connectors
import Foundation
import RuleLang
import Runtime

/// `speedai-rules repl RULES [TAPE]`: an interactive session over the waitlist engine on a
/// virtual clock. Reads commands from stdin (a terminal or a pipe), prints each command's
/// output on stdout; the prompt `> ` appears only when stdin is a terminal. The session
/// logic is `Runtime.ReplSession`; this file only reads lines and files.
enum ReplCommand: Command {
    static let name = "repl"
    static let summary = "an interactive session: advance the clock, inject events, try rules"
    static let options: [OptionSpec] = [
        .flag("--echo", help: "print each command after a '> ' before its output (for transcripts)"),
    ]
    static let help = """
    Usage: speedai-rules repl RULES [TAPE] [--echo]

    Starts an interactive session with the rule file RULES: a waitlist engine, a calendar
    and a virtual clock. With a tape folder TAPE (see docs/tapes.md) the tape's calendar is
    the starting calendar, the clock starts at its first event, and 'step' / 'run' play its
    timeline. Without a tape the calendar is empty and the clock starts on Friday
    2025-01-17 at 17:00, local time. 'speedai-rules repl TAPE' uses the tape's own rules.

    Commands are read one per line from stdin, so a script can be piped in:

      printf 'book 19:30 40\\njoin +33612345678 19:30 --party 2\\ncancel 19:30\\nentries\\n' \\
        | speedai-rules repl rules/bistrot.rules

    Type 'help' in the session for the commands (advance, book, cancel, join, reply, queue,
    entries, slots, eval, reload...). The session is deterministic: link tokens are seeded.
    The session ends with 'quit', 'exit' or the end of input.

    Exit status: 0 when the session ends, 1 when the rules or the tape cannot be loaded,
    2 on usage errors.

    Options:
      --echo   print each command after '> ' before its output
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        let positional = arguments.positional
        guard (1...2).contains(positional.count) else {
            throw UsageError(message: "give a rule file, optionally followed by a tape folder")
        }
        let readFile: ReplSession.FileReader = { path in
            do {
                return .success(SourceFile(name: path, bytes: try TextFileReader.read(path)))
            } catch {
                return .failure(ReplError("\(error)"))
            }
        }
        var isDirectory: ObjCBool = false
        let onlyTape = positional.count == 1
            && FileManager.default.fileExists(atPath: positional[0], isDirectory: &isDirectory) && isDirectory.boolValue
        let started: Result<ReplSession, ReplStartFailure>
        if positional.count == 2 || onlyTape {
            let files: TapeFiles
            do {
                files = try TapeLoader.load(folder: positional.last!, rulesPath: onlyTape ? nil : positional[0])
            } catch {
                Output.error("error: \(error)")
                return ExitStatus.failure
            }
            started = ReplSession.start(tape: files, readFile: readFile)
        } else {
            guard let rules = Output.readSource(positional[0]) else { return ExitStatus.failure }
            started = ReplSession.start(rules: rules, readFile: readFile)
        }
        var session: ReplSession
        switch started {
        case .success(let value): session = value
        case .failure(let failure):
            Output.error(failure.message)
            return ExitStatus.failure
        }
        let interactive = isatty(0) == 1
        let echo = arguments.has("--echo")
        Output.write(session.banner)
        while !session.isFinished {
            if interactive { Output.write("> ") }
            guard let line = readLine() else {
                if interactive { Output.write("\n") }
                break
            }
            if echo { Output.write("> \(line)\n") }
            Output.write(session.execute(line))
        }
        return ExitStatus.success
    }
}
