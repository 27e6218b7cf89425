/// The embedded default's SMS "provider": one JSON object per SMS appended to
/// `DATA/sms.jsonl` (and, in demo mode, echoed on the console). It acknowledges an SMS only
/// once the line is on disk (fsync), and it remembers which outbox ids it already wrote, so a
/// restart between "written" and "marked sent" never writes an SMS twice.
import Foundation
import Runtime
import Synchronization

/// Appends SMS to a JSON-lines file.
public final class FileSMSSink: SMSSender {
    struct State {
        var written: Set<Int64>
        var handle: FileHandle
    }
    let state: Mutex<State>
    /// The file written.
    public let path: String
    private let echo: (@Sendable (String) -> Void)?

    /// A sink appending to `path` (created when missing). `echo` receives a human-readable
    /// rendering of each SMS (the demo prints it).
    public init(path: String, echo: (@Sendable (String) -> Void)? = nil) throws(TextFileReader.ReadError) {
        self.path = path
        self.echo = echo
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw .unreadable(path, reason: "cannot create the SMS file")
            }
        }
        var written = Set<Int64>()
        if let data = FileManager.default.contents(atPath: path) {
            for line in data.split(separator: UInt8(ascii: "\n")) {
                if let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                   let id = object["outbox_id"] as? Int64 ?? (object["outbox_id"] as? Int).map(Int64.init) {
                    written.insert(id)
                }
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw .unreadable(path, reason: "cannot open the SMS file for writing")
        }
        handle.seekToEndOfFile()
        state = Mutex(State(written: written, handle: handle))
    }

    public func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult {
        let line = Self.line(for: message, at: now)
        let outcome: DeliveryResult = state.withLock { state in
            if state.written.contains(message.outboxID) { return .delivered(reference: "sms-\(message.outboxID)") }
            do {
                try state.handle.write(contentsOf: Data((line + "\n").utf8))
                try state.handle.synchronize()
            } catch {
                return .retry("cannot write \(path): \(error.localizedDescription)")
            }
            state.written.insert(message.outboxID)
            return .delivered(reference: "sms-\(message.outboxID)")
        }
        if case .delivered = outcome, let echo { echo(Self.consoleText(for: message)) }
        return outcome
    }

    /// The JSON line: `to`, `body`, `template`, `entry_id`, `time`, `business`, `outbox_id`.
    static func line(for message: OutboundSMS, at now: Instant) -> String {
        var object: [String: Any] = ["to": message.to, "body": message.body, "template": message.template,
                                     "time": now.description, "business": message.business,
                                     "outbox_id": message.outboxID]
        object["entry_id"] = message.entryID ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// How the demo shows an SMS on the console.
    static func consoleText(for message: OutboundSMS) -> String {
        let indented = message.body.split(separator: "\n", omittingEmptySubsequences: false).map { "  │ \($0)" }
        return (["  ┌─ SMS to \(message.to) (\(message.template), entry \(message.entryID.map(String.init) ?? "-"))"]
                + indented + ["  └─"]).joined(separator: "\n")
    }
}
