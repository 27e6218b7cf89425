/// The hand-written JSON of the API bodies and SMS lines must be the very bytes
/// `JSONSerialization` wrote before it: compared over seeded random objects.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite struct JSONObjectTextTests {
    /// Characters that need escaping, multi-byte ones, and plain ASCII.
    static let alphabet: [String] = ["a", "Z", "0", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}",
                                     "\u{1F}", "\u{7F}", "é", "’", "\u{2028}", "🙂", "e\u{301}", "+33"]

    static func randomString(_ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }.joined()
    }

    static func randomValue(_ random: inout SplitMix64, depth: Int) -> Any {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &random) {
        case 0: return randomString(&random)
        case 1: return Bool.random(using: &random)
        case 2: return Int.random(in: -1_000_000...1_000_000, using: &random)
        case 3: return Int64.random(in: Int64.min...Int64.max, using: &random)
        case 4: return NSNull()
        case 5: return randomObject(&random, depth: depth + 1)
        default: return (0..<Int.random(in: 0...4, using: &random)).map { _ in randomValue(&random, depth: depth + 1) }
        }
    }

    /// Keys as the API writes them: lower-case ASCII words joined by `_`.
    static func randomKey(_ random: inout SplitMix64) -> String {
        String((0..<Int.random(in: 1...8, using: &random)).map { _ in "abcxyz_".randomElement(using: &random)! })
    }

    static func randomObject(_ random: inout SplitMix64, depth: Int) -> [String: Any] {
        var object: [String: Any] = [:]
        for _ in 0..<Int.random(in: 0...6, using: &random) {
            object[randomKey(&random)] = randomValue(&random, depth: depth)
        }
        return object
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func sameBytesAsJSONSerialization(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        for _ in 0..<200 {
            let object = Self.randomObject(&random, depth: 0)
            let expected = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            let written = try #require(JSONText.sortedObject(object))
            #expect(written == String(decoding: expected, as: UTF8.self))
        }
    }

    @Test func declinesValuesItDoesNotWrite() {
        #expect(JSONText.sortedObject(["rate": 0.5]) == nil)
        #expect(JSONText.sortedObject(["nested": ["at": Date()]]) == nil)
        // JSONSerialization sorts keys by locale rules; the hand-written order is only the same for these keys.
        #expect(JSONText.sortedObject(["B": 1, "a": 2]) == nil)
        #expect(JSONText.sortedObject(["a10": 1, "a9": 2]) == nil)
        #expect(APIJSON.text(["rate": 0.5]) == #"{"rate":0.5}"#)
    }
}
