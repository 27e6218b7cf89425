import Connectors
import RuleLang
import Runtime

/// `speedai-rules spec-test cel|mustache FILE...`: runs conformance suites (cel-spec,
/// mustache/spec) in their JSON form and ends with `N passed, N failed, N skipped`.
enum SpecTestCommand: Command {
    static let name = "spec-test"
    static let summary = "run CEL, Mustache or RRULE conformance files"
    static let options: [OptionSpec] = [
        .value("--skip", help: "skip list file: one case id per line with '# reason'"),
        .value("--min-pass-rate", help: "percentage of non-skipped cases each file must pass (default 100)"),
        .flag("--verbose", "-v", help: "print every case, not only failures"),
        .flag("--no-check", help: "CEL: evaluate without type-checking first"),
    ]
    static let help = """
    Usage: speedai-rules spec-test cel [--skip FILE] [--no-check] FILE...
           speedai-rules spec-test mustache FILE...
           speedai-rules spec-test rrule [--min-pass-rate N] FILE...

    Runs conformance cases and prints one line per failure, then the line

      N passed, N failed, N skipped

    CEL files follow ../shared/conformance/cel/*.json (expr, bindings, type_env, value or
    eval_error); unless --no-check, cases are type-checked before evaluation as cel-go's
    runner does (except those marked disable_check). Mustache files are the mustache/spec
    JSON files. RRULE files are libical's icalrecur cases (../shared/conformance/rrule):
    RFC 5545 recurrence rules expanded and compared with the listed instances. Cases outside the supported subset are skipped only through a skip list
    (tests/conformance/cel-skip.txt), each with its reason.

    Exit status: 0 when every file reaches the pass rate (default 100 %), 1 otherwise.

    Options:
      --skip FILE           skip list (CEL)
      --min-pass-rate N     required percentage of non-skipped cases, per file
      --no-check            CEL: do not type-check before evaluating
      -v, --verbose         list passing and skipped cases too
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard let suite = arguments.positional.first else { throw UsageError(message: "say which suite: 'cel', 'mustache' or 'rrule'") }
        let files = Array(arguments.positional.dropFirst())
        let suites = ["cel", "mustache", "rrule"]
        guard suites.contains(suite) else {
            var message = "unknown suite '\(suite)'; use 'cel', 'mustache' or 'rrule'"
            if let suggestion = Suggestions.closest(to: suite, among: suites) { message += " (did you mean '\(suggestion)'?)" }
            throw UsageError(message: message)
        }
        guard !files.isEmpty else { throw UsageError(message: "give at least one conformance file") }
        let minimumRate: Double
        if let text = arguments.last("--min-pass-rate") {
            guard let rate = Double(text), rate >= 0, rate <= 100 else {
                throw UsageError(message: "--min-pass-rate takes a percentage from 0 to 100, got '\(text)'")
            }
            minimumRate = rate
        } else {
            minimumRate = 100
        }
        var skipList = CELSkipList()
        if let skipPath = arguments.last("--skip") {
            do {
                let bytes = try TextFileReader.read(skipPath)
                skipList = try CELSkipList(parsing: String(decoding: bytes, as: UTF8.self))
            } catch let error as CELSkipListError {
                Output.error("error: \(skipPath):\(error.line): \(error.message)")
                return ExitStatus.failure
            } catch {
                Output.error("error: \(error)")
                return ExitStatus.failure
            }
        }
        let verbose = arguments.has("--verbose")
        let typeCheck: @Sendable (CELExpr, CELEnvironment) -> [Diagnostic] = { expr, environment in
            CELChecker(environment: environment).check(expr).diagnostics.filter { $0.severity == .error }
        }
        let check = arguments.has("--no-check") ? nil : typeCheck
        var totals = (passed: 0, failed: 0, skipped: 0)
        var belowRate: [String] = []
        for path in files {
            let results: [SpecCaseResult]
            do {
                let bytes = try TextFileReader.read(path, sizeLimit: 64 * 1024 * 1024)
                switch suite {
                case "cel": results = try CELSpecRunner.run(fileBytes: bytes, fileName: path, skipList: skipList, check: check)
                case "mustache": results = try MustacheSpecRunner.run(fileBytes: bytes, fileName: path)
                default: results = RRuleSpecRunner.run(text: String(decoding: bytes, as: UTF8.self), fileName: path)
                }
            } catch {
                Output.error("error: \(path): \(error)")
                totals.failed += 1
                belowRate.append(path)
                continue
            }
            var counts = (passed: 0, failed: 0, skipped: 0)
            for result in results {
                switch result.outcome {
                case .passed:
                    counts.passed += 1
                    if verbose { Output.print("PASS \(result.id)") }
                case .failed(let detail):
                    counts.failed += 1
                    Output.print("FAIL \(result.id): \(detail)")
                case .skipped(let reason):
                    counts.skipped += 1
                    if verbose { Output.print("SKIP \(result.id): \(reason)") }
                }
            }
            let run = counts.passed + counts.failed
            let rate = run == 0 ? 100 : Double(counts.passed) * 100 / Double(run)
            Output.print("\(path): \(counts.passed) passed, \(counts.failed) failed, \(counts.skipped) skipped (\(formatPercent(rate)) %)")
            if rate < minimumRate { belowRate.append(path) }
            totals.passed += counts.passed
            totals.failed += counts.failed
            totals.skipped += counts.skipped
        }
        for path in belowRate {
            Output.error("error: \(path) is below the required pass rate of \(formatPercent(minimumRate)) %")
        }
        Output.print("\(totals.passed) passed, \(totals.failed) failed, \(totals.skipped) skipped")
        return belowRate.isEmpty ? ExitStatus.success : ExitStatus.failure
    }

    private static func formatPercent(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }
}
