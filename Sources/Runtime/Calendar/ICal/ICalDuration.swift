/// DURATION values (RFC 5545 section 3.3.6): `PT1H30M`, `P1D`, `P2W`, `-PT15M`. Days
/// and weeks are nominal (a day is a calendar day, 23 or 25 hours across a DST change)
/// while hours, minutes and seconds are exact, so both are kept apart.

/// A parsed iCalendar duration.
public struct ICalDuration: Sendable, Hashable, CustomStringConvertible {
    /// Calendar days, weeks counted as 7 (negative for a negative duration).
    public var days: Int
    /// Exact seconds from the H, M and S parts (negative for a negative duration).
    public var seconds: Int

    /// A duration of `days` calendar days plus `seconds` exact seconds.
    public init(days: Int = 0, seconds: Int = 0) {
        self.days = days
        self.seconds = seconds
    }

    /// Whether the duration goes backwards (`-PT15M`).
    public var isNegative: Bool { days < 0 || seconds < 0 }

    /// `P1DT2H` style text, for messages.
    public var description: String {
        var text = isNegative ? "-P" : "P"
        if days != 0 { text += "\(abs(days))D" }
        let total = abs(seconds)
        if total != 0 || days == 0 {
            text += "T"
            if total / 3600 > 0 { text += "\(total / 3600)H" }
            if total % 3600 / 60 > 0 { text += "\(total % 3600 / 60)M" }
            if total % 60 > 0 || total == 0 { text += "\(total % 60)S" }
        }
        return text
    }

    /// Parses a duration, or returns why it is not one. Parts must come in the order
    /// W, D, then after `T` H, M, S, each at most once (`P1W2D` is accepted although
    /// RFC 5545 writes weeks alone).
    public static func parse(_ text: String) -> Result<ICalDuration, ICalDurationError> {
        var scalars = Array(text.uppercased().unicodeScalars)
        var sign = 1
        if let first = scalars.first, first == "+" || first == "-" {
            sign = first == "-" ? -1 : 1
            scalars.removeFirst()
        }
        guard scalars.first == "P" else { return .failure(.notADuration) }
        scalars.removeFirst()
        let order: [Unicode.Scalar] = ["W", "D", "T", "H", "M", "S"]
        var lastRank = -1
        var inTime = false
        var number: Int?
        var days = 0
        var seconds = 0
        var sawPart = false
        for scalar in scalars {
            if scalar.value >= 48 && scalar.value <= 57 {
                let digit = Int(scalar.value - 48)
                let (grown, overflow) = (number ?? 0).multipliedReportingOverflow(by: 10)
                guard !overflow, grown <= 100_000_000 else { return .failure(.tooLong) }
                number = grown + digit
                continue
            }
            guard let rank = order.firstIndex(of: scalar), rank > lastRank else { return .failure(.notADuration) }
            lastRank = rank
            if scalar == "T" {
                guard number == nil else { return .failure(.notADuration) }
                inTime = true
                continue
            }
            guard let value = number, inTime == (rank >= 3) else { return .failure(.notADuration) }
            switch scalar {
            case "W": days += value * 7
            case "D": days += value
            case "H": seconds += value * 3600
            case "M": seconds += value * 60
            default: seconds += value
            }
            sawPart = true
            number = nil
        }
        guard sawPart, number == nil else { return .failure(.notADuration) }
        return .success(ICalDuration(days: sign * days, seconds: sign * seconds))
    }
}

/// Why a text is not a duration.
public enum ICalDurationError: Error, Sendable, Hashable {
    case notADuration
    case tooLong

    /// Follows the quoted text: "DURATION '1h30' is not an iCalendar duration".
    var phrase: String {
        switch self {
        case .notADuration: "is not an iCalendar duration"
        case .tooLong: "is too long to be an event duration"
        }
    }

    static let help = "write durations like PT1H30M (1 h 30 min), PT45M, P1D (one day) or P1W"
}
