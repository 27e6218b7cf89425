import Foundation
import RuleLang
import Testing
@testable import Runtime

/// Every shipped tape replays to its golden `transcript.txt`, byte for byte, using only the
/// pure Runtime (file text read here). `UPDATE_GOLDEN=1 swift test --filter DryRunGolden`
/// rewrites the golden files.
@Suite struct DryRunGoldenTests {
    static let tapes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/tapes")

    static func files(_ name: String) throws -> TapeFiles {
        let folder = tapes.appendingPathComponent(name)
        let rules = try FileManager.default.contentsOfDirectory(atPath: folder.path).first { $0.hasSuffix(".rules") }!
        func source(_ file: String) throws -> SourceFile {
            SourceFile(name: "examples/tapes/\(name)/\(file)", text: try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8))
        }
        return TapeFiles(rules: try source(rules), calendar: try source("calendar.ics"), timeline: try source("timeline.jsonl"))
    }

    @Test(arguments: ["bistrot-friday", "salon-week", "edge-cases"])
    func transcriptMatchesGolden(tape: String) throws {
        let text = try TapeReplay.transcript(try Self.files(tape)).get()
        let golden = Self.tapes.appendingPathComponent(tape).appendingPathComponent("transcript.txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: golden, encoding: .utf8)
        #expect(text == expected, "transcript of \(tape) differs from transcript.txt; run UPDATE_GOLDEN=1 to accept")
    }

    /// The comparison in docs/dry-run-comparison.md: the same Friday under `strategy = broadcast`.
    @Test func broadcastVariantMatchesGolden() throws {
        var files = try Self.files("bistrot-friday")
        let folder = Self.tapes.appendingPathComponent("bistrot-friday/variants")
        files.rules = SourceFile(name: "examples/tapes/bistrot-friday/variants/bistrot-broadcast.rules",
                                 text: try String(contentsOf: folder.appendingPathComponent("bistrot-broadcast.rules"), encoding: .utf8))
        let text = try TapeReplay.transcript(files).get()
        let golden = folder.appendingPathComponent("transcript-broadcast.txt")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try text.write(to: golden, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: golden, encoding: .utf8)))
        #expect(text != (try TapeReplay.transcript(try Self.files("bistrot-friday")).get()))
    }

    @Test func sameTapeSameTranscript() throws {
        let files = try Self.files("bistrot-friday")
        #expect(try TapeReplay.transcript(files).get() == TapeReplay.transcript(files).get())
    }

    @Test func untilStopsTheClock() throws {
        let text = try TapeReplay.transcript(try Self.files("bistrot-friday"), until: "2025-01-17T16:00").get()
        #expect(!text.contains("2025-01-17 16:40"))
        #expect(text.contains("→ 2025-01-17 16:00"))
    }

    @Test func cancelOfAnUnknownUIDIsALocatedTapeError() throws {
        var files = try Self.files("edge-cases")
        files.timeline = SourceFile(name: "t.jsonl", text: """
            {"at": "2025-03-29T18:00:00+01:00", "event": "advance"}
            {"at": "2025-03-29T18:30:00+01:00", "event": "cancel", "uid": "edge-sat-77"}
            """)
        guard case .failure(let failure) = TapeReplay.run(files) else { Issue.record("expected a failure"); return }
        #expect(failure.message.hasPrefix("t.jsonl:2: cancel of 'edge-sat-77', but no booking with that uid is in the calendar"))
        #expect(failure.message.contains("did you mean 'edge-sat-7'?"))
    }

    @Test func badRulesAreReportedWithTheirLocation() throws {
        var files = try Self.files("edge-cases")
        files.rules = SourceFile(name: "bad.rules", text: "offers {\n  ofer_timeout = 15m\n}\n")
        guard case .failure(let failure) = TapeReplay.run(files) else { Issue.record("expected a failure"); return }
        #expect(failure.message.contains("bad.rules:2:3"))
    }
}
