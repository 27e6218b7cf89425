/// Reads rule literals out of plain text, for the checker's help messages: when an admin
/// writes `timeout = "15m"` the checker wants to know the quoted text is a good duration
/// ("remove the quotes"), and when a list fails to parse it wants to point at the item
/// that is wrong (`2025-02-30`). The parser proper reads literals from the file.
enum LiteralTextReader {
    /// `1h30m` → 5 400 000; nil unless units d h m s ms appear largest first, once each.
    static func duration(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("d", 86_400_000), ("h", 3_600_000), ("ms", 1), ("m", 60_000), ("s", 1000)]
        let order = ["d", "h", "m", "s", "ms"]
        var rest = Substring(text)
        var total: Int64 = 0
        var lastRank = -1
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let count = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (unit, size) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            let rank = order.firstIndex(of: unit)!
            guard rank > lastRank else { return nil }
            lastRank = rank
            rest = rest.dropFirst(unit.count)
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { return nil }
            total += product
        }
        return total
    }

    /// `9:05` → 545; `24:00` → 1440.
    static func timeOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let hours = Int(parts[0]), let minutes = Int(parts[1]), minutes < 60,
              hours < 24 || (hours == 24 && minutes == 0) else { return nil }
        return hours * 60 + minutes
    }

    /// `12:00-14:30` (or `..`, or an en dash).
    static func timeRange(_ text: String) -> RuleSet.TimeRange? {
        for separator in ["..", "–", "-"] {
            let parts = text.components(separatedBy: separator)
            if parts.count == 2, let start = timeOfDay(parts[0].trimmed), let end = timeOfDay(parts[1].trimmed), start < 1440 {
                return RuleSet.TimeRange(start: start, end: end)
            }
        }
        return nil
    }

    /// `2025-12-25` split into numbers, without checking the date exists.
    static func dateParts(_ text: String) -> RuleSet.CalendarDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return nil }
        return RuleSet.CalendarDate(year: year, month: month, day: day)
    }

    /// The items of a bracketed list as written, with their file ranges: `[a, "b", 2025-02-30]`.
    /// Splits on top-level commas only; nil when `text` is not bracketed.
    static func listItems(_ text: String, at offset: Int) -> [(text: String, range: SourceRange)]? {
        var bytes = Array(text.utf8)
        blankComments(&bytes)
        guard bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]"), bytes.count >= 2 else { return nil }
        var items: [(text: String, range: SourceRange)] = []
        var depth = 0
        var quote: UInt8?
        var itemStart = 1
        func flush(_ end: Int) {
            var start = itemStart
            var stop = end
            while start < stop, isSpace(bytes[start]) { start += 1 }
            while stop > start, isSpace(bytes[stop - 1]) { stop -= 1 }
            if stop > start {
                items.append((String(decoding: bytes[start..<stop], as: UTF8.self), SourceRange(start: offset + start, end: offset + stop)))
            }
        }
        for index in 1..<(bytes.count - 1) {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = byte
            case UInt8(ascii: "["), UInt8(ascii: "("), UInt8(ascii: "{"): depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: ")"), UInt8(ascii: "}"): depth -= 1
            case UInt8(ascii: ",") where depth == 0:
                flush(index)
                itemStart = index + 1
            default: break
            }
        }
        flush(bytes.count - 1)
        return items
    }

    /// Replaces `#` comments (outside quotes) with spaces, keeping offsets.
    private static func blankComments(_ bytes: inout [UInt8]) {
        var quote: UInt8?
        var inComment = false
        for index in bytes.indices {
            let byte = bytes[index]
            if inComment {
                if byte == 10 { inComment = false } else { bytes[index] = 32 }
            } else if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "#") {
                inComment = true
                bytes[index] = 32
            }
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 13
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    fileprivate var trimmed: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars = scalars.dropFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
