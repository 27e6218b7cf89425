/// The byte-wise marker search and replace must give what Foundation's `replacingOccurrences`
/// gave for the SMS texts' markers, over seeded random texts mixing ASCII and French letters.
import Foundation
import Runtime
import Testing
@testable import Connectors

@Suite struct ASCIISearchTests {
    static let pieces = ["/o/", "/waitlist/", "abc", "/o/abc/", "é", "’", "🙂", " ", "\n", "Bonjour ", "oui", "/", "a"]

    static func text(_ random: inout SplitMix64) -> String {
        (0..<Int.random(in: 0...14, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func replacesLikeFoundation(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<500 {
            let text = Self.text(&random)
            for needle in ["/o/abc/", "/waitlist/", "abc", "é"] where needle.utf8.allSatisfy({ $0 < 0x80 }) {
                let expected = text.contains(needle) ? text.replacingOccurrences(of: needle, with: "[X]") : nil
                #expect(ASCIISearch.replacingAll(needle, with: "[X]", in: text) == expected, "\(text.debugDescription) / \(needle)")
            }
        }
    }

    @Test func masksEveryLinkSecret() {
        let text = "Bonjour ! Votre place : https://x.fr/waitlist/AbCdEfGh123 ; Oui : https://x.fr/o/ZyXw987/oui /o/ab"
        #expect(LinkRedaction.mask(text) == "Bonjour ! Votre place : https://x.fr/waitlist/AbCd… ; Oui : https://x.fr/o/ZyXw…/oui /o/ab")
        #expect(LinkRedaction.mask("sans lien, déjà") == "sans lien, déjà")
    }
}
