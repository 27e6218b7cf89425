/// Machine-readable figures for `docs/BENCHMARKS.md`: next to each printed figure, a section
/// may record it here, and when `SPEEDAI_BENCH_REPORT` names a file (`make bench` sets it)
/// every record is appended to it as one JSON object per line. `scripts/bench-report.py`
/// turns those lines (and the HTTP script's) into the report's tables; the console output
/// stays what it was, so a run without the variable behaves as before.
import Foundation

enum BenchReport {
    /// The JSON-lines file, or nil when nobody asked for one.
    static let path: String? = ProcessInfo.processInfo.environment["SPEEDAI_BENCH_REPORT"].flatMap { $0.isEmpty ? nil : $0 }

    /// Appends one figure: `id` is stable (the report's targets refer to it), `figure` the
    /// words shown in the table, `baseline` what it is compared with (nil when nothing is).
    static func record(section: Int, id: String, figure: String, value: Double, unit: String,
                       baseline: String? = nil, baselineValue: Double? = nil, note: String? = nil) {
        guard let path else { return }
        var object: [String: Any] = ["source": "speedai-bench", "section": section, "id": id, "figure": figure,
                                     "value": value.isFinite ? value : NSNull(), "unit": unit]
        if let baseline { object["baseline"] = baseline }
        if let baselineValue, baselineValue.isFinite { object["baseline_value"] = baselineValue }
        if let note { object["note"] = note }
        guard var line = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        line.append(UInt8(ascii: "\n"))
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: line)
    }

    /// True when `make bench BENCH_QUICK=1` asked for a short run (smaller sizes, fewer rounds),
    /// to check the pipeline end to end rather than to measure.
    static let quick = ProcessInfo.processInfo.environment["SPEEDAI_BENCH_QUICK"].map { $0 != "" && $0 != "0" } ?? false
}
