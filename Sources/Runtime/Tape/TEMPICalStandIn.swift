/// TEMP stand-in for the `ical` branch (Sources/Runtime/Calendar/ICal): the same names with
/// just enough of RFC 5545 for the shipped tapes (VEVENT, DTSTART/DTEND with TZID or UTC,
/// DURATION in hours/minutes, STATUS, X-SPEEDAI-*). Deleted when `ical` is merged.
import RuleLang

/// One occurrence of a calendar event.
public struct EventOccurrence: Sendable, Hashable {
    public var uid: String
    public var start: Instant
    public var end: Instant
    public var allDay: Bool
    public var cancelled: Bool
    public var summary: String?
    public var party: Int?
    public var resource: String?
}

/// The events of a calendar file.
public struct ICalCalendar: Sendable {
    struct Event: Sendable {
        var uid = ""
        var start = ""
        var startZone: String?
        var end = ""
        var endZone: String?
        var duration: Int64?
        var cancelled = false
        var summary: String?
        var party: Int?
        var resource: String?
    }
    var events: [Event] = []

    /// Occurrences starting in [from, to).
    public func occurrences(from: Instant, to: Instant, defaultZone: ZoneConverter) -> [EventOccurrence] {
        events.compactMap { event in
            guard let start = Self.instant(event.start, zone: event.startZone, defaultZone: defaultZone) else { return nil }
            let end = event.duration.map { start + .seconds($0) }
                ?? Self.instant(event.end, zone: event.endZone, defaultZone: defaultZone) ?? start
            guard start >= from && start < to else { return nil }
            return EventOccurrence(uid: event.uid, start: start, end: end, allDay: event.start.count == 8,
                                   cancelled: event.cancelled, summary: event.summary, party: event.party, resource: event.resource)
        }
    }

    static func instant(_ text: String, zone: String?, defaultZone: ZoneConverter) -> Instant? {
        let digits = Array(text.utf8)
        func number(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= digits.count else { return nil }
            return Int(String(decoding: digits[from..<(from + count)], as: UTF8.self))
        }
        guard let year = number(0, 4), let month = number(4, 2), let day = number(6, 2) else { return nil }
        let hour = number(9, 2) ?? 0, minute = number(11, 2) ?? 0, second = number(13, 2) ?? 0
        let civil = CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        if text.hasSuffix("Z") { return Instant(seconds: civil.utcSeconds) }
        let converter = zone.flatMap { ZoneConverter(identifier: $0) } ?? defaultZone
        return converter.instant(civil)
    }
}

/// Reads calendar text.
public enum ICalParser {
    public static func parse(text: String, fileName: String) -> (ICalCalendar?, [Diagnostic]) {
        var calendar = ICalCalendar()
        var current: ICalCalendar.Event?
        var offset = 0
        var diagnostics: [Diagnostic] = []
        let unfolded = text.replacingOccurrences(of: "\r\n", with: "\n")
        for line in unfolded.split(separator: "\n", omittingEmptySubsequences: false) {
            let lineStart = offset
            offset += line.utf8.count + 1
            guard !line.isEmpty else { continue }
            guard let colon = line.firstIndex(of: ":") else {
                diagnostics.append(.error("this calendar line has no ':'", at: SourceRange(start: lineStart, end: lineStart + line.utf8.count)))
                continue
            }
            let head = line[..<colon].split(separator: ";")
            let name = head.first.map(String.init)?.uppercased() ?? ""
            let value = String(line[line.index(after: colon)...])
            let zone = head.dropFirst().first { $0.uppercased().hasPrefix("TZID=") }.map { String($0.dropFirst(5)) }
            switch name {
            case "BEGIN" where value == "VEVENT": current = ICalCalendar.Event()
            case "END" where value == "VEVENT":
                if let event = current { calendar.events.append(event) }
                current = nil
            case "UID": current?.uid = value
            case "DTSTART": current?.start = value; current?.startZone = zone
            case "DTEND": current?.end = value; current?.endZone = zone
            case "DURATION":
                var seconds: Int64 = 0, number: Int64 = 0
                for character in value {
                    if let digit = character.wholeNumberValue { number = number * 10 + Int64(digit); continue }
                    switch character {
                    case "H": seconds += number * 3600
                    case "M": seconds += number * 60
                    case "S": seconds += number
                    case "D": seconds += number * 86_400
                    default: break
                    }
                    number = 0
                }
                current?.duration = seconds
            case "STATUS": current?.cancelled = value.uppercased() == "CANCELLED"
            case "SUMMARY": current?.summary = value
            case "X-SPEEDAI-PARTY": current?.party = Int(value)
            case "X-SPEEDAI-RESOURCE": current?.resource = value
            default: break
            }
        }
        return (diagnostics.isEmpty ? calendar : nil, diagnostics)
    }
}
