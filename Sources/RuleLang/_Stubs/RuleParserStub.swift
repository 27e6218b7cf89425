import Foundation

/// TEMP stand-in for the `rules-syntax` branch's parser: just enough of the rule syntax
/// to exercise the checker before the real parser lands. No trivia, crude recovery.
public enum RuleFormatter {
    public static func format(_ file: RuleFile) -> String? { nil }
}

public enum RuleParser {
    public static func parse(_ file: SourceFile) -> RuleFile {
        var parser = StubParser(file: file)
        let items = parser.items(topLevel: true)
        return RuleFile(source: file, items: items, trailingComments: [], diagnostics: parser.diagnostics)
    }
}

private struct StubParser {
    let file: SourceFile
    var bytes: [UInt8] { file.bytes }
    var offset = 0
    var diagnostics: [Diagnostic] = []

    init(file: SourceFile) { self.file = file }

    func peek(_ n: Int = 0) -> UInt8? { offset + n < bytes.count ? bytes[offset + n] : nil }

    mutating func skipTrivia() {
        while let b = peek() {
            if b == 32 || b == 9 || b == 10 || b == 13 || b == UInt8(ascii: ";") { offset += 1 }
            else if b == UInt8(ascii: "#") { while let c = peek(), c != 10 { offset += 1 } }
            else { break }
        }
    }

    mutating func skipSpaces() { while let b = peek(), b == 32 || b == 9 { offset += 1 } }

    static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95
    }

    mutating func name() -> RuleName? {
        let start = offset
        while let b = peek(), Self.isNameByte(b) { offset += 1 }
        guard offset > start else { return nil }
        return RuleName(text: String(decoding: bytes[start..<offset], as: UTF8.self), range: SourceRange(start: start, end: offset))
    }

    mutating func items(topLevel: Bool) -> [RuleItem] {
        var items: [RuleItem] = []
        while true {
            skipTrivia()
            guard let b = peek() else { return items }
            if b == UInt8(ascii: "}") {
                if topLevel {
                    diagnostics.append(.error("unexpected '}'", at: SourceRange(start: offset, end: offset + 1)))
                    offset += 1
                    continue
                }
                return items
            }
            let start = offset
            guard let key = name() else {
                diagnostics.append(.error("expected a name", at: SourceRange(start: offset, end: offset + 1)))
                while let c = peek(), c != 10 { offset += 1 }
                continue
            }
            skipSpaces()
            if peek() == UInt8(ascii: "=") {
                offset += 1
                skipSpaces()
                let value = self.value()
                items.append(.setting(RuleSetting(key: key, value: value, range: SourceRange(start: start, end: value.range.end), trivia: RuleTrivia())))
                continue
            }
            var label: RuleLabel?
            if peek() == UInt8(ascii: "\"") {
                let ls = offset
                offset += 1
                while let c = peek(), c != UInt8(ascii: "\"") { offset += 1 }
                offset += 1
                label = RuleLabel(text: String(decoding: bytes[(ls + 1)..<(offset - 1)], as: UTF8.self), range: SourceRange(start: ls, end: offset), quoted: true)
            } else if let n = name() {
                label = RuleLabel(text: n.text, range: n.range, quoted: false)
            }
            skipSpaces()
            guard peek() == UInt8(ascii: "{") else {
                diagnostics.append(.error("expected '=' or '{' after '\(key.text)'", at: .point(offset)))
                while let c = peek(), c != 10 { offset += 1 }
                continue
            }
            offset += 1
            let inner = self.items(topLevel: false)
            skipTrivia()
            var closed = false
            if peek() == UInt8(ascii: "}") { offset += 1; closed = true } else {
                diagnostics.append(.error("block '\(key.text)' is never closed", at: key.range))
            }
            items.append(.block(RuleBlock(keyword: key, label: label, items: inner, range: SourceRange(start: start, end: offset),
                                          isClosed: closed, trivia: RuleTrivia(), innerTrailingComments: [])))
        }
    }

    mutating func value() -> RuleValue {
        let start = offset
        // Literal candidate: a bracketed list (may span lines) or the rest of the line.
        var end = start
        if peek() == UInt8(ascii: "[") {
            var depth = 0
            var i = start
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "[") { depth += 1 }
                if bytes[i] == UInt8(ascii: "]") { depth -= 1; if depth == 0 { i += 1; break } }
                i += 1
            }
            end = i
        } else {
            var i = start
            while i < bytes.count, bytes[i] != 10, bytes[i] != UInt8(ascii: "#"), bytes[i] != UInt8(ascii: ";"), bytes[i] != UInt8(ascii: "}") { i += 1 }
            end = i
        }
        while end > start, bytes[end - 1] == 32 || bytes[end - 1] == 9 || bytes[end - 1] == 13 { end -= 1 }
        let text = String(decoding: bytes[start..<end], as: UTF8.self)
        if let literal = StubLiteral.parse(text, at: start) {
            let cel = CELParser.parseEmbedded(file, start: start)
            offset = end
            return RuleValue(range: SourceRange(start: start, end: end), literal: literal,
                             expression: cel.end == end ? cel.expr : nil, expressionDiagnostics: [])
        }
        let cel = CELParser.parseEmbedded(file, start: start)
        var stop = max(cel.end, start)
        if cel.expr == nil {
            // Skip the rest of the line on error.
            stop = max(stop, end)
        }
        offset = stop
        return RuleValue(range: SourceRange(start: start, end: stop), literal: nil, expression: cel.expr, expressionDiagnostics: cel.diagnostics)
    }
}

