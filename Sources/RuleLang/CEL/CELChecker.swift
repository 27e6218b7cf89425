/// The CEL type checker: given the variables and record types a setting may use, works out
/// the type of an expression and of each of its parts, and explains every mistake at the
/// exact sub-expression in words an establishment admin understands ("no '+' for int and
/// string", "'Entry' has no field 'party'" with "did you mean 'party_size'?").
///
/// Modelled on cel-go's checker: overloads resolved by argument types, `dyn` matching
/// anything, type parameters unified, heterogeneous literals typed `dyn`. It never crashes
/// and never loops, whatever the AST.
public struct CELChecker: Sendable {
    /// What expressions may refer to.
    public let environment: CELEnvironment

    public init(environment: CELEnvironment) {
        self.environment = environment
    }

    /// Type-checks `expr`; diagnostics carry byte ranges of the offending sub-expression.
    public func check(_ expr: CELExpr) -> CELCheckResult {
        var run = CELCheckRun(environment: environment)
        let type = run.check(expr)
        return finish(run, type: type)
    }

    /// Same, and reports an error when the result type cannot be `expected` (`dyn` is
    /// accepted), naming the setting: "'match' must be true or false, but this expression
    /// gives a timestamp". `purpose` names what is being set; a bare name such as `match`
    /// is quoted, a phrase such as `the condition of boost 'regulars'` is used as written.
    public func check(_ expr: CELExpr, expecting expected: CELType, purpose: String) -> CELCheckResult {
        check(expr, expectingOneOf: [expected], purpose: purpose)
    }

    /// Same as `check(_:expecting:purpose:)` when several result types are fine, e.g. a
    /// sort key that may be a number, a string, a timestamp or a duration.
    public func check(_ expr: CELExpr, expectingOneOf expected: [CELType], purpose: String) -> CELCheckResult {
        var run = CELCheckRun(environment: environment)
        let type = run.check(expr)
        let actual = run.resolved(type)
        let accepted = expected.isEmpty || expected.contains { CELTypeUnification.isAssignable($0, from: actual, in: &run.substitution) }
        if !accepted {
            let subject = Self.subject(purpose)
            let wanted = celJoinedForPeople(expected.map(\.phrase)).replacingOccurrences(of: " and ", with: " or ")
            run.error("\(subject) must be \(wanted), but this expression gives \(actual.phrase)", at: expr.range,
                      help: Self.fixHint(expected: expected, actual: actual))
        }
        return finish(run, type: type)
    }

    private func finish(_ run: CELCheckRun, type: CELType) -> CELCheckResult {
        let types = run.types.mapValues { run.substitution.substitute($0, parametersToDyn: true) }
        return CELCheckResult(type: run.substitution.substitute(type, parametersToDyn: true),
                              types: types, overloads: run.overloads, diagnostics: run.diagnostics.sorted)
    }

    /// `match` → `'match'`; anything with spaces or quotes is already a phrase.
    static func subject(_ purpose: String) -> String {
        let isName = !purpose.isEmpty && purpose.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
        return isName ? "'\(purpose)'" : purpose
    }

    /// A likely fix for a wrong result type, when there is an obvious one.
    static func fixHint(expected: [CELType], actual: CELType) -> String? {
        if expected.contains(.duration), actual.isNumber || actual == .string {
            return "write a duration like duration('15m')"
        }
        if expected.contains(.timestamp), actual == .string {
            return "write a timestamp like timestamp('2025-06-01T19:00:00Z')"
        }
        if expected == [.bool], actual.isNumber {
            return "compare it with something, like ... > 0"
        }
        return nil
    }
}
