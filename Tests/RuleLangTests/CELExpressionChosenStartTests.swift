/// `requiresChosenStart`: which `match` rules can only hold for a start the entry ticked —
/// the engine then skips free slots nobody chose without evaluating `match` per entry.
import Testing
@testable import RuleLang

@Suite("match requires a chosen start")
struct CELExpressionChosenStartTests {
    static func expression(_ source: String) throws -> CELExpression {
        let (_, parsed) = CELParser.parse(source)
        return CELExpression(expr: try #require(parsed.expr), type: .bool, source: source)
    }

    @Test(arguments: [
        ("slot.start in entry.slots", true),
        ("slot.start in entry.slots && entry.party_size <= slot.free", true),
        ("entry.party_size <= slot.free && slot.start in entry.slots", true),
        ("entry.visits > 1 && (slot.start in entry.slots && entry.party_size <= slot.free)", true),
        ("slot.start in entry.slots || entry.visits > 5", false),
        ("!(slot.start in entry.slots)", false),
        ("entry.party_size <= slot.free", false),
        ("entry.slots.exists(s, s == slot.start)", false),
        ("slot.end in entry.slots", false),
        ("true", false),
    ])
    func recognises(_ source: String, _ expected: Bool) throws {
        #expect(try Self.expression(source).requiresChosenStart == expected, "\(source)")
    }
}
