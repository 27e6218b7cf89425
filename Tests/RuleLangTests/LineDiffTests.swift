/// The line diff behind the rules editor's version history: the script rebuilds both texts,
/// it is as short as a longest common subsequence allows (checked against a plain dynamic
/// programme on seeded random texts), and hunks number their lines like `diff -u`.
import Testing
@testable import RuleLang

@Suite("Line diff")
struct LineDiffTests {
    /// A small deterministic generator (64-bit LCG), so every run tests the same cases.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }

    /// The length of a longest common subsequence, by the textbook table.
    static func lcsLength(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0..<a.count {
            for j in 0..<b.count {
                table[i + 1][j + 1] = a[i] == b[j] ? table[i][j] + 1 : max(table[i][j + 1], table[i + 1][j])
            }
        }
        return table[a.count][b.count]
    }

    @Test("applying the diff to the old text gives the new one, with a minimal script", arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func property(seed: UInt64) {
        var random = Generator(state: seed)
        for _ in 0..<200 {
            // Few distinct lines, so texts share many lines in many orders.
            let alphabet = ["a", "b", "c", "d", "}", ""]
            let old = (0..<random.next(25)).map { _ in alphabet[random.next(alphabet.count)] }
            var new = old
            for _ in 0..<random.next(8) {
                switch random.next(3) {
                case 0 where !new.isEmpty: new.remove(at: random.next(new.count))
                case 1: new.insert(alphabet[random.next(alphabet.count)], at: random.next(new.count + 1))
                default: if !new.isEmpty { new[random.next(new.count)] = alphabet[random.next(alphabet.count)] }
                }
            }
            let script = LineDiff.diff(old, new)
            #expect(LineDiff.apply(script, to: old) == new)
            let same = script.filter { if case .same = $0 { return true } else { return false } }.count
            #expect(same == Self.lcsLength(old, new), "old \(old) new \(new)")
        }
    }

    @Test("identical texts give no change and no hunk")
    func identical() {
        let script = LineDiff.diff("a\nb\n", "a\nb\n")
        let counts = LineDiff.counts(script)
        #expect(counts.added == 0 && counts.removed == 0)
        #expect(LineDiff.hunks(script).isEmpty)
    }

    @Test("a one-line change far from others gives one hunk with three lines of context and diff -u numbers")
    func hunk() {
        let old = (1...20).map { "line \($0)" }
        var new = old
        new[9] = "changed"
        let hunks = LineDiff.hunks(LineDiff.diff(old, new))
        #expect(hunks.count == 1)
        #expect(hunks[0].header == "@@ -7,7 +7,7 @@")
        #expect(hunks[0].lines[3] == .removed("line 10") && hunks[0].lines[4] == .added("changed"))
    }

    @Test("changes far apart make separate hunks; a pure insertion at the top counts from line 0 in the old text")
    func separateHunks() {
        let old = (1...30).map { "l\($0)" }
        var new = old
        new[25] = "x"
        new.insert("top", at: 0)
        let hunks = LineDiff.hunks(LineDiff.diff(old, new))
        #expect(hunks.count == 2)
        #expect(hunks[0].header == "@@ -1,3 +1,4 @@")
        #expect(hunks[1].lines.contains(.removed("l26")))
        #expect(LineDiff.hunks(LineDiff.diff([], ["only"])).first?.header == "@@ -0,0 +1,1 @@")
    }

    @Test("a script that does not fit the old text is refused")
    func applyRefuses() {
        #expect(LineDiff.apply([.same("x")], to: ["y"]) == nil)
        #expect(LineDiff.apply([.same("x")], to: ["x", "y"]) == nil)
    }
}
