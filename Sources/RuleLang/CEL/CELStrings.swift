import Foundation

/// String functions: `size`, `contains`, `startsWith`, `endsWith`, `matches`. CEL strings
/// are sequences of code points, so everything here works on UTF-8 bytes (same order as
/// code points) rather than on Swift's grapheme clusters, which would treat `"é"` and
/// `"e\u{301}"` as equal. `matches` uses `NSRegularExpression` as an unanchored search,
/// like RE2's partial match; compiled patterns are cached.
enum CELStrings {
    /// Equality by code points.
    static func sameCodePoints(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in b.withUTF8 { y in sameBytes(x, y) } }
    }

    /// Code-point order (which is UTF-8 byte order).
    static func compareCodePoints(_ a: String, _ b: String) -> CELOrdering {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                if sameBytes(x, y) { return .equal }
                return x.lexicographicallyPrecedes(y) ? .less : .greater
            }
        }
    }

    private static func sameBytes(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        guard x.count == y.count else { return false }
        guard let a = x.baseAddress, let b = y.baseAddress else { return true }
        return memcmp(a, b, x.count) == 0
    }

    /// Number of code points.
    static func length(_ text: String) -> Int64 {
        Int64(text.unicodeScalars.count)
    }

    static func size(_ value: Value) throws(CELEvalError) -> Value {
        switch value {
        case .string(let text): return .int(length(text))
        case .bytes(let bytes): return .int(Int64(bytes.count))
        case .list(let items): return .int(Int64(items.count))
        case .map(let map): return .int(Int64(map.count))
        default: throw .noFunction("size", [value])
        }
    }

    static func contains(_ target: Value, _ argument: Value) throws(CELEvalError) -> Value {
        guard case .string(let text) = target, case .string(let part) = argument else {
            throw .noMethod("contains", on: target, [argument])
        }
        var haystack = text
        var needle = part
        return .bool(haystack.withUTF8 { h in needle.withUTF8 { n in find(n, in: h) } })
    }

    static func startsWith(_ target: Value, _ argument: Value) throws(CELEvalError) -> Value {
        guard case .string(let text) = target, case .string(let prefix) = argument else {
            throw .noMethod("startsWith", on: target, [argument])
        }
        var whole = text
        var start = prefix
        return .bool(whole.withUTF8 { bytes in
            start.withUTF8 { part in
                part.count <= bytes.count && sameBytes(UnsafeBufferPointer(rebasing: bytes.prefix(part.count)), part)
            }
        })
    }

    static func endsWith(_ target: Value, _ argument: Value) throws(CELEvalError) -> Value {
        guard case .string(let text) = target, case .string(let suffix) = argument else {
            throw .noMethod("endsWith", on: target, [argument])
        }
        var whole = text
        var end = suffix
        return .bool(whole.withUTF8 { bytes in
            end.withUTF8 { part in
                part.count <= bytes.count && sameBytes(UnsafeBufferPointer(rebasing: bytes.suffix(part.count)), part)
            }
        })
    }

    static func matches(_ target: Value, _ pattern: Value) throws(CELEvalError) -> Value {
        guard case .string(let text) = target, case .string(let source) = pattern else {
            throw .noFunction("matches", [target, pattern])
        }
        return .bool(matches(text, try CELRegexCache.shared.regex(source)))
    }

    static func matches(_ text: String, _ regex: CELRegex) -> Bool {
        let range = NSRange(location: 0, length: text.utf16.count)
        return regex.expression.firstMatch(in: text, options: [], range: range) != nil
    }

    /// Naive byte search; patterns in rules are short.
    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > haystack.count { return false }
        let first = needle[0]
        var start = 0
        while start <= haystack.count - needle.count {
            if haystack[start] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[start + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return true }
            }
            start += 1
        }
        return false
    }
}

/// A compiled regular expression. `NSRegularExpression` is immutable once built, so sharing
/// it between evaluations (and threads) is safe.
struct CELRegex: @unchecked Sendable {
    let expression: NSRegularExpression

    /// Compiles an RE2-style pattern; the error names the pattern for the admin.
    init(_ pattern: String) throws(CELEvalError) {
        do {
            // ICU rejects the empty pattern, which RE2 accepts (it matches everywhere).
            expression = try NSRegularExpression(pattern: pattern.isEmpty ? "(?:)" : pattern, options: [])
        } catch {
            throw .failure("'\(pattern)' is not a valid regular expression")
        }
    }
}

/// Compiled patterns by source text, for `matches` calls whose pattern is only known at
/// run time (a constant pattern is compiled once when the program is planned).
final class CELRegexCache: @unchecked Sendable {
    static let shared = CELRegexCache()
    private let lock = NSLock()
    private var compiled: [String: CELRegex] = [:]
    /// Beyond this many patterns the cache starts over rather than grow without bound.
    private let limit = 256

    func regex(_ pattern: String) throws(CELEvalError) -> CELRegex {
        lock.lock()
        if let cached = compiled[pattern] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let regex = try CELRegex(pattern)
        lock.lock()
        if compiled.count >= limit { compiled.removeAll() }
        compiled[pattern] = regex
        lock.unlock()
        return regex
    }
}
