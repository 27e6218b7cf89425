import Foundation
import RuleLang

/// `speedai-rules eval EXPR [--var NAME=JSON]...`: evaluates one CEL expression, the way
/// an admin tries out a rule expression before putting it in a file.
enum EvalCommand: Command {
    static let name = "eval"
    static let summary = "evaluate a CEL expression and print its value"
    static let options: [OptionSpec] = [
        .value("--var", help: "bind a variable: NAME=JSON (repeatable)"),
        .flag("--sample", help: "bind entry, slot and now to a sample waitlist entry and freed slot"),
        .flag("--type", help: "also print the checked type of the expression"),
    ]
    static let help = """
    Usage: speedai-rules eval EXPR [--var NAME=JSON]... [--sample] [--type]

    Parses, type-checks and evaluates one CEL expression and prints the result in CEL
    syntax. Variables are given as JSON: numbers without a fraction are ints, with a
    fraction doubles; objects become maps. With --sample, the variables that rule
    expressions see (entry, slot, now) are bound to a realistic example, so

      speedai-rules eval --sample "min(duration('15m'), (slot.start - now) / 4)"

    shows what an offer timeout would be.

    Examples:
      speedai-rules eval "1 + 2 * 3"
      speedai-rules eval "size(name) > 3" --var 'name="Camille"'
      speedai-rules eval "timestamp('2025-01-18T19:30:00Z').getHours('Europe/Paris')"

    Exit status: 0 with a value, 1 on a parse, type or evaluation error, 2 on usage errors.
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard arguments.positional.count == 1 else {
            throw UsageError(message: arguments.positional.isEmpty
                ? "give the expression to evaluate (quote it for the shell)"
                : "give exactly one expression; quote it so the shell passes it as one argument")
        }
        var variables: [String: Value] = [:]
        var environment = CELEnvironment()
        if arguments.has("--sample") {
            let sample = RuleEnvironment.sampleBindings()
            environment = RuleEnvironment.cel
            variables = sample
        }
        for binding in arguments.all("--var") {
            guard let equals = binding.firstIndex(of: "="), equals != binding.startIndex else {
                throw UsageError(message: "--var needs NAME=JSON, got '\(binding)'")
            }
            let name = String(binding[..<equals])
            let json = String(binding[binding.index(after: equals)...])
            guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else {
                throw UsageError(message: "--var \(name): '\(json)' is not valid JSON (strings need double quotes: --var '\(name)=\"text\"')")
            }
            let value = Value(json: object)
            variables[name] = value
            environment.variables[name] = value.runtimeType
        }
        let (file, parse) = CELParser.parse(arguments.positional[0], fileName: "<expr>")
        let renderer = DiagnosticRenderer()
        guard let expr = parse.expr else {
            Output.error(renderer.render(parse.diagnostics, in: file))
            return ExitStatus.failure
        }
        let checked = CELChecker(environment: environment).check(expr)
        if !checked.diagnostics.isEmpty {
            Output.error(renderer.render(checked.diagnostics, in: file))
            if checked.diagnostics.contains(where: { $0.severity == .error }) { return ExitStatus.failure }
        }
        do {
            let program = try CELProgram(expr, environment: environment)
            let value = try program.evaluate(variables)
            Output.print(value.celDescription)
            if arguments.has("--type") { Output.print("type: \(checked.type.friendlyName)") }
            return ExitStatus.success
        } catch {
            Output.error(renderer.render(.error(error.message, at: error.range), in: file))
            return ExitStatus.failure
        }
    }
}
