/// Reads the text of a tape's `timeline.jsonl`: one JSON object per line, times that never
/// go back, and events the driver knows. Every mistake is a `TapeError` at its line, so a
/// bad tape never yields a transcript. Pure: the caller reads the file.
import Foundation
import RuleLang

/// Parses timeline text into events with their line numbers.
public enum TapeParser {
    /// The fields each event takes (beyond `at` and `event`), and which are required.
    static let fields: [String: (required: [String], optional: [String])] = [
        "book": (["uid", "start", "end"], ["party", "resource", "summary"]),
        "cancel": (["uid"], ["occurrence"]),
        "move": (["uid", "start", "end"], ["occurrence"]),
        "trigger": (["phone", "requested"], ["source", "service"]),
        "join": (["phone", "first_name", "last_name", "party", "slots"], ["email"]),
        "reply": (["phone", "answer"], []),
        "notify": (["entry", "slot", "by"], []),
        "delete": (["entry", "by"], []),
        "priority": (["entry", "delta", "by"], []),
        "stop": (["phone"], []),
        "calendar_health": (["stale"], []),
        "advance": ([], []),
    ]

    /// The events of `text`, in order. Blank lines and lines starting with `#` or `//` are
    /// skipped. Times must not go back; local times are read in `zone`.
    public static func parse(text: String, fileName: String, zone: ZoneConverter) throws(TapeError) -> [TapeLine] {
        var result: [TapeLine] = []
        let time = TapeTime(zone: zone)
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix("//") { continue }
            var reader = FieldReader(file: fileName, line: lineNumber, time: time, object: [:])
            reader.object = try reader.decode(line)
            let entry = try reader.event()
            if let previous = result.last, entry.at < previous.at {
                throw TapeError(file: fileName, line: lineNumber,
                                message: "time \(reader.string("at") ?? "") goes back before line \(previous.line) (\(previous.at))",
                                help: "timeline lines must be in time order; move this line up or fix its \"at\"")
            }
            result.append(entry)
        }
        return result
    }
}

/// Reads the fields of one timeline line, throwing located errors.
struct FieldReader {
    let file: String
    let line: Int
    let time: TapeTime
    var object: [String: Any]

    func fail(_ message: String, help: String? = nil) -> TapeError {
        TapeError(file: file, line: line, message: message, help: help)
    }

