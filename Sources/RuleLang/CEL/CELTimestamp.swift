/// CEL timestamps: an instant as seconds and nanoseconds since the Unix epoch (UTC), limited
/// to the years 0001-9999 as in `google.protobuf.Timestamp`. Parsing and printing follow
/// RFC 3339; civil-date arithmetic is done here (proleptic Gregorian calendar, Howard
/// Hinnant's algorithms) so accessors need no `Calendar`.
public struct CELTimestamp: Sendable, Hashable, Comparable {
    /// Seconds since 1970-01-01T00:00:00Z.
    public let seconds: Int64
    /// Nanoseconds within the second, 0 ..< 1_000_000_000.
    public let nanos: Int32

    /// 0001-01-01T00:00:00Z.
    public static let minSeconds: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z.
    public static let maxSeconds: Int64 = 253_402_300_799

    /// A timestamp; nil when it falls outside 0001-01-01 ... 9999-12-31. `nanos` may be any
    /// value and is carried into `seconds`.
    public init?(seconds: Int64, nanos: Int64 = 0) {
        var whole = seconds
        var fraction = nanos
        // Time arithmetic mostly yields nanos already in range: carry only when needed.
        if fraction < 0 || fraction >= 1_000_000_000 {
            let (carry, remainder) = nanos.quotientAndRemainder(dividingBy: 1_000_000_000)
            var sum = seconds.addingReportingOverflow(carry)
            if sum.overflow { return nil }
            fraction = remainder
            if fraction < 0 {
                fraction += 1_000_000_000
                sum = sum.partialValue.subtractingReportingOverflow(1)
                if sum.overflow { return nil }
            }
            whole = sum.partialValue
        }
        guard whole >= Self.minSeconds, whole <= Self.maxSeconds else { return nil }
        self.seconds = whole
        self.nanos = Int32(fraction)
    }

    public static func < (a: CELTimestamp, b: CELTimestamp) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }

    // MARK: - RFC 3339

    /// Parses `2025-01-18T19:30:00Z`, `2025-01-18T20:30:00.5+01:00` and the like: a date, `T`,
    /// a time with up to 9 fractional digits, and `Z` or a numeric offset.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        var position = 0
        func number(_ width: Int) -> Int64? {
            guard position + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[position..<position + width] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            position += width
            return value
        }
        func expect(_ characters: String) -> Bool {
            guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return false }
            position += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              expect("Tt"), let hour = number(2), expect(":"), let minute = number(2), expect(":"),
              let second = number(2) else { return nil }
        guard year >= 1, (1...12).contains(month), day >= 1, day <= CELCivil.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second < 60 else { return nil }
        var nanos: Int64 = 0
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            var digits = 0
            while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
                guard digits < 9 else { return nil }
                nanos = nanos * 10 + Int64(bytes[position] - 0x30)
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<9 { nanos *= 10 }
        }
        var offset: Int64 = 0
        if expect("Zz") {
            offset = 0
        } else if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
            let sign: Int64 = bytes[position] == UInt8(ascii: "-") ? -1 : 1
            position += 1
            guard let offsetHours = number(2), expect(":"), let offsetMinutes = number(2),
                  offsetHours < 24, offsetMinutes < 60 else { return nil }
            offset = sign * (offsetHours * 3600 + offsetMinutes * 60)
        } else {
            return nil
        }
        guard position == bytes.count else { return nil }
        let days = CELCivil.days(year: year, month: month, day: day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + second
        self.init(seconds: local - offset, nanos: nanos)
    }

    /// RFC 3339 in UTC with `Z`, fractional seconds only when non-zero and without trailing
    /// zeros (Go's `RFC3339Nano`, which cel-go's `string(timestamp)` uses).
    public var rfc3339: String {
        let days = CELCivil.floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let date = CELCivil.date(fromDays: days)
        var text = CELCivil.pad(date.year, 4) + "-" + CELCivil.pad(date.month, 2) + "-" + CELCivil.pad(date.day, 2)
        text += "T" + CELCivil.pad(secondOfDay / 3600, 2) + ":" + CELCivil.pad(secondOfDay / 60 % 60, 2)
        text += ":" + CELCivil.pad(secondOfDay % 60, 2)
        text += CELCivil.fraction(nanos)
        return text + "Z"
    }
}

/// Proleptic Gregorian calendar arithmetic on day counts since 1970-01-01.
enum CELCivil {
    /// Days since 1970-01-01 of a civil date (Hinnant's `days_from_civil`).
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day count (Hinnant's `civil_from_days`); month and day 1-based.
    static func date(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `.5`, `.123456789` for non-zero nanoseconds (trailing zeros dropped), else "".
    static func fraction(_ nanos: Int32) -> String {
        guard nanos != 0 else { return "" }
        var digits = pad(Int64(nanos), 9)
        while digits.hasSuffix("0") { digits.removeLast() }
        return "." + digits
    }
}
