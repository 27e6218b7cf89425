import Testing
@testable import Connectors

@Suite struct SecurityHeadersTests {
    private func value(_ name: String, in headers: [(name: String, value: String)]) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    @Test func pageHeadersLockThePageDown() {
        let headers = SecurityHeaders.page(noStore: true)
        #expect(value("Content-Security-Policy", in: headers)
            == "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
        #expect(value("Referrer-Policy", in: headers) == "no-referrer")
        #expect(value("X-Content-Type-Options", in: headers) == "nosniff")
        #expect(value("X-Frame-Options", in: headers) == "DENY")
        #expect(value("Cache-Control", in: headers) == "no-store")
        #expect(value("Permissions-Policy", in: headers)?.contains("camera=()") == true)
    }

    @Test func cacheablePagesOmitNoStore() {
        #expect(value("Cache-Control", in: SecurityHeaders.page(noStore: false)) == nil)
    }

    @Test func apiHeadersForbidCachingAndSniffing() {
        #expect(value("Cache-Control", in: SecurityHeaders.api) == "no-store")
        #expect(value("X-Content-Type-Options", in: SecurityHeaders.api) == "nosniff")
    }

    @Test func jsonErrorHasTheSharedShape() {
        let response = JSONResponse.error(status: 422, code: "invalid_phone", message: "The phone number \"12\" is too short.", field: "phone")
        #expect(response.status == 422)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":{"code":"invalid_phone","message":"The phone number \"12\" is too short.","field":"phone"}}"#)
        let withoutField = JSONResponse.error(status: 404, code: "not_found", message: "No such page.")
        #expect(String(decoding: withoutField.body, as: UTF8.self) == #"{"error":{"code":"not_found","message":"No such page."}}"#)
    }

    @Test func jsonOkEncodesWithSortedKeys() {
        struct Slot: Encodable {
            let start: String
            let available: Int
        }
        let response = JSONResponse.ok(object: ["slots": [Slot(start: "19:30", available: 2)]])
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"slots":[{"available":2,"start":"19:30"}]}"#)
    }

    @Test func jsonOkTurnsUnencodableValuesIntoA500() {
        let response = JSONResponse.ok(object: ["ratio": Double.nan])
        #expect(response.status == 500)
        #expect(String(decoding: response.body, as: UTF8.self).contains("internal_error"))
    }

    private func post(_ headers: [(name: String, value: String)]) -> HTTPRequest {
        HTTPRequest(method: "POST", path: "/o/abc/oui", headers: [(name: "host", value: "attente.example.fr")] + headers)
    }

    @Test(arguments: [
        ([], true),
        ([(name: "origin", value: "null")], true),
        ([(name: "origin", value: "https://attente.example.fr")], true),
        ([(name: "origin", value: "https://Attente.Example.fr/")], true),
        ([(name: "origin", value: "http://attente.example.fr")], true),
        ([(name: "origin", value: "https://public.example.fr")], true),
        ([(name: "sec-fetch-site", value: "same-origin"), (name: "origin", value: "null")], true),
        ([(name: "sec-fetch-site", value: "none")], true),
        ([(name: "origin", value: "https://evil.example")], false),
        ([(name: "sec-fetch-site", value: "cross-site")], false),
        ([(name: "sec-fetch-site", value: "same-site"), (name: "origin", value: "https://attente.example.fr")], false),
        ([(name: "sec-fetch-site", value: "cross-site"), (name: "origin", value: "null")], false),
    ] as [([(name: String, value: String)], Bool)])
    func originCheck(headers: [(name: String, value: String)], allowed: Bool) {
        #expect(OriginCheck.allows(request: post(headers), publicOrigin: "https://public.example.fr") == allowed)
    }

    @Test func originWithoutHostMustMatchThePublicOrigin() {
        let request = HTTPRequest(method: "POST", path: "/", headers: [(name: "origin", value: "https://attente.example.fr")])
        #expect(!OriginCheck.allows(request: request, publicOrigin: "https://public.example.fr"))
        #expect(OriginCheck.allows(request: request, publicOrigin: "https://attente.example.fr/"))
    }
}
