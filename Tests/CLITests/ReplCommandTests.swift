import Foundation
import Testing

/// `speedai-rules repl` through the built binary, with a script piped into stdin: the golden
/// session `examples/repl/session.txt` → `session.expected` (`UPDATE_GOLDEN=1` rewrites it),
/// no prompt on a pipe, end of input ends the session, bad rules exit 1.
@Suite struct ReplCommandTests {
    /// Runs the binary with `input` on stdin.
    static func run(_ arguments: [String], input: String) throws -> CLIResult {
        try CLI.run(arguments, stdin: input)
    }

    @Test func goldenSession() throws {
        let folder = CLI.repositoryRoot.appendingPathComponent("examples/repl")
        let script = try String(contentsOf: folder.appendingPathComponent("session.txt"), encoding: .utf8)
        let result = try Self.run(["repl", "rules/bistrot.rules", "--echo"], input: script)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        let golden = folder.appendingPathComponent("session.expected")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try result.stdout.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(result.stdout == expected, "repl session differs from session.expected; run UPDATE_GOLDEN=1 to accept")
    }

    @Test func pipeGetsNoPromptAndEndOfInputEnds() throws {
        let result = try Self.run(["repl", "rules/bistrot.rules"], input: "time\nbook 19:30 4")
        #expect(result.status == 0)
        #expect(result.stdout.hasSuffix("""
            Type 'help' for the commands, 'quit' to leave.
            clock: 2025-01-17 17:00 (Friday), no timer pending
            2025-01-17 17:00 calendar: new booking 19:30–20:00 (4 people) [repl-1]

            """))
        #expect(!result.stdout.contains("> "))
    }

    @Test func tapeFolderAloneUsesItsRules() throws {
        let result = try Self.run(["repl", "examples/tapes/edge-cases"], input: "step\nquit\nnot read\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("tape: examples/tapes/edge-cases/timeline.jsonl"))
        #expect(result.stdout.contains("tape: 1 event played"))
        #expect(!result.stdout.contains("not read"))
    }

    @Test func badRulesExitOne() throws {
        let directory = try CLI.temporaryDirectory(files: ["bad.rules": "offers { strategy = sequentiel }\n"])
        let result = try CLI.run(["repl", directory.appendingPathComponent("bad.rules").path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("unknown strategy 'sequentiel'"))
    }

    @Test func usageAndHelp() throws {
        #expect(try CLI.run(["repl"]).status == 2)
        let help = try CLI.run(["repl", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Usage: speedai-rules repl RULES [TAPE] [--echo]"))
        #expect(try CLI.run(["--help"]).stdout.contains("  repl "))
    }
}
