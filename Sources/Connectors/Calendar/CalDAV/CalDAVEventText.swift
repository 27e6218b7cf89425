/// Writes the iCalendar object the gateway PUTs for a booking or hold (RFC 5545: CRLF line
/// ends, lines folded at 75 octets, TEXT escaped) and reads back the few properties the
/// race check needs from any object: who it is (UID) and when it was first written
/// (`X-SPEEDAI-STAMP`, our sub-second stamp, else CREATED, else DTSTAMP).
import Foundation
import Runtime

/// iCalendar text for the CalDAV gateway.
enum CalDAVEventText {
    /// The VCALENDAR of `operation`, stamped at `stamp` (Unix seconds with a fraction).
    /// Times are UTC; a hold is `STATUS:TENTATIVE`, a booking `STATUS:CONFIRMED`.
    static func calendar(for operation: CalendarOperation, stamp: Double) -> String {
        let now = utc(Instant(seconds: Int64(stamp.rounded(.down))))
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//SpeedAI//speedai-rules//EN", "CALSCALE:GREGORIAN",
            "BEGIN:VEVENT",
            "UID:\(escape(operation.uid))",
            "DTSTAMP:\(now)", "CREATED:\(now)",
            "X-SPEEDAI-STAMP:\(String(format: "%.6f", stamp))",
            "DTSTART:\(utc(operation.start))", "DTEND:\(utc(operation.end))",
            "SUMMARY:\(escape(operation.summary))",
            "X-SPEEDAI-PARTY:\(min(10_000, max(1, operation.units)))",
        ]
        if !operation.resource.isEmpty { lines.append("X-SPEEDAI-RESOURCE:\(escape(operation.resource))") }
        // installation/business/row: nothing in it needs TEXT escaping.
        if let marker = operation.marker { lines.append("\(outboxProperty):\(marker)") }
        lines += ["STATUS:\(operation.isHold ? "TENTATIVE" : "CONFIRMED")", "TRANSP:OPAQUE", "END:VEVENT", "END:VCALENDAR"]
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// The property that carries a write's marker (`CalendarOperation.marker`).
    static let outboxProperty = "X-SPEEDAI-OUTBOX"

    /// The markers (`X-SPEEDAI-OUTBOX` values) found in `ics`.
    static func markers(in ics: String) -> Set<String> {
        var found = Set<String>()
        for line in unfolded(ics) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].split(separator: ";").first.map { $0.uppercased() } ?? ""
            guard name == outboxProperty else { continue }
            found.insert(String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
        }
        return found
    }

    /// `20250118T183000Z`.
    static func utc(_ instant: Instant) -> String { instant.iCalendarUTC }

    /// TEXT escaping (RFC 5545 section 3.3.11).
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ";": result += "\\;"
            case ",": result += "\\,"
            case "\n", "\r\n": result += "\\n"
            case "\r": break
            default: result.append(character)
            }
        }
        return result
    }

    /// Folds a content line into pieces of at most 75 octets, never inside a character.
    static func fold(_ line: String) -> String {
        var pieces: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = pieces.isEmpty ? 75 : 74 // continuation lines start with a space
            if octets + size > limit {
                pieces.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        pieces.append(current)
        return pieces.joined(separator: "\r\n ")
    }

    /// When each UID in `ics` was first written, Unix seconds (the earliest over its
    /// VEVENTs); 0 when the object says nothing (we then yield to it).
    static func stamps(in ics: String) -> [String: Double] {
        var result: [String: Double] = [:]
        var depth: [String] = []
        var uid: String?
        var found: [String: Double] = [:]
        for line in unfolded(ics) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let head = line[..<colon].uppercased()
            let name = head.split(separator: ";").first.map(String.init) ?? head
            let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            switch name {
            case "BEGIN":
                depth.append(value.uppercased())
                if value.uppercased() == "VEVENT" { uid = nil; found = [:] }
            case "END":
                if depth.last == "VEVENT", let uid {
                    let stamp = found["X-SPEEDAI-STAMP"] ?? found["CREATED"] ?? found["DTSTAMP"] ?? 0
                    result[uid] = min(result[uid] ?? .infinity, stamp)
                }
                _ = depth.popLast()
            case "UID" where depth.last == "VEVENT":
                uid = value
            case "X-SPEEDAI-STAMP" where depth.last == "VEVENT":
                if let seconds = Double(value), seconds.isFinite { found[name] = seconds }
            case "CREATED", "DTSTAMP":
                if depth.last == "VEVENT", let seconds = utcSeconds(value) { found[name] = seconds }
            default: break
            }
        }
        return result
    }

    /// The logical lines of an iCalendar text (folds undone).
    private static func unfolded(_ ics: String) -> [String] {
        var lines: [String] = []
        for raw in ics.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if let first = raw.first, first == " " || first == "\t", !lines.isEmpty {
                lines[lines.count - 1] += raw.dropFirst()
            } else {
                lines.append(String(raw))
            }
        }
        return lines
    }

    /// Seconds of a `20250118T183000Z` date-time (read as UTC with or without the Z).
    private static func utcSeconds(_ text: String) -> Double? {
        let digits = Array(text.utf8)
        guard digits.count >= 15, digits[8] == UInt8(ascii: "T") else { return nil }
        func number(_ range: Range<Int>) -> Int? { Int(String(decoding: digits[range], as: UTF8.self)) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        return Double(CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second).utcSeconds)
    }
}
