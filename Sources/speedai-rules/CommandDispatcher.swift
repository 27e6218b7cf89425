import Foundation

/// Maps the first argument to a command, handles `--help` and unknown commands.
enum CommandDispatcher {
    /// Every command, in the order `--help` lists them.
    static var commands: [any Command.Type] { [
        CheckCommand.self,
        FormatCommand.self,
        EvalCommand.self,
        SpecTestCommand.self,
        DryRunCommand.self,
        ReplCommand.self,
        ServeCommand.self,
        CalendarCommand.self,
        ExportTapeCommand.self,
        CheckConfigCommand.self,
        AdminCommand.self,
        PrivacyCommand.self,
    ] }

    static let overview = """
    speedai-rules: the SpeedAI waitlist rule tools.

    Usage: speedai-rules <command> [options] [arguments]

    Commands:
    \(commands.map { "  " + $0.name.padding(toLength: 11, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

    Run 'speedai-rules <command> --help' for a command's options.
    """

    /// Runs a command line and returns the process exit status.
    static func run(_ arguments: [String]) -> Int32 {
        guard let name = arguments.first else {
            Output.error(overview)
            return ExitStatus.usage
        }
        if name == "--help" || name == "-h" || name == "help" {
            if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
                Output.print(command.help)
            } else {
                Output.print(overview)
            }
            return ExitStatus.success
        }
        if name == "--version" {
            Output.print("speedai-rules 0.1.0 (rule language 1)")
            return ExitStatus.success
        }
        guard let command = commands.first(where: { $0.name == name }) else {
            var message = "error: unknown command '\(name)'"
            if let suggestion = Suggestions.closest(to: name, among: commands.map { $0.name }) {
                message += "; did you mean '\(suggestion)'?"
            }
            Output.error(message + "\nRun 'speedai-rules --help' for the list of commands.")
            return ExitStatus.usage
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            Output.print(command.help)
            return ExitStatus.success
        }
        do {
            var parsed = try ParsedArguments(rest, options: command.options)
            return try command.run(&parsed)
        } catch let error as UsageError {
            Output.error("error: \(error.message)\nRun 'speedai-rules \(name) --help' for usage.")
            return ExitStatus.usage
        } catch {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
    }
}

import RuleLang
