// `make bench`: figures and ratios against baselines measured in the same run.
// `speedai-bench cel [iterations] [name filter]` runs only the CEL evaluation section
// (optionally only the cases whose name contains the filter), for profiling it alone.
import Foundation
import RuleLang

func format(_ value: Double, decimals: Int = 1) -> String { String(format: "%.\(decimals)f", value) }

let arguments = Array(CommandLine.arguments.dropFirst())
let celOnly = arguments.first == "cel"
let celIterations = celOnly && arguments.count > 1 ? Int(arguments[1]) ?? 200_000 : 200_000
let celFilter = celOnly && arguments.count > 2 ? arguments[2] : nil

print("speedai-rules benchmarks — \(ProcessInfo.processInfo.processorCount) cores, \(Date())")
print("")
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
    print("")
}

print("2. CEL evaluation vs the same logic as a hand-written Swift closure (ns per evaluation)")
let results = ExpressionBenchmarks.run(iterations: celIterations, only: celFilter)
let nameWidth = results.map(\.name.count).max() ?? 0
for result in results {
    let ratio = result.celNanoseconds / max(result.nativeNanoseconds, 0.01)
    print("   \(result.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  CEL \(format(result.celNanoseconds)) ns   Swift \(format(result.nativeNanoseconds)) ns   ratio \(format(ratio))x")
}
