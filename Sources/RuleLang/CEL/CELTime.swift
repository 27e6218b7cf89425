import Foundation

/// Timestamp and duration accessors (`getFullYear`, `getHours`, ...), with the optional
/// time-zone argument: an IANA name such as `"Europe/Paris"` or a fixed offset such as
/// `"+05:30"`. The zone only supplies the UTC offset at that instant (Foundation's
/// `secondsFromGMT(for:)`, zones cached by name); the civil date is computed here, which is
/// much cheaper than going through `Calendar`.
enum CELTimeAccessor: Sendable {
    case fullYear, month, date, dayOfMonth, dayOfWeek, dayOfYear, hours, minutes, seconds, milliseconds

    static let byName: [String: CELTimeAccessor] = [
        "getFullYear": .fullYear, "getMonth": .month, "getDate": .date, "getDayOfMonth": .dayOfMonth,
        "getDayOfWeek": .dayOfWeek, "getDayOfYear": .dayOfYear, "getHours": .hours,
        "getMinutes": .minutes, "getSeconds": .seconds, "getMilliseconds": .milliseconds,
    ]

    /// The field of `timestamp` as seen in `zone` (UTC when nil). Months, days of the
    /// month's 0-based variant, days of the week (0 = Sunday) and days of the year are
    /// 0-based; `getDate` is 1-based, as in the spec.
    func value(of timestamp: CELTimestamp, in zone: CELTimeZone?) -> Int64 {
        let local = timestamp.seconds + Int64(zone?.offset(at: timestamp.seconds) ?? 0)
        let days = CELCivil.floorDivide(local, 86_400)
        let secondOfDay = local - days * 86_400
        switch self {
        case .fullYear: return CELCivil.date(fromDays: days).year
        case .month: return CELCivil.date(fromDays: days).month - 1
        case .date: return CELCivil.date(fromDays: days).day
        case .dayOfMonth: return CELCivil.date(fromDays: days).day - 1
        case .dayOfWeek: return ((days % 7) + 11) % 7 // 1970-01-01 was a Thursday (4).
        case .dayOfYear:
            let year = CELCivil.date(fromDays: days).year
            return days - CELCivil.days(year: year, month: 1, day: 1)
        case .hours: return secondOfDay / 3600
        case .minutes: return secondOfDay / 60 % 60
        case .seconds: return secondOfDay % 60
        case .milliseconds: return Int64(timestamp.nanos) / 1_000_000
        }
    }

    /// The total hours, minutes, seconds or milliseconds of a duration (truncated); nil
    /// for the calendar accessors, which durations do not have.
    func value(of duration: CELDuration) -> Int64? {
        switch self {
        case .hours: return duration.seconds / 3600
        case .minutes: return duration.seconds / 60
        case .seconds: return duration.seconds
        case .milliseconds: return duration.seconds * 1000 + Int64(duration.nanos) / 1_000_000
        default: return nil
        }
    }

    /// `timestamp.getHours()` / `duration.getHours()`.
    func apply(_ target: Value, name: String) throws(CELEvalError) -> Value {
        switch target {
        case .timestamp(let timestamp): return .int(value(of: timestamp, in: nil))
        case .duration(let duration):
            if let result = value(of: duration) { return .int(result) }
        default: break
        }
        throw .noMethod(name, on: target, [])
    }

    /// `timestamp.getHours("Europe/Paris")`.
    func apply(_ target: Value, zone: Value, name: String) throws(CELEvalError) -> Value {
        guard case .timestamp(let timestamp) = target, case .string(let zoneName) = zone else {
            throw .noMethod(name, on: target, [zone])
        }
        return .int(value(of: timestamp, in: try CELTimeZone.named(zoneName)))
    }

    /// The same with a zone resolved when the program was planned.
    func apply(_ target: Value, zone: CELTimeZone, name: String) throws(CELEvalError) -> Value {
        guard case .timestamp(let timestamp) = target else {
            throw .noMethod(name, on: target, [.string("")])
        }
        return .int(value(of: timestamp, in: zone))
    }
}

/// A time zone argument: a fixed offset, or an IANA zone whose offset depends on the date.
enum CELTimeZone: Sendable {
    case fixed(seconds: Int)
    case named(TimeZone)

    /// Seconds east of UTC at `seconds` since the epoch.
    func offset(at seconds: Int64) -> Int {
        switch self {
        case .fixed(let offset): return offset
        case .named(let zone): return zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
        }
    }

    /// Resolves `"Europe/Paris"`, `"UTC"`, `"+05:30"`, `"-08:00"`; cached by name.
    static func named(_ name: String) throws(CELEvalError) -> CELTimeZone {
        try CELTimeZoneCache.shared.zone(name)
    }

    /// Parses a zone name without the cache.
    static func parse(_ name: String) throws(CELEvalError) -> CELTimeZone {
        if name.contains(":") {
            // [+|-]HH:MM, as cel-go accepts.
            var text = Substring(name)
            var sign = 1
            if let first = text.first, first == "+" || first == "-" {
                sign = first == "-" ? -1 : 1
                text = text.dropFirst()
            }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
                  let hours = Int(parts[0]), let minutes = Int(parts[1]), hours < 24, minutes < 60 else {
                throw .failure("'\(name)' is not a valid UTC offset; write it like '+05:30' or '-08:00'")
            }
            return .fixed(seconds: sign * (hours * 3600 + minutes * 60))
        }
        guard let zone = TimeZone(identifier: name) else {
            var message = "unknown time zone '\(name)'"
            if let suggestion = Suggestions.closest(to: name, among: TimeZone.knownTimeZoneIdentifiers) {
                message += " (did you mean '\(suggestion)'?)"
            }
            throw .failure(message)
        }
        return .named(zone)
    }
}

/// Zones by name: `TimeZone(identifier:)` reads the tz database, far too slow to repeat on
/// every evaluation.
final class CELTimeZoneCache: @unchecked Sendable {
    static let shared = CELTimeZoneCache()
    private let lock = NSLock()
    private var zones: [String: CELTimeZone] = [:]

    func zone(_ name: String) throws(CELEvalError) -> CELTimeZone {
        lock.lock()
        if let cached = zones[name] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let zone = try CELTimeZone.parse(name)
        lock.lock()
        zones[name] = zone
        lock.unlock()
        return zone
    }
}
