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
        send(all: [message], at: now)[0]
    }

    /// Appends the lines of the SMS not written yet and makes them durable with one fsync (the
    /// dispatcher hands over a round's SMS together); each is acknowledged only after it.
    public func send(all messages: [OutboundSMS], at now: Instant) -> [DeliveryResult] {
        let written: [DeliveryResult] = state.withLock { state in
            var text = ""
            var fresh = Set<Int64>()
            for message in messages where !state.written.contains(message.outboxID) && !fresh.contains(message.outboxID) {
                text += Self.line(for: message, at: now) + "\n"
                fresh.insert(message.outboxID)
            }
            if !text.isEmpty {
                do {
                    try state.handle.write(contentsOf: Data(text.utf8))
                    try state.handle.synchronize()
                } catch {
                    return messages.map { state.written.contains($0.outboxID) ? .delivered(reference: "sms-\($0.outboxID)")
                                                                              : .retry("cannot write \(path): \(error.localizedDescription)") }
                }
                state.written.formUnion(fresh)
            }
            return messages.map { .delivered(reference: "sms-\($0.outboxID)") }
        }
        if let echo {
            for (message, result) in zip(messages, written) {
                if case .delivered = result { echo(Self.consoleText(for: message)) }
            }
        }
        return written
    }

    /// The JSON line: `to`, `body`, `template`, `entry_id`, `time`, `business`, `outbox_id`.
    static func line(for message: OutboundSMS, at now: Instant) -> String {
        var object: [String: Any] = ["to": message.to, "body": message.body, "template": message.template,
                                     "time": now.description, "business": message.business,
                                     "outbox_id": message.outboxID]
        object["entry_id"] = message.entryID ?? NSNull()
        if let text = JSONText.sortedObject(object) { return text }
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
