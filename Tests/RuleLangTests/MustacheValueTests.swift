/// The template data model: JSON bridging (booleans vs numbers, key order), the spec's
/// number formatting, and truthiness.
import Foundation
import Testing
@testable import RuleLang

@Suite struct MustacheValueTests {
    private func fromJSON(_ json: String) throws -> MustacheValue? {
        MustacheValue(jsonObject: try JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]))
    }

    @Test func jsonScalarsKeepTheirKinds() throws {
        #expect(try fromJSON("[true, false, 1, 0, 85, 1.21, null, \"x\"]")
            == [true, false, 1, 0, 85, 1.21, nil, "x"])
    }

    @Test func jsonObjectsHaveSortedKeys() throws {
        guard case .object(let object)? = try fromJSON("{\"b\": 1, \"a\": {\"c\": [2]}}") else {
            Issue.record("expected an object")
            return
        }
        #expect(object.keys == ["a", "b"])
        #expect(object["a"]?["c"] == [2])
    }

    @Test func unsupportedFoundationValuesAreRejected() {
        #expect(MustacheValue(jsonObject: Date()) == nil)
        #expect(MustacheValue(jsonObject: ["a": Date()]) == nil)
    }

    @Test func numberFormatting() {
        #expect(MustacheValue.int(85).interpolationText == "85")
        #expect(MustacheValue.double(1.210).interpolationText == "1.21")
        #expect(MustacheValue.double(85.0).interpolationText == "85")
        #expect(MustacheValue.double(-0.5).interpolationText == "-0.5")
        #expect(MustacheValue.double(1e300).interpolationText == "1e+300")
    }

    @Test func truthiness() {
        let falsey: [MustacheValue] = [nil, false, [], ""]
        let truthy: [MustacheValue] = [true, 0, 0.0, "0", [nil], [:]]
        #expect(falsey.allSatisfy { !$0.isTruthy })
        #expect(truthy.allSatisfy { $0.isTruthy })
    }

    @Test func objectsKeepInsertionOrderAndFirstPosition() {
        var object = MustacheObject([("z", 1), ("a", 2), ("z", 3)])
        #expect(object.keys == ["z", "a"])
        #expect(object["z"] == 3)
        object["z"] = nil
        #expect(object.keys == ["a"])
        #expect(object.entries.map(\.key) == ["a"])
    }
}
