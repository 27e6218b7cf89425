import Connectors
import Foundation

/// `speedai-rules export-tape --data DIR --business ID --from DATE --to DATE OUT`.
enum ExportTapeCommand: Command {
    static let name = "export-tape"
    static let summary = "write a period of real activity as a dry-run tape"
    static let options: [OptionSpec] = [
        .value("--data", help: "data folder of the server (speedai.db)"),
        .value("--business", help: "business id"),
        .value("--from", help: "first day (2025-01-13) or time, local"),
        .value("--to", help: "end, exclusive (2025-01-20) or time, local"),
    ]
    static let help = """
    Usage: speedai-rules export-tape --data DIR --business ID --from DATE --to DATE OUT

    Writes what really happened to business ID between --from and --to into the tape folder
    OUT: calendar.ics (the calendar at the start), timeline.jsonl (every trigger, form,
    answer and calendar change), the rule file then in force and a README. Names, phone
    numbers and emails are pseudonymised. Replay it with `speedai-rules dry-run NEW.rules OUT`.
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard arguments.positional.count == 1 else { throw UsageError(message: "give the output folder OUT") }
        guard let data = arguments.last("--data"), let business = arguments.last("--business"),
              let from = arguments.last("--from"), let to = arguments.last("--to") else {
            throw UsageError(message: "--data, --business, --from and --to are required")
        }
        let path = SQLiteStore.defaultPath(dataDirectory: data)
        guard FileManager.default.fileExists(atPath: path) else {
            Output.error("error: no database at \(path)")
            return ExitStatus.failure
        }
        do {
            let store = try SQLiteStore(path: path)
            defer { store.close() }
            let summary = try TapeExporter(store: store, business: business).export(from: from, to: to, into: arguments.positional[0])
            Output.print("wrote \(arguments.positional[0]): \(summary.events) events, \(summary.entries) people" +
                         (summary.skipped > 0 ? ", \(summary.skipped) events of earlier entries left out" : ""))
            return ExitStatus.success
        } catch {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
    }
}
