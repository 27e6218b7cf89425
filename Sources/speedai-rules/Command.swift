import Connectors
import Foundation
import RuleLang

/// One subcommand of `speedai-rules`.
protocol Command {
    /// The word typed after `speedai-rules`.
    static var name: String { get }
    /// One line for the overview.
    static var summary: String { get }
    /// The full `--help` text.
    static var help: String { get }
    /// The options the command accepts (anything else is a usage error).
    static var options: [OptionSpec] { get }
    /// Runs with parsed arguments; returns the exit status.
    static func run(_ arguments: inout ParsedArguments) throws -> Int32
}

/// Process exit statuses shared by all commands.
enum ExitStatus {
    static let success: Int32 = 0
    /// The input was checked and found wanting (invalid rules, failing tests, unformatted file).
    static let failure: Int32 = 1
    /// The command line itself was wrong.
    static let usage: Int32 = 2
}

/// Where output goes: results to stdout, diagnostics and errors to stderr.
enum Output {
    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }

    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Reads a file given on the command line; on failure says why on stderr and returns nil.
    static func readSource(_ path: String) -> SourceFile? {
        do {
            return SourceFile(name: path, bytes: try TextFileReader.read(path))
        } catch {
            Output.error("error: \(error)")
            return nil
        }
    }

    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
    }
}
