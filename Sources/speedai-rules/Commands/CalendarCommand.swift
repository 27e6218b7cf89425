import Connectors
import Foundation
import Runtime

/// `speedai-rules calendar list|book|cancel --data DIR --business ID [--at TIME]`: edits the
/// local calendar of the embedded default while the server runs.
enum CalendarCommand: Command {
    static let name = "calendar"
    static let summary = "list, book or cancel bookings in the local calendar"
    static let options: [OptionSpec] = [
        .value("--data", help: "data folder of the server (speedai.db)"),
        .value("--business", help: "business id"),
        .value("--at", help: "start time, local (2025-01-18T19:30:00) or with an offset"),
        .value("--end", help: "book: end time (default: start + the slot length)"),
        .value("--party", help: "book: covers (default 1)"),
        .value("--uid", help: "book: the booking's id; cancel: the booking to cancel"),
        .value("--summary", help: "book: the booking's title"),
        .value("--resource", help: "book: the staff member or room"),
        .value("--from", help: "list: first day shown (default: today)"),
    ]
    static let help = """
    Usage: speedai-rules calendar list   --data DIR --business ID [--from DATE]
           speedai-rules calendar book   --data DIR --business ID --at TIME [--party N] [--end TIME] [--uid UID]
           speedai-rules calendar cancel --data DIR --business ID (--at TIME | --uid UID)

    The local calendar is the embedded default's calendar, stored in DIR/speedai.db. A
    running `serve` notices changes on its next calendar poll: cancel a booking of a full
    evening and the first person waiting for that slot gets an offer SMS.

    `list` prints one booking per line, starting with its local start time in ISO 8601.

    Options:
    \(options.map { "  " + $0.names[0].padding(toLength: 12, withPad: " ", startingAt: 0) + $0.help }.joined(separator: "\n"))
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard arguments.positional.count == 1, let action = arguments.positional.first,
              ["list", "book", "cancel"].contains(action) else {
            throw UsageError(message: "give one of: list, book, cancel")
        }
        guard let data = arguments.last("--data") else { throw UsageError(message: "--data DIR is required") }
        guard let business = arguments.last("--business") else { throw UsageError(message: "--business ID is required") }
        let path = SQLiteStore.defaultPath(dataDirectory: data)
        guard FileManager.default.fileExists(atPath: path) else {
            Output.error("error: no database at \(path): start `speedai-rules serve --data \(data)` first")
            return ExitStatus.failure
        }
        let store: SQLiteStore
        do { store = try SQLiteStore(path: path) } catch {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
        defer { store.close() }
        do {
            let editor = try LocalCalendarEditor(store: store, businessID: business)
            func time(_ option: String) throws -> Instant? {
                guard let text = arguments.last(option) else { return nil }
                guard let instant = editor.parseTime(text) else {
                    throw UsageError(message: "\(option) '\(text)' is not a time; use 2025-01-18T19:30:00")
                }
                return instant
            }
            switch action {
            case "list":
                let from = try time("--from") ?? startOfToday(editor)
                let lines = try editor.list(from: from)
                Output.write(lines.map { $0 + "\n" }.joined())
                if lines.isEmpty { Output.error("no booking from \(editor.localText(from)) on") }
            case "book":
                guard let start = try time("--at") else { throw UsageError(message: "book needs --at TIME") }
                let party = try arguments.last("--party").map { text -> Int in
                    guard let value = Int(text), value >= 1 else { throw UsageError(message: "--party must be a whole number ≥ 1") }
                    return value
                } ?? 1
                let event = try editor.book(start: start, end: try time("--end"), units: party, uid: arguments.last("--uid"),
                                            summary: arguments.last("--summary"), resource: arguments.last("--resource") ?? "")
                Output.print("booked \(event.uid) at \(editor.localText(event.start)) (party \(event.units))")
            default:
                let start = try time("--at")
                let uid = arguments.last("--uid")
                guard start != nil || uid != nil else { throw UsageError(message: "cancel needs --at TIME or --uid UID") }
                let (event, others) = try editor.cancel(uid: uid, start: start)
                let more = others > 0 ? "; \(others) other booking(s) at that time remain" : ""
                Output.print("cancelled \(event.uid) at \(editor.localText(event.start)) (\(event.summary))\(more)")
            }
        } catch let error as CalendarError {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
        return ExitStatus.success
    }

    static func startOfToday(_ editor: LocalCalendarEditor) -> Instant {
        let now = Instant(seconds: Int64(Date().timeIntervalSince1970))
        let today = String(editor.localText(now).prefix(10))
        return editor.parseTime("\(today)T00:00:00") ?? now
    }
}