    func decode(_ text: String) throws(TapeError) -> [String: Any] {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [])
        } catch {
            throw fail("this line is not valid JSON", help: "each line holds one object such as {\"at\": \"2025-01-17T19:02:00+01:00\", \"event\": \"advance\"}")
        }
        guard let object = parsed as? [String: Any] else {
            throw fail("this line is JSON but not an object", help: "each line holds one object {\"at\": ..., \"event\": ...}")
        }
        return object
    }

    func string(_ key: String) -> String? { object[key] as? String }

    func requireString(_ key: String) throws(TapeError) -> String {
        guard let value = object[key] else { throw fail("missing \"\(key)\"") }
        guard let text = value as? String, !text.isEmpty else { throw fail("\"\(key)\" must be a non-empty string") }
        return text
    }

    func requireInt(_ key: String) throws(TapeError) -> Int {
        guard let value = object[key] else { throw fail("missing \"\(key)\"") }
        guard let number = value as? NSNumber, let int = Int(exactly: number.doubleValue) else {
            throw fail("\"\(key)\" must be a whole number", help: "write it without quotes, e.g. \"\(key)\": 2")
        }
        return int
    }

    func requireTime(_ key: String, offsetRequired: Bool = false) throws(TapeError) -> Instant {
        let text = try requireString(key)
        let instant = offsetRequired ? time.instantWithOffset(text) : time.instant(text)
        guard let instant else {
            let example = offsetRequired ? "2025-01-17T19:02:00+01:00" : "2025-01-17T20:00 (local) or 2025-01-17T20:00:00+01:00"
            throw fail("\"\(key)\": '\(text)' is not a time" + (offsetRequired ? " with an offset" : ""),
                       help: "write RFC 3339, e.g. \(example)")
        }
        return instant
    }

    func optionalTime(_ key: String) throws(TapeError) -> Instant? {
        object[key] == nil ? nil : try requireTime(key)
    }

    func event() throws(TapeError) -> TapeLine {
        let at = try requireTime("at", offsetRequired: true)
        let name = try requireString("event")
        guard let spec = TapeParser.fields[name] else {
            let suggestion = Suggestions.closest(to: name, among: TapeParser.fields.keys.sorted())
            throw fail("unknown event '\(name)'" + (suggestion.map { " (did you mean '\($0)'?)" } ?? ""),
                       help: "events are " + TapeParser.fields.keys.sorted().joined(separator: ", "))
        }
        let known = Set(spec.required + spec.optional + ["at", "event"])
        for key in object.keys.sorted() where !known.contains(key) {
            throw fail("unknown field \"\(key)\" in a '\(name)' event",
                       help: Suggestions.didYouMean(key, among: known.sorted()) ?? "a '\(name)' event takes " + (spec.required + spec.optional).joined(separator: ", "))
        }
        for key in spec.required where object[key] == nil {
            throw fail("a '\(name)' event needs \"\(key)\"")
        }
        return TapeLine(line: line, at: at, event: try body(name))
    }

    func body(_ name: String) throws(TapeError) -> TapeEvent {
        switch name {
        case "book":
            let (start, end) = try interval()
            let party = object["party"] == nil ? 1 : try requireInt("party")
            let resource = object["resource"] == nil ? "" : try requireString("resource")
            return .book(uid: try requireString("uid"), start: start, end: end, party: party, resource: resource)
        case "cancel":
            return .cancel(uid: try requireString("uid"), occurrence: try optionalTime("occurrence"))
        case "move":
            let (start, end) = try interval()
            return .move(uid: try requireString("uid"), occurrence: try optionalTime("occurrence"), start: start, end: end)
        case "trigger":
            let source = object["source"] == nil ? "phone" : try requireString("source")
            let service = object["service"] == nil ? nil : try requireString("service")
            return .trigger(phone: try requireString("phone"), requested: try requireTime("requested"), source: source, service: service)
        case "join":
            guard let list = object["slots"] as? [Any], !list.isEmpty else {
                throw fail("\"slots\" must be a non-empty list of times", help: "e.g. \"slots\": [\"2025-01-17T19:30\", \"2025-01-17T20:00\"]")
            }
            var slots: [Instant] = []
            for item in list {
                guard let text = item as? String, let instant = time.instant(text) else {
                    throw fail("\"slots\": \(item) is not a time", help: "write local times such as \"2025-01-17T19:30\"")
                }
                slots.append(instant)
            }
            let email = object["email"] == nil ? "" : try requireString("email")
            return .join(phone: try requireString("phone"), firstName: try requireString("first_name"),
                         lastName: try requireString("last_name"), email: email, party: try requireInt("party"), slots: slots)
        case "reply":
            let answer = try requireString("answer").lowercased()
            guard answer == "oui" || answer == "non" else {
                throw fail("\"answer\" must be \"oui\" or \"non\", not '\(answer)'")
            }
            return .reply(phone: try requireString("phone"), accept: answer == "oui")
        case "notify":
            return .notify(entry: try requireInt("entry"), slot: try requireTime("slot"), by: try requireString("by"))
        case "delete":
            return .delete(entry: try requireInt("entry"), by: try requireString("by"))
        case "priority":
            return .priority(entry: try requireInt("entry"), delta: try requireInt("delta"), by: try requireString("by"))
        case "stop":
            return .stop(phone: try requireString("phone"))
        case "calendar_health":
            guard let stale = object["stale"] as? Bool else {
                throw fail("\"stale\" must be true or false", help: "e.g. \"stale\": true (the calendar cannot be read), false (read again)")
            }
            return .calendarHealth(stale: stale)
        default:
            return .advance
        }
    }

    func interval() throws(TapeError) -> (Instant, Instant) {
        let start = try requireTime("start"), end = try requireTime("end")
        guard start < end else { throw fail("\"end\" must come after \"start\"") }
        return (start, end)
    }
}
