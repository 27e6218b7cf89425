import Foundation
import RuleLang
import Testing
@testable import Runtime

/// A repl session on a tape: `step` and `run` play the timeline as `dry-run` does.
@Suite struct ReplTapeTests {
    static func session(_ tape: String = "bistrot-friday") throws -> ReplSession {
        try ReplSession.start(tape: try DryRunGoldenTests.files(tape), readFile: ReplFixture.reader).get()
    }

    @Test func clockStartsAtTheFirstEvent() throws {
        let session = try Self.session()
        #expect(session.banner.contains("clock: 2025-01-17 11:05 (Friday), 40 bookings in the calendar"))
        #expect(session.banner.contains("tape: examples/tapes/bistrot-friday/timeline.jsonl, 54 events to play with 'step' or 'run'"))
    }

    @Test func stepPlaysOneEventAtItsTime() throws {
        var session = try Self.session()
        let step = session.execute("step")
        #expect(step.hasPrefix("2025-01-17 11:05 tape: call (phone) from +33 6 .. .. .. 01 for 20:00, which is full\n"))
        #expect(step.contains("tape: 1 event played, 1 of 54; next at 2025-01-17 11:09"))
        #expect(session.execute("step 2").hasSuffix("clock: 2025-01-17 11:40\n"))
        #expect(session.execute("step two").hasPrefix("error: 'two' is not a number of events"))
    }

    @Test func runPrintsWhatTheDryRunTranscriptPrints() throws {
        var session = try Self.session()
        let run = session.execute("run")
        var lines = run.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.suffix(3) == ["tape: 54 events played, 54 of 54 (the end) — examples/tapes/bistrot-friday/timeline.jsonl",
                                    "clock: 2025-01-17 23:30", ""])
        lines.removeLast(3)
        let transcript = try TapeReplay.transcript(try DryRunGoldenTests.files("bistrot-friday")).get()
        let body = transcript.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).map(String.init)
        #expect(body.starts(with: lines))
        #expect(session.execute("run").hasPrefix("error: the tape is played to the end"))
    }

    @Test func runToStopsTheClockThere() throws {
        var session = try Self.session()
        let run = session.execute("run to 15:10")
        #expect(run.contains("calendar: cancellation of 20:30–22:00 (2 people) [bdp-24] frees 2 places"))
        #expect(run.hasSuffix("clock: 2025-01-17 15:10\n"))
        #expect(run.contains("tape: 14 events played, 14 of 54; next at 2025-01-17 15:14"))
    }

    @Test func advancingPastTapeEventsSaysTheyAreDue() throws {
        var session = try Self.session()
        #expect(session.execute("advance 1h").hasSuffix("clock: 2025-01-17 12:05 (+1h); 4 tape events now due ('step' plays them)\n"))
        #expect(session.execute("step").hasPrefix("2025-01-17 12:05 tape: call (phone) from +33 6 .. .. .. 01"))
    }
}
