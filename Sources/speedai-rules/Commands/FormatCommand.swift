import Connectors
import RuleLang

/// `speedai-rules fmt [--check | -w] FILE...`: the canonical layout of rule files.
enum FormatCommand: Command {
    static let name = "fmt"
    static let summary = "print, check or rewrite rule files in canonical form"
    static let options: [OptionSpec] = [
        .flag("--check", help: "exit 1 if a file is not in canonical form; print nothing else"),
        .flag("-w", "--write", help: "rewrite files in place"),
    ]
    static let help = """
    Usage: speedai-rules fmt [--check | -w] FILE...

    Prints each rule file in canonical form: two-space indentation, one setting per line,
    canonical spellings of durations (90m → 1h30m), times (9:05 → 09:05) and time ranges,
    comments and blank lines kept. Formatting twice gives the same text. Files with syntax
    errors are never formatted; their errors are shown instead.

    Options:
      --check       list files that are not canonical and exit 1; change nothing
      -w, --write   rewrite the files in place (atomically)
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard !arguments.positional.isEmpty else { throw UsageError(message: "give at least one rule file") }
        let check = arguments.has("--check")
        let write = arguments.has("-w")
        if check && write { throw UsageError(message: "--check and -w cannot be used together") }
        var failed = false
        for path in arguments.positional {
            guard let file = Output.readSource(path) else {
                failed = true
                continue
            }
            let syntax = RuleParser.parse(file)
            guard let formatted = RuleFormatter.format(syntax) else {
                Output.error(DiagnosticRenderer().render(syntax.diagnostics, in: file))
                Output.error("\(path): not formatted because of syntax errors")
                failed = true
                continue
            }
            let unchanged = Array(formatted.utf8) == file.bytes
            if check {
                if !unchanged {
                    Output.error("\(path): not in canonical form (run 'speedai-rules fmt -w \(path)')")
                    failed = true
                }
            } else if write {
                if !unchanged {
                    do {
                        try TextFileReader.writeAtomically(formatted, to: path)
                        Output.print("formatted \(path)")
                    } catch {
                        Output.error("error: \(error)")
                        failed = true
                    }
                }
            } else {
                Output.write(formatted)
            }
        }
        return failed ? ExitStatus.failure : ExitStatus.success
    }
}
