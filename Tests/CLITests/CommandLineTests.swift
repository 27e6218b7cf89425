import Foundation
import Testing

/// End-to-end behaviour of `speedai-rules` as an admin sees it: exit statuses, where
/// output goes, and the wording of usage errors.
@Suite struct CommandLineTests {
    @Test(arguments: ["check", "fmt", "eval", "spec-test"])
    func everyCommandHasHelp(command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("Usage: speedai-rules \(command)"))
    }

    @Test func unknownCommandSuggestsTheClosestOne() throws {
        let result = try CLI.run(["chek", "rules/default.rules"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown command 'chek'; did you mean 'check'?"))
    }

    @Test func unknownOptionSuggestsTheClosestOne() throws {
        let result = try CLI.run(["fmt", "--chek", "rules/default.rules"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("did you mean '--check'?"))
    }

    @Test func checkAcceptsTheShippedRuleFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: CLI.repositoryRoot.appendingPathComponent("rules").path)
            .filter { $0.hasSuffix(".rules") }.sorted().map { "rules/\($0)" }
        #expect(files.count >= 4)
        let result = try CLI.run(["check"] + files)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("UCS-2"))
        #expect(result.stdout.contains("segment"))
    }

    @Test func checkRejectsAnInvalidFileWithLocatedDiagnostics() throws {
        let directory = try CLI.temporaryDirectory(files: ["bad.rules": "offers {\n  ofer_timeout = 15m\n}\n"])
        let result = try CLI.run(["check", "bad.rules"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.rules:2:3: error:"))
        #expect(result.stderr.contains("^^^^^^^^^^^^"))
        #expect(result.stderr.contains("did you mean 'timeout'?"))
    }

    @Test func checkReportsAMissingFile() throws {
        let result = try CLI.run(["check", "does-not-exist.rules"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("does-not-exist.rules: no such file"))
    }

    @Test func checkAcceptsAnEmptyFile() throws {
        let directory = try CLI.temporaryDirectory(files: ["empty.rules": ""])
        let result = try CLI.run(["check", "empty.rules"], in: directory)
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test func fmtCheckFlagsANonCanonicalFileAndWriteFixesIt() throws {
        let directory = try CLI.temporaryDirectory(files: ["messy.rules": "offers {\ntimeout=90m\n}\n"])
        let check = try CLI.run(["fmt", "--check", "messy.rules"], in: directory)
        #expect(check.status == 1)
        let write = try CLI.run(["fmt", "-w", "messy.rules"], in: directory)
        #expect(write.status == 0)
        let rewritten = try String(contentsOf: directory.appendingPathComponent("messy.rules"), encoding: .utf8)
        #expect(rewritten == "offers {\n  timeout = 1h30m\n}\n")
        #expect(try CLI.run(["fmt", "--check", "messy.rules"], in: directory).status == 0)
    }

    @Test func fmtRefusesToFormatBrokenFiles() throws {
        let directory = try CLI.temporaryDirectory(files: ["broken.rules": "offers {\n  timeout = 15m\n"])
        let original = try String(contentsOf: directory.appendingPathComponent("broken.rules"), encoding: .utf8)
        let result = try CLI.run(["fmt", "-w", "broken.rules"], in: directory)
        #expect(result.status == 1)
        #expect(result.stderr.contains("never closed"))
        #expect(try String(contentsOf: directory.appendingPathComponent("broken.rules"), encoding: .utf8) == original)
    }

    @Test(arguments: [
        ("1 + 2 * 3", "7"),
        ("'Camille'.startsWith('Cam')", "true"),
        ("timestamp('2025-01-18T18:30:00Z').getHours('Europe/Paris')", "19"),
        ("duration('1h30m')", "duration(\"5400s\")"),
        ("[1, 2, 3].map(x, x * 2)", "[2, 4, 6]"),
    ])
    func evalPrintsTheValue(expression: String, expected: String) throws {
        let result = try CLI.run(["eval", expression])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected)
    }

    @Test func evalBindsJSONVariables() throws {
        let result = try CLI.run(["eval", "size(name) + n", "--var", "name=\"Camille\"", "--var", "n=3"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "10")
    }

    @Test func evalWithSampleBindingsComputesAnOfferTimeout() throws {
        let result = try CLI.run(["eval", "--sample", "min(duration('15m'), (slot.start - now) / 4)"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("duration("))
    }

    @Test func evalShowsParseErrorsWithACaret() throws {
        let result = try CLI.run(["eval", "1 + "])
        #expect(result.status == 1)
        #expect(result.stderr.contains("<expr>:1:"))
        #expect(result.stderr.contains("^"))
    }

    @Test func evalReportsRuntimeErrors() throws {
        let result = try CLI.run(["eval", "1 / 0"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("division by zero") || result.stderr.contains("divide by zero"))
    }

    @Test func evalRejectsInvalidJSON() throws {
        let result = try CLI.run(["eval", "x", "--var", "x=Camille"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("not valid JSON"))
    }

    @Test func specTestEndsWithTheCountsLine() throws {
        let conformance = CLI.repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/conformance/mustache/comments.json")
        guard FileManager.default.fileExists(atPath: conformance.path) else { return }
        let result = try CLI.run(["spec-test", "mustache", conformance.path])
        #expect(result.status == 0)
        let lastLine = result.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(lastLine.range(of: #"^\d+ passed, 0 failed, \d+ skipped$"#, options: .regularExpression) != nil)
    }
}
