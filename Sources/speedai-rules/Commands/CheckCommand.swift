import Connectors
import RuleLang

/// `speedai-rules check FILE...`: validates rule files; diagnostics on stderr, a summary
/// per file (and the cost of each SMS template) on stdout.
enum CheckCommand: Command {
    static let name = "check"
    static let summary = "validate rule files and show what each SMS will cost"
    static let options: [OptionSpec] = [
        .flag("--quiet", "-q", help: "print diagnostics only, no per-file summary"),
    ]
    static let help = """
    Usage: speedai-rules check [--quiet] FILE...

    Checks each rule file: syntax, known blocks and keys, value types, CEL expressions
    (type-checked against entry, slot and now), and SMS templates (placeholders). Errors
    and warnings go to stderr as

      rules/bistrot.rules:12:17: error: ...

    with the source line and a caret. For every valid file, stdout shows each SMS template
    rendered with sample values: its encoding (GSM-7, or UCS-2 when a character such as
    ’ ✅ ê forces it) and its segment count (160/153 vs 70/67 characters per segment).

    Exit status: 0 when every file is valid (warnings allowed), 1 otherwise, 2 on usage errors.

    Options:
      -q, --quiet   print diagnostics only
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard !arguments.positional.isEmpty else { throw UsageError(message: "give at least one rule file") }
        let quiet = arguments.has("--quiet")
        var failures = 0
        for path in arguments.positional {
            guard let file = Output.readSource(path) else {
                failures += 1
                continue
            }
            let compilation = RuleCompiler.compile(file)
            let renderer = DiagnosticRenderer()
            if !compilation.diagnostics.isEmpty {
                Output.error(renderer.render(compilation.diagnostics, in: file))
                if let summary = DiagnosticRenderer.summary(of: compilation.diagnostics) {
                    Output.error("\(path): \(summary)\n")
                }
            }
            guard let ruleSet = compilation.ruleSet, !compilation.hasErrors else {
                failures += 1
                continue
            }
            if !quiet { Output.print(RuleSummary.describe(ruleSet, path: path)) }
        }
        return failures == 0 ? ExitStatus.success : ExitStatus.failure
    }
}
