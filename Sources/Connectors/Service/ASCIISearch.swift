/// Finding and replacing ASCII markers (`/waitlist/`, `/o/TOKEN/`) in SMS texts by their
/// UTF-8 bytes. Foundation's `contains`, `range(of:)` and `replacingOccurrences` bridge to
/// NSString and compare Unicode-aware; on every trigger that was a tenth of the handler's
/// time for texts of a few hundred bytes. An ASCII needle starts and ends on scalar
/// boundaries, so a byte match cuts the text where a character match would.
enum ASCIISearch {
    /// The first range of `needle` in `text`, or nil.
    static func firstRange(of needle: String, in text: Substring) -> Range<String.Index>? {
        let pattern = Array(needle.utf8)
        guard let head = pattern.first else { return nil }
        let bytes = text.utf8
        var index = bytes.startIndex
        while let found = bytes[index...].firstIndex(of: head) {
            var candidate = found
            var matched = 0
            while matched < pattern.count, candidate != bytes.endIndex, bytes[candidate] == pattern[matched] {
                candidate = bytes.index(after: candidate)
                matched += 1
            }
            if matched == pattern.count { return found..<candidate }
            index = bytes.index(after: found)
        }
        return nil
    }

    /// `text` with every occurrence of `needle` replaced by `replacement`; nil when there is none.
    static func replacingAll(_ needle: String, with replacement: String, in text: String) -> String? {
        var rest = Substring(text)
        guard var match = firstRange(of: needle, in: rest) else { return nil }
        var result = ""
        result.reserveCapacity(text.utf8.count + replacement.utf8.count)
        while true {
            result += rest[..<match.lowerBound]
            result += replacement
            rest = rest[match.upperBound...]
            guard let next = firstRange(of: needle, in: rest) else { break }
            match = next
        }
        result += rest
        return result
    }
}
