/// Helpers shared by the CEL evaluator tests: evaluate a source text and describe the
/// result as one string (the value in CEL syntax, or `error: message`), so each test
/// states input and expected output on one line.
@testable import RuleLang

/// Parses, plans and evaluates `source`; variables are declared `dyn` unless
/// `environment` declares them.
func celEval(_ source: String, _ variables: [String: Value] = [:], environment: CELEnvironment = CELEnvironment()) throws -> Value {
    let (_, parsed) = CELParser.parse(source)
    guard let expr = parsed.expr else {
        throw CELEvalError("parse error: " + parsed.diagnostics.map(\.message).joined(separator: "; "), at: .point(0))
    }
    var environment = environment
    for name in variables.keys where environment.variables[name] == nil {
        environment.variables[name] = .dyn
    }
    return try CELProgram(expr, environment: environment).evaluate(variables)
}

/// The result of `celEval` as text: `42u`, `"text"`, or `error: division by zero`.
func celResult(_ source: String, _ variables: [String: Value] = [:], environment: CELEnvironment = CELEnvironment()) -> String {
    do {
        return try celEval(source, variables, environment: environment).celDescription
    } catch let error as CELEvalError {
        return "error: " + error.message
    } catch {
        return "error: \(error)"
    }
}

/// The error `source` fails with (nil when it does not fail).
func celError(_ source: String, _ variables: [String: Value] = [:], environment: CELEnvironment = CELEnvironment()) -> CELEvalError? {
    do {
        _ = try celEval(source, variables, environment: environment)
        return nil
    } catch let error as CELEvalError {
        return error
    } catch {
        return nil
    }
}
