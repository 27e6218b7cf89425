import Foundation
import Testing

/// `speedai-rules dry-run` through the built binary: golden transcripts, help, bad tapes.
@Suite struct DryRunCommandTests {
    @Test(arguments: ["bistrot-friday", "salon-week", "edge-cases"])
    func transcriptMatchesGolden(tape: String) throws {
        let result = try CLI.run(["dry-run", "examples/tapes/\(tape)"])
        #expect(result.status == 0, "\(result.stderr)")
        let golden = try String(contentsOf: CLI.repositoryRoot.appendingPathComponent("examples/tapes/\(tape)/transcript.txt"), encoding: .utf8)
        #expect(result.stdout == golden)
    }

    @Test func explicitRulesFileIsAccepted() throws {
        let result = try CLI.run(["dry-run", "rules/bistrot.rules", "examples/tapes/bistrot-friday", "--until", "2025-01-17T16:00"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("summary:"))
    }

    @Test func helpDescribesTheCommand() throws {
        let result = try CLI.run(["dry-run", "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Usage: speedai-rules dry-run"))
    }

    @Test func badTapeGivesALocatedErrorAndNoTranscript() throws {
        let source = CLI.repositoryRoot.appendingPathComponent("examples/tapes/edge-cases")
        let directory = try CLI.temporaryDirectory(files: [
            "bistrot.rules": try String(contentsOf: source.appendingPathComponent("bistrot.rules"), encoding: .utf8),
            "calendar.ics": try String(contentsOf: source.appendingPathComponent("calendar.ics"), encoding: .utf8),
            "timeline.jsonl": """
                {"at": "2025-03-29T18:00:00+01:00", "event": "advance"}
                {"at": "2025-03-29T18:30:00+01:00", "event": "cancle", "uid": "edge-sat-7"}
                """,
        ])
        let result = try CLI.run(["dry-run", "."], in: directory)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("./timeline.jsonl:2: unknown event 'cancle' (did you mean 'cancel'?)"))
    }

    @Test func folderWithoutRulesAsksForThem() throws {
        let directory = try CLI.temporaryDirectory(files: ["calendar.ics": "", "timeline.jsonl": ""])
        let result = try CLI.run(["dry-run", "."], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("no *.rules file"))
    }
}
