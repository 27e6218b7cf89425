/// Reads the embedded SMS sink, `DATA/sms.jsonl`, the way an operator would: one JSON object
/// per SMS. The end-to-end tests assert on what customers were really sent.
import Foundation

/// One SMS written by the service.
struct SentSMS: Equatable, CustomStringConvertible {
    var to: String
    var body: String
    var template: String
    var entryID: Int?
    var outboxID: Int
    var business: String

    var description: String { "#\(outboxID) \(template) to \(to) (entry \(entryID.map(String.init) ?? "-")): \(body)" }

    /// The offer's Oui link (`…/o/{token}/oui`).
    var yesLink: String? { body.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.contains("/o/") && $0.hasSuffix("/oui") } }
    /// The offer's Non link (`…/o/{token}/non`).
    var noLink: String? { body.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.contains("/o/") && $0.hasSuffix("/non") } }
}

/// A problem reading or waiting for SMS.
struct SMSLogError: Error, CustomStringConvertible {
    var description: String
}

/// The SMS file of one data folder.
struct SMSLog {
    let path: URL

    /// The SMS file in `dataDirectory`.
    init(dataDirectory: URL) { path = dataDirectory.appendingPathComponent("sms.jsonl") }

    /// Every SMS written so far, in file order. A missing file is no SMS.
    func all() throws -> [SentSMS] {
        guard let data = FileManager.default.contents(atPath: path.path) else { return [] }
        var messages: [SentSMS] = []
        for (index, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            guard let object = try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let to = object["to"] as? String, let body = object["body"] as? String,
                  let template = object["template"] as? String, let outboxID = object["outbox_id"] as? Int,
                  let business = object["business"] as? String else {
                throw SMSLogError(description: "\(path.path) line \(index + 1) is not a complete SMS record: \(String(decoding: line, as: UTF8.self))")
            }
            messages.append(SentSMS(to: to, body: body, template: template, entryID: object["entry_id"] as? Int,
                                    outboxID: outboxID, business: business))
        }
        return messages
    }

    /// The SMS matching `predicate`, waiting for it up to `seconds` (the outbox and the calendar
    /// poll run in the background). Throws with everything sent so far when none comes.
    func waitFor(_ what: String, seconds: Double = 30, where predicate: (SentSMS) -> Bool) async throws -> SentSMS {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let found = try all().first(where: predicate) { return found }
            if Date() > deadline {
                let sent = try all().map(\.description).joined(separator: "\n  ")
                throw SMSLogError(description: "no \(what) SMS after \(Int(seconds)) s; sent so far:\n  \(sent)")
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }

    /// Waits until the file holds at least `count` SMS, then returns them all.
    func waitForCount(_ count: Int, seconds: Double = 30) async throws -> [SentSMS] {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let messages = try all()
            if messages.count >= count { return messages }
            if Date() > deadline {
                throw SMSLogError(description: "expected \(count) SMS within \(Int(seconds)) s, got \(messages.count):\n  "
                                  + messages.map(\.description).joined(separator: "\n  "))
            }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
    }
}