private enum StubLiteral {
    static func parse(_ text: String, at start: Int) -> RuleLiteral? {
        let range = SourceRange(start: start, end: start + text.utf8.count)
        if text.hasPrefix("[") && text.hasSuffix("]") {
            let inner = String(text.dropFirst().dropLast())
            var items: [RuleLiteral] = []
            var position = start + 1
            for part in inner.split(separator: ",", omittingEmptySubsequences: false) {
                let raw = String(part)
                let leading = raw.prefix { $0 == " " || $0 == "\n" || $0 == "\t" }.utf8.count
                let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty {
                    guard let item = parse(trimmed, at: position + leading), item.kind != .list([]) else { return nil }
                    if case .list = item.kind { return nil }
                    items.append(item)
                }
                position += raw.utf8.count + 1
            }
            return RuleLiteral(kind: .list(items), range: range)
        }
        if let d = duration(text) { return RuleLiteral(kind: .duration(milliseconds: d), range: range) }
        if let t = time(text) { return RuleLiteral(kind: .timeOfDay(minutes: t), range: range) }
        for sep in ["-", "..", "–"] {
            let parts = text.components(separatedBy: sep)
            if parts.count == 2, let a = time(parts[0]), let b = time(parts[1]), a < 1440 {
                return RuleLiteral(kind: .timeRange(from: a, to: b), range: range)
            }
        }
        let dateParts = text.split(separator: "-")
        if dateParts.count == 3, dateParts[0].count == 4, let y = Int(dateParts[0]), let m = Int(dateParts[1]), let d = Int(dateParts[2]) {
            guard RuleSet.CalendarDate(year: y, month: m, day: d).isValid else { return nil }
            return RuleLiteral(kind: .date(year: y, month: m, day: d), range: range)
        }
        if let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic),
           text.unicodeScalars.allSatisfy({ $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || $0.properties.numericType != nil) }),
           !["true", "false", "null"].contains(text) {
            return RuleLiteral(kind: .symbol(text), range: range)
        }
        return nil
    }

    static func time(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), m < 60, h <= 24, h < 24 || m == 0 else { return nil }
        return h * 60 + m
    }

    static func duration(_ text: String) -> Int64? {
        let units: [(String, Int64)] = [("d", 86_400_000), ("h", 3_600_000), ("ms", 1), ("m", 60_000), ("s", 1000)]
        var rest = Substring(text)
        var total: Int64 = 0
        var lastRank = -1
        guard !rest.isEmpty else { return nil }
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, let n = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let (unit, size) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
            let rank = ["d", "h", "m", "s", "ms"].firstIndex(of: unit)!
            guard rank > lastRank else { return nil }
            lastRank = rank
            rest = rest.dropFirst(unit.count)
            total += n * size
        }
        return total
    }
}
