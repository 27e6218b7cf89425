import Testing
@testable import Connectors

@Suite struct FormDecodingTests {
    private func pairs(_ fields: [(name: String, value: String)]?) -> [String]? {
        fields?.map { "\($0.name)=\($0.value)" }
    }

    @Test(arguments: [
        ("a=1&b=deux+mots", ["a=1", "b=deux mots"]),
        ("nom=%C3%89lise&tel=%2B33612345678", ["nom=Élise", "tel=+33612345678"]),
        ("flag&x=", ["flag=", "x="]),
        ("a=1&&b=2&", ["a=1", "b=2"]),
        ("", []),
        ("=v", ["=v"]),
        ("a=x%3Dy%26z", ["a=x=y&z"]),
        ("a=%2b%2B", ["a=++"]),
        ("a=1&a=2", ["a=1", "a=2"]),
    ])
    func decodesFormBodies(body: String, expected: [String]) {
        #expect(pairs(FormDecoding.decode(Array(body.utf8))) == expected)
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "a=%C3", "%FF=1", "a=%C3%28", "a=%ED%A0%80"])
    func malformedBodiesAreRefused(body: String) {
        #expect(FormDecoding.decode(Array(body.utf8)) == nil)
    }

    @Test func rawInvalidUTF8IsRefused() {
        #expect(FormDecoding.decode([0x61, 0x3D, 0xFF, 0xFE]) == nil)
    }

    @Test func valueFindsTheFirstField() throws {
        let fields = try #require(FormDecoding.decode(Array("choix=oui&choix=non".utf8)))
        #expect(FormDecoding.value("choix", in: fields) == "oui")
        #expect(FormDecoding.value("absent", in: fields) == nil)
    }

    @Test func queryStringAcceptsALeadingQuestionMark() {
        #expect(pairs(QueryString.parse("?date=2026-11-25&personnes=2")) == ["date=2026-11-25", "personnes=2"])
        #expect(pairs(QueryString.parse("q=caf%C3%A9+cr%C3%A8me")) == ["q=café crème"])
        #expect(QueryString.parse("?q=%G1") == nil)
        #expect(pairs(QueryString.parse("")) == [])
    }

    /// Fuzz finding (`form`): `?` then a combining mark is one Character, so the leading `?`
    /// was not seen and stayed in the first parameter's name.
    @Test(arguments: ["\u{0301}a=1", "\u{302F}\u{0}6+78&2"])
    func queryStringDropsTheQuestionMarkBeforeACombiningMark(query: String) {
        #expect(pairs(QueryString.parse("?" + query)) == pairs(FormDecoding.decode(Array(query.utf8))))
        #expect(QueryString.parse("?\u{0301}a=1")?.first?.name == "\u{0301}a")
    }
}
