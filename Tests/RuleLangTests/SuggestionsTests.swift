import Testing
@testable import RuleLang

@Test func suggestsCloseTypo() {
    #expect(Suggestions.closest(to: "ofer_timeout", among: ["timeout", "offer_timeout", "strategy"]) == "offer_timeout")
    #expect(Suggestions.closest(to: "timezon", among: ["timezone", "name"]) == "timezone")
}

@Test func ignoresUnrelatedNames() {
    #expect(Suggestions.closest(to: "banana", among: ["timezone", "name"]) == nil)
}

@Test func transpositionIsOneEdit() {
    #expect(Suggestions.editDistance(Array("ab".unicodeScalars), Array("ba".unicodeScalars)) == 1)
}
