// `make bench`: figures and ratios against baselines measured in the same run.
// `speedai-bench dashboard` and `speedai-bench preview` run only sections 6 and 7.
// `speedai-bench matching` runs only section 3 (one freed slot against large waitlists).
// `speedai-bench cel [iterations] [name filter]` runs only the CEL evaluation section
// (optionally only the cases whose name contains the filter), for profiling it alone.
// `speedai-bench sqlite-baseline DIR [SECONDS] [wal|delete]`: the raw SQLite commit rate the
// HTTP script compares the trigger with. With SPEEDAI_BENCH_REPORT=FILE every section also
// appends its figures to FILE as JSON lines (BenchReport.swift); SPEEDAI_BENCH_QUICK=1 runs
// smaller sizes, to check `make bench`'s pipeline rather than to measure.
import Foundation
import RuleLang

func format(_ value: Double, decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }

let arguments = Array(CommandLine.arguments.dropFirst())
let celOnly = arguments.first == "cel"
let celIterations = celOnly && arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : BenchReport.quick ? 20_000 : 200_000
let celFilter = celOnly && arguments.count > 2 ? arguments[2] : nil

if arguments.first == "sqlite-baseline" {
    benchmarkSQLiteBaseline(Array(arguments.dropFirst()))
    exit(0)
}

print("speedai-rules benchmarks — \(ProcessInfo.processInfo.processorCount) cores, \(Date())")
print("")
// `speedai-bench connectors`: only section 5.
if arguments.first == "connectors" {
    benchmarkConnectors()
    exit(0)
}
// `speedai-bench trigger-path [seconds]`: only section 8.
if arguments.first == "trigger-path" {
    benchmarkTriggerPath(seconds: arguments.count > 1 ? Double(arguments[1]) ?? 3 : 3)
    exit(0)
}
// `speedai-bench dashboard`: only section 6.
if arguments.first == "dashboard" {
    benchmarkDashboard()
    exit(0)
}
// `speedai-bench preview-tape DIR [callers]`: writes section 7's tape (to replay it with any build).
if arguments.first == "preview-tape", arguments.count > 1 {
    PreviewBenchmarks.write(PreviewBenchmarks.tape(triggers: arguments.count > 2 ? Int(arguments[2]) ?? 3000 : 3000), into: arguments[1])
    exit(0)
}
// `speedai-bench preview [callers]`: only section 7 (one size only when given, for profiling).
if arguments.first == "preview" {
    benchmarkPreview(only: arguments.count > 1 ? Int(arguments[1]) : nil)
    exit(0)
}
if arguments.first == "matching" {
    benchmarkMatching()
    exit(0)
}
if !celOnly { benchmarkParseAndCheck() }

/// Section 1: parse and check a generated 10 000-line rule file, against a JSON baseline.
func benchmarkParseAndCheck() {
    let lines = 10_000
    let (rulesText, jsonText) = RuleFileGenerator.generate(lines: lines)
    let rulesFile = SourceFile(name: "bench.rules", text: rulesText)
    let lineCount = rulesFile.lineStarts.count

    // Sanity: the generated file must be valid, or we would be timing error paths.
    let firstCompilation = RuleCompiler.compile(rulesFile)
    let errors = firstCompilation.diagnostics.filter { $0.severity == .error }
    guard errors.isEmpty else {
        print(DiagnosticRenderer().render(Array(errors.prefix(3)), in: rulesFile))
        fatalError("generated benchmark file does not check")
    }

    print("1. Parse + check of a generated rule file (\(lineCount) lines, \(rulesFile.bytes.count / 1024) KiB)")
    let parseOnly = Stopwatch.milliseconds { blackHole(RuleParser.parse(rulesFile)) }
    let parseAndCheck = Stopwatch.milliseconds { blackHole(RuleCompiler.compile(rulesFile)) }
    let jsonData = Data(jsonText.utf8)
    let jsonBaseline = Stopwatch.milliseconds { blackHole(try? JSONSerialization.jsonObject(with: jsonData)) }
    print("   parse only            \(format(parseOnly, decimals: 2)) ms")
    print("   parse + check         \(format(parseAndCheck, decimals: 2)) ms  (\(format(Double(lineCount) / parseAndCheck * 1000, decimals: 0)) lines/s)")
    print("   baseline: Foundation JSONSerialization of the same settings as JSON (\(jsonData.count / 1024) KiB): \(format(jsonBaseline, decimals: 2)) ms")
    print("   ratio parse+check / JSON baseline: \(format(parseAndCheck / jsonBaseline, decimals: 2))x")
    BenchReport.record(section: 1, id: "parse.only", figure: "parse only, \(lineCount) lines", value: parseOnly, unit: "ms")
    BenchReport.record(section: 1, id: "parse.check", figure: "parse + check, \(lineCount) lines", value: parseAndCheck, unit: "ms",
                       baseline: "Foundation JSONSerialization of the same settings as JSON", baselineValue: jsonBaseline)
    print("")
}

