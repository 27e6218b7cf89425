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
