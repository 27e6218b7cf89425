/// The pure JSON body decoders the trigger endpoint and the admin API share (and the
/// `trigger` fuzz target drives): refusals in the same words the endpoints always used.
import Testing
@testable import Connectors

@Suite struct JSONObjectBodyTests {
    @Test(arguments: [
        ("", JSONBodyError.empty),
        ("[1,2]", .notAnObject),
        ("[{\"phone\":\"x\"}]", .notAnObject),
    ])
    func refusesBodiesThatAreNotObjects(body: String, expected: JSONBodyError) {
        #expect(throws: expected) { try JSONObjectBody.parse(Array(body.utf8)).get() }
    }

    @Test func refusesInvalidJSONWithInvalidJSONCode() throws {
        let result = JSONObjectBody.parse(Array("{\"phone\":\"06 12".utf8))
        guard case .failure(let error) = result, case .invalid = error else {
            Issue.record("expected invalid JSON, got \(result)")
            return
        }
        #expect(error.code == "invalid_json")
        #expect(error.message.hasPrefix("the body is not valid JSON: "))
        #expect(error.field == nil)
    }

    @Test func namesTheFirstUnknownFieldWithAHint() {
        let result = JSONObjectBody.parse(Array("{\"phone\":\"x\",\"sorce\":1,\"zz\":2}".utf8),
                                          allowedFields: ["phone", "source"])
        #expect(throws: JSONBodyError.unknownField(name: "sorce", message: "unknown field 'sorce' (did you mean 'source'?); fields are phone, source")) {
            try result.get()
        }
    }

    /// Issue 13: `{"phone": "a", "phone": "b"}` was taken with the last value.
    @Test(arguments: [
        (#"{"phone":"06 12 34 56 78","phone":"06 99 88 77 66"}"#, "phone"),
        (#"{"a":{"x":1,"y":[{"z":1}],"x":2}}"#, "x"),
        (#"{"source":1, "\u0073ource":2}"#, "source"),
        (#"{"a":[{"k":1},{"k":2}],"b":{"k":3},"a":0}"#, "a"),
    ])
    func refusesADuplicateKeyNamingIt(body: String, key: String) throws {
        let result = JSONObjectBody.parse(Array(body.utf8))
        #expect(throws: JSONBodyError.duplicateKey(name: key)) { try result.get() }
        guard case .failure(let error) = result else { return }
        #expect(error.code == "invalid_json" && error.field == key && error.message.contains("'\(key)' appears more than once"))
    }

    @Test(arguments: [
        #"{"a":{"k":1},"b":{"k":1},"c":["a","a"],"d":"{\"e\":1,\"e\":2}","e\"":1,"e":2}"#,
        #"{"k":[{"k":1,"j":2},{"k":1,"j":2}]}"#,
    ])
    func keysRepeatedAcrossObjectsOrInsideStringsAreFine(body: String) throws {
        #expect(throws: Never.self) { try JSONObjectBody.parse(Array(body.utf8)).get() }
    }

    @Test func anEndpointWithoutFieldsSaysSo() {
        let result = JSONObjectBody.parse(Array("{\"slot\":\"x\"}".utf8), allowedFields: [])
        guard case .failure(let error) = result else { Issue.record("accepted a field"); return }
        #expect(error.message == "unknown field 'slot'; this endpoint takes no fields")
        #expect(error.code == "unknown_field")
        #expect(error.field == "slot")
    }

    @Test func triggerPayloadSeparatesMissingNullWrongTypeAndText() throws {
        let body = "{\"business_id\":\"bistrot\",\"phone\":612345678,\"service\":null,\"requested_slot\":\"2025-01-18T19:30\"}"
        let payload = try TriggerPayload.decode(Array(body.utf8)).get()
        #expect(payload.value("business_id") == .text("bistrot"))
        #expect(payload.value("phone") == .notString)
        #expect(payload.value("service") == .absent)
        #expect(payload.value("source") == .absent)
        #expect(payload.value("requested_slot") == .text("2025-01-18T19:30"))
    }

    @Test func triggerPayloadRefusesUnknownFieldsListingTheKnownOnes() {
        guard case .failure(let error) = TriggerPayload.decode(Array("{\"phone\":\"x\",\"extra\":true}".utf8)) else {
            Issue.record("accepted an unknown field")
            return
        }
        #expect(error.message == "unknown field 'extra'; fields are business_id, phone, requested_slot, service, source")
    }
}
