/// The service log: one JSON object per line (`{"ts":...,"level":...,"msg":...,...}`) so the
/// host's log collector can parse it without patterns. String content is passed through
/// `Redaction.text` by default, so a phone number or token that slips into a message is
/// masked before it is written.

import Foundation
import Synchronization

/// How serious a log line is.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, warn, error

    private var rank: Int {
        switch self {
        case .debug: return 0
        case .info: return 1
        case .warn: return 2
        case .error: return 3
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rank < rhs.rank }
}

/// A structured logger writing JSON lines to a file handle or a closure.
///
/// `Sendable`: a file is written through a `FileLineWriter` (whole lines, in order, one
/// writer at a time); a closure is called under a `Mutex`. Either way lines never interleave.
public final class JSONLineLogger: Sendable {
    /// The handle lines go to (kept so it stays open), and its writer.
    private let handle: FileHandle?
    private let fileWriter: FileLineWriter?
    /// Or the closure lines go to.
    private let closure: Mutex<(@Sendable (String) -> Void)?>
    private let minimumLevel: LogLevel
    private let redacts: Bool
    private let clock: @Sendable () -> Date

    /// A logger appending lines to `handle` (standard error by default). Lines below
    /// `minimumLevel` are dropped; `redacting` masks phone numbers and tokens in strings.
    public init(minimumLevel: LogLevel = .info, handle: FileHandle = .standardError, redacting: Bool = true,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.handle = handle
        fileWriter = FileLineWriter(descriptor: handle.fileDescriptor)
        closure = Mutex(nil)
        self.minimumLevel = minimumLevel
        redacts = redacting
        self.clock = clock
    }

    /// A logger handing each line (without its newline) to `write`, for tests and adapters.
    public init(minimumLevel: LogLevel = .info, redacting: Bool = true,
                clock: @escaping @Sendable () -> Date = { Date() }, write: @escaping @Sendable (String) -> Void) {
        handle = nil
        fileWriter = nil
        closure = Mutex(write)
        self.minimumLevel = minimumLevel
        redacts = redacting
        self.clock = clock
    }

    /// Writes one line unless `level` is below the minimum. Fields follow `ts`, `level` and
    /// `msg` in key order; a field named like one of those three is written with a `_` prefix.
    public func log(_ level: LogLevel, _ message: String, _ fields: [String: LogValue] = [:]) {
        guard level >= minimumLevel else { return }
        write(format(level: level, message: message, fields: fields))
    }

    /// Hands one finished line to the sink (a file gets it with its newline).
    private func write(_ line: String) {
        if let fileWriter {
            fileWriter.write(line)
        } else {
            closure.withLock { $0?(line) }
        }
    }

    /// A `debug` line.
    public func debug(_ message: String, _ fields: [String: LogValue] = [:]) { log(.debug, message, fields) }
    /// An `info` line.
    public func info(_ message: String, _ fields: [String: LogValue] = [:]) { log(.info, message, fields) }
    /// A `warn` line.
    public func warn(_ message: String, _ fields: [String: LogValue] = [:]) { log(.warn, message, fields) }
    /// An `error` line.
    public func error(_ message: String, _ fields: [String: LogValue] = [:]) { log(.error, message, fields) }

    /// An `info` line for one HTTP exchange; a ready-made `HTTPServer` access-log hook.
    /// It runs after every response, so it writes the line `info("http request", ...)` would
    /// write (fields in key order) without building and sorting a dictionary each time.
    public func access(_ record: AccessLogRecord) {
        guard LogLevel.info >= minimumLevel else { return }
        var line = "{\"ts\":\"\(Self.timestamp(clock()))\",\"level\":\"info\",\"msg\":\"http request\""
        line += ",\"bytes\":\(record.bytes),\"duration_us\":\(record.durationMicroseconds)"
        line += ",\"method\":\(JSONText.quoted(clean(record.method))),\"path\":\(JSONText.quoted(clean(record.path)))"
        line += ",\"remote\":\(JSONText.quoted(clean(record.remoteAddress))),\"status\":\(record.status)}"
        write(line)
    }

    /// The JSON text of one line.
    func format(level: LogLevel, message: String, fields: [String: LogValue]) -> String {
        var line = "{\"ts\":\"\(Self.timestamp(clock()))\",\"level\":\"\(level.rawValue)\",\"msg\":\(JSONText.quoted(clean(message)))"
        for key in fields.keys.sorted() {
            guard let value = fields[key] else { continue }
            let name = ["ts", "level", "msg"].contains(key) ? "_" + key : key
            let text: LogValue = if case .string(let string) = value { .string(clean(string)) } else { value }
            line += ",\(JSONText.quoted(name)):\(text.json)"
        }
        return line + "}"
    }

    private func clean(_ text: String) -> String {
        redacts ? Redaction.text(text) : text
    }

    /// `2026-11-25T10:00:00.123Z`: UTC, millisecond precision.
    static func timestamp(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(milliseconds.quotientAndRemainder(dividingBy: 1000).quotient)
        var fraction = Int(milliseconds % 1000)
        if fraction < 0 {
            fraction += 1000
            seconds -= 1
        }
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(fraction), 3))Z"
    }
}
