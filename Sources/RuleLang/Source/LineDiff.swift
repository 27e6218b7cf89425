/// Line diffs of two texts, for the dashboard's rule versions (what changed between two
/// saves, and what changed under an admin's feet on a stale save). Myers' O(ND) algorithm
/// ("An O(ND) Difference Algorithm and Its Variations", 1986) after trimming the common
/// prefix and suffix, so a one-line edit of a long file costs almost nothing; the result is
/// a shortest edit script, grouped into unified-diff hunks for display.

/// A line diff.
public enum LineDiff {
    /// One line of an edit script.
    public enum Line: Sendable, Hashable {
        /// In both texts.
        case same(String)
        /// Only in the old text.
        case removed(String)
        /// Only in the new text.
        case added(String)

        /// The line's text.
        public var text: String {
            switch self { case .same(let text), .removed(let text), .added(let text): text }
        }
    }

    /// A run of changes with up to `context` unchanged lines around it, as in `diff -u`.
    public struct Hunk: Sendable, Hashable {
        /// 1-based first line in the old text (0 when the hunk covers no old line).
        public var oldStart: Int
        /// How many old lines the hunk covers.
        public var oldCount: Int
        /// 1-based first line in the new text (0 when the hunk covers no new line).
        public var newStart: Int
        /// How many new lines the hunk covers.
        public var newCount: Int
        /// The lines, in order.
        public var lines: [Line]

        /// The `@@ -1,3 +1,4 @@` header.
        public var header: String { "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@" }
    }

    /// The lines of `text`, split on LF (a final LF gives a last empty line, so joining the
    /// lines with LF gives the text back).
    public static func lines(of text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    /// A shortest edit script turning the lines of `old` into those of `new`.
    public static func diff(_ old: String, _ new: String) -> [Line] {
        diff(lines(of: old), lines(of: new))
    }

    /// A shortest edit script turning `old` into `new`: its `.same` and `.removed` lines are
    /// `old`, its `.same` and `.added` lines are `new`, and it has as few changes as possible.
    public static func diff(_ old: [String], _ new: [String]) -> [Line] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix,
              old[old.count - 1 - suffix] == new[new.count - 1 - suffix] { suffix += 1 }
        let middle = myers(Array(old[prefix..<(old.count - suffix)]), Array(new[prefix..<(new.count - suffix)]))
        return old[..<prefix].map(Line.same) + middle + old[(old.count - suffix)...].map(Line.same)
    }

    /// Lines added and removed by an edit script.
    public static func counts(_ script: [Line]) -> (added: Int, removed: Int) {
        var added = 0, removed = 0
        for line in script {
            switch line {
            case .added: added += 1
            case .removed: removed += 1
            case .same: break
            }
        }
        return (added, removed)
    }

    /// Applies an edit script to `old`: the new lines, or nil when the script does not fit
    /// `old` (a kept or removed line that is not there).
    public static func apply(_ script: [Line], to old: [String]) -> [String]? {
        var result: [String] = []
        var index = 0
        for line in script {
            switch line {
            case .same(let text), .removed(let text):
                guard index < old.count, old[index] == text else { return nil }
                index += 1
                if case .same = line { result.append(text) }
            case .added(let text):
                result.append(text)
            }
        }
        return index == old.count ? result : nil
    }

    /// The changes of `script` grouped into hunks with `context` unchanged lines around
    /// each; hunks closer than twice the context merge. No changes, no hunks.
    public static func hunks(_ script: [Line], context: Int = 3) -> [Hunk] {
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        guard let firstChange = changed.first else { return [] }
        // Ranges of script indices to show, merged when their context overlaps or touches.
        var ranges: [ClosedRange<Int>] = []
        var start = max(0, firstChange - context), end = min(script.count - 1, firstChange + context)
        for index in changed.dropFirst() {
            if index - context <= end + 1 {
                end = min(script.count - 1, index + context)
            } else {
                ranges.append(start...end)
                start = max(0, index - context)
                end = min(script.count - 1, index + context)
            }
        }
        ranges.append(start...end)
        // Old and new line numbers at each script index.
        var oldLine = 1, newLine = 1
        var positions: [(old: Int, new: Int)] = []
        positions.reserveCapacity(script.count)
        for line in script {
            positions.append((oldLine, newLine))
            switch line {
            case .same: oldLine += 1; newLine += 1
            case .removed: oldLine += 1
            case .added: newLine += 1
            }
        }
        return ranges.map { range in
            let lines = Array(script[range])
            let (added, removed) = counts(lines)
            let oldCount = lines.count - added, newCount = lines.count - removed
            let position = positions[range.lowerBound]
            return Hunk(oldStart: oldCount == 0 ? position.old - 1 : position.old, oldCount: oldCount,
                        newStart: newCount == 0 ? position.new - 1 : position.new, newCount: newCount, lines: lines)
        }
    }

    /// Myers' greedy forward search, keeping each round's frontier to walk the path back.
    /// Memory is O(D²) for D changes: small for the edits of a rule file.
    static func myers(_ a: [String], _ b: [String]) -> [Line] {
        let n = a.count, m = b.count
        if n == 0 { return b.map(Line.added) }
        if m == 0 { return a.map(Line.removed) }
        let limit = n + m
        let offset = limit + 1
        var frontier = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d] is the frontier before round d, restricted to diagonals -d...d.
        var trace: [[Int]] = []
        search: for d in 0...limit {
            trace.append(Array(frontier[(offset - d)...(offset + d)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x = (k == -d || (k != d && frontier[offset + k - 1] < frontier[offset + k + 1]))
                    ? frontier[offset + k + 1] : frontier[offset + k - 1] + 1
                var y = x - k
                while x < n, y < m, a[x] == b[y] { x += 1; y += 1 }
                frontier[offset + k] = x
                if x >= n, y >= m { break search }
            }
        }
        var script: [Line] = []
        var x = n, y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let before = trace[d]
            func at(_ k: Int) -> Int { before[k + d] }
            let k = x - y
            let previousK = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? k + 1 : k - 1
            let previousX = d == 0 ? 0 : at(previousK)
            let previousY = previousX - previousK
            while x > previousX, y > max(previousY, 0) {
                script.append(.same(a[x - 1]))
                x -= 1
                y -= 1
            }
            guard d > 0 else { break }
            if x == previousX {
                script.append(.added(b[y - 1]))
                y -= 1
            } else {
                script.append(.removed(a[x - 1]))
                x -= 1
            }
        }
        return script.reversed()
    }
}