print("2. CEL evaluation vs the same logic as a hand-written Swift closure (ns per evaluation)")
let results = ExpressionBenchmarks.run(iterations: celIterations, only: celFilter)
let nameWidth = results.map(\.name.count).max() ?? 0
for result in results {
    let ratio = result.celNanoseconds / max(result.nativeNanoseconds, 0.01)
    print("   \(result.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  CEL \(format(result.celNanoseconds)) ns   Swift \(format(result.nativeNanoseconds)) ns   ratio \(format(ratio))x")
    BenchReport.record(section: 2, id: "cel.\(result.name)", figure: "CEL: \(result.name)", value: result.celNanoseconds, unit: "ns",
                       baseline: "hand-written Swift closure", baselineValue: result.nativeNanoseconds)
}
print("")
// `speedai-bench cel`: section 2 only.
if celOnly { exit(0) }

func thousands(_ count: Int) -> String {
    count >= 1_000_000 ? "\(count / 1_000_000)M" : count >= 1000 ? "\(count / 1000)k" : "\(count)"
}

func duration(_ nanoseconds: Double) -> String {
    nanoseconds >= 1e6 ? "\(format(nanoseconds / 1e6, decimals: 2)) ms" : "\(format(nanoseconds / 1e3, decimals: 1)) µs"
}

benchmarkMatching()

let yearDays = 365
print("4. Dry-run of a generated year for one restaurant (\(yearDays) evenings, ~40 bookings, 4 cancellations, 10 calls/day)")
let clock = ContinuousClock()
var yearFigures = YearTape<EngineDriver>.Figures()
let engineYear = clock.measure {
    var tape = YearTape(driver: EngineDriver(), days: yearDays)
    yearFigures = tape.run()
}
var baselineFigures = YearTape<NoOpDriver>.Figures()
let baselineYear = clock.measure {
    var tape = YearTape(driver: NoOpDriver(), days: yearDays)
    baselineFigures = tape.run()
}
let engineSeconds = Double(engineYear.nanoseconds) / 1e9
let baselineSeconds = Double(baselineYear.nanoseconds) / 1e9
print("   engine      \(format(engineSeconds, decimals: 2)) s   \(yearFigures.events) events   \(format(Double(yearFigures.events) / engineSeconds, decimals: 0)) events/s")
print("               \(yearFigures.entries) entries (peak \(yearFigures.peakOpenEntries) open at once), \(yearFigures.offers) offers, \(yearFigures.engineBookings) bookings by the engine, \(yearFigures.sms) SMS")
print("   baseline: the same loop with a no-op engine: \(format(baselineSeconds * 1000, decimals: 1)) ms, \(baselineFigures.events) events")
print("   ratio engine / baseline: \(format(engineSeconds / baselineSeconds))x")
print("")
BenchReport.record(section: 4, id: "year.engine", figure: "dry-run of a year (\(yearFigures.events) events, \(yearFigures.entries) entries, \(yearFigures.sms) SMS)",
                   value: engineSeconds * 1000, unit: "ms", baseline: "the same loop with a no-op engine", baselineValue: baselineSeconds * 1000)
BenchReport.record(section: 4, id: "year.events", figure: "dry-run events per second", value: Double(yearFigures.events) / engineSeconds, unit: "events/s")

if !celOnly { benchmarkConnectors() }
if !celOnly { benchmarkDashboard() }
if !celOnly { benchmarkPreview() }
if !celOnly { benchmarkTriggerPath(seconds: 3) }
