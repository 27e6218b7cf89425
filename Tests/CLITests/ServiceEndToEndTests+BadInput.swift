/// Scenario d of the end-to-end tests: bad input at every door of the service — the trigger
/// API, idempotency keys, the public links and the waitlist form. Each refusal must say what
/// is wrong and change nothing: the servers run with `--outbox-paused`, so `outbox_pending`
/// in `/healthz` counts exactly the invitations the valid requests created.
import Foundation
import Testing

/// One refused trigger request.
struct BadTrigger: Sendable, CustomTestStringConvertible {
    /// How the request is authenticated and typed.
    enum Headers: Sendable {
        case valid, noKey, wrongKey, basicAuth, contentType(String)
    }

    var name: String
    var headers: Headers = .valid
    /// The body, from the valid trigger body of the evening.
    var body: @Sendable ([String: String], Evening) -> Data
    var status: Int
    var code: String?
    var field: String?

    var testDescription: String { name }

    /// A JSON body: the valid one changed by `edit`.
    static func json(_ edit: @escaping @Sendable (inout [String: Any], Evening) -> Void) -> @Sendable ([String: String], Evening) -> Data {
        { valid, evening in
            var object: [String: Any] = valid
            edit(&object, evening)
            return try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        }
    }

    /// A raw body.
    static func raw(_ text: String) -> @Sendable ([String: String], Evening) -> Data { { _, _ in Data(text.utf8) } }

    /// The valid body as JSON.
    static let validJSON = json { _, _ in }

    static let all: [BadTrigger] = [
        BadTrigger(name: "malformed JSON", body: raw(#"{"requested_slot": "2030-01-18T19:30:00","#), status: 400, code: "invalid_json"),
        BadTrigger(name: "empty body", body: raw(""), status: 400, code: "invalid_json"),
        BadTrigger(name: "a JSON array", body: raw("[1, 2]"), status: 400, code: "invalid_json"),
        BadTrigger(name: "phone is a number", body: json { object, _ in object["phone"] = 33612345678 },
                   status: 400, code: "invalid_type", field: "phone"),
        BadTrigger(name: "requested_slot is a number", body: json { object, _ in object["requested_slot"] = 20250118 },
                   status: 400, code: "invalid_type", field: "requested_slot"),
        BadTrigger(name: "business_id is null", body: json { object, _ in object["business_id"] = NSNull() },
                   status: 400, code: "missing_field", field: "business_id"),
        BadTrigger(name: "phone missing", body: json { object, _ in object["phone"] = nil },
                   status: 400, code: "missing_field", field: "phone"),
        BadTrigger(name: "requested_slot missing", body: json { object, _ in object["requested_slot"] = nil },
                   status: 400, code: "missing_field", field: "requested_slot"),
        BadTrigger(name: "phone too short", body: json { object, _ in object["phone"] = "12345" },
                   status: 400, code: "invalid_phone", field: "phone"),
        BadTrigger(name: "phone with letters", body: json { object, _ in object["phone"] = "+33 6 12 AB CD EF" },
                   status: 400, code: "invalid_phone", field: "phone"),
        BadTrigger(name: "slot is not a date", body: json { object, _ in object["requested_slot"] = "demain à 19h30" },
                   status: 400, code: "invalid_slot", field: "requested_slot"),
        BadTrigger(name: "slot in the past", body: json { object, _ in object["requested_slot"] = TestBistro.evening(daysAhead: -1).slot("19:30") },
                   status: 400, code: "slot_in_past", field: "requested_slot"),
        BadTrigger(name: "slot outside the service", body: json { object, evening in object["requested_slot"] = evening.slot("15:00") },
                   status: 400, code: "slot_not_bookable", field: "requested_slot"),
        BadTrigger(name: "misspelt field", body: json { object, _ in object["phon"] = object.removeValue(forKey: "phone") },
                   status: 400, code: "unknown_field", field: "phon"),
        BadTrigger(name: "unknown source", body: json { object, _ in object["source"] = "fax" },
                   status: 400, code: "unknown_source", field: "source"),
        BadTrigger(name: "unknown business", body: json { object, _ in object["business_id"] = "testbistrot" },
                   status: 404, code: "unknown_business", field: "business_id"),
        BadTrigger(name: "no API key", headers: .noKey, body: validJSON, status: 401, code: "unauthorized"),
        BadTrigger(name: "wrong API key", headers: .wrongKey, body: validJSON, status: 401, code: "unauthorized"),
        BadTrigger(name: "Basic instead of Bearer", headers: .basicAuth, body: validJSON, status: 401, code: "unauthorized"),
        BadTrigger(name: "text/plain body", headers: .contentType("text/plain"), body: validJSON, status: 415, code: "unsupported_media_type"),
        BadTrigger(name: "form body", headers: .contentType("application/x-www-form-urlencoded"), body: validJSON,
                   status: 415, code: "unsupported_media_type"),
        BadTrigger(name: "body over 64 KiB", body: json { object, _ in object["source"] = String(repeating: "x", count: 70_000) },
                   status: 413),
    ]
}

extension ServiceEndToEndTests {
    /// Scenario d (API): each bad trigger gets its status and a JSON error naming the problem,
    /// and creates nothing; a valid trigger afterwards still works.
    @Test(arguments: BadTrigger.all)
    func badTriggerIsRefusedAndChangesNothing(_ bad: BadTrigger) async throws {
        let driver = try WaitlistDriver.started(extraArguments: ["--outbox-paused"])
        defer { driver.tearDown() }
        try await driver.bookFull(["19:30"]) // a trigger for a slot with room is refused
        let valid = driver.triggerBody(Customer.number(1), at: "19:30").compactMapValues { $0 as? String }
        var headers = ["Content-Type": "application/json"]
        switch bad.headers {
        case .valid: headers.merge(driver.bearer) { $1 }
        case .noKey: break
        case .wrongKey: headers["Authorization"] = "Bearer not-the-key"
        case .basicAuth: headers["Authorization"] = "Basic " + Data("user:\(driver.service.apiKey)".utf8).base64EncodedString()
        case .contentType(let type): headers.merge(driver.bearer) { $1 }; headers["Content-Type"] = type
        }
        let answer = try await driver.client.send("POST", "\(driver.service.baseURL)/api/v1/waitlist/trigger", headers: headers,
                                                  body: bad.body(valid, driver.evening))
        #expect(answer.status == bad.status, "\(bad.name): \(answer.status) \(answer.text)")
        if let code = bad.code {
            let error = answer.json["error"] as? [String: Any]
            #expect(error?["code"] as? String == code, "\(answer.text)")
            #expect((error?["message"] as? String ?? "").count > 10, "a message says what is wrong: \(answer.text)")
            #expect(error?["field"] as? String == bad.field, "\(answer.text)")
            #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
        }
        #expect(try await driver.health()["outbox_pending"] as? Int == 0, "a refused request created an invitation")
        _ = try await driver.trigger(Customer.number(2))
        #expect(try await driver.health()["outbox_pending"] as? Int == 1)
    }

    /// Scenario d (idempotency): the same key and body answer the same; another body is a 409.
    @Test func idempotencyKeyReplaysOrRefuses() async throws {
        let driver = try WaitlistDriver.started(extraArguments: ["--outbox-paused"])
        defer { driver.tearDown() }
        try await driver.bookFull(["19:30"]) // a trigger for a slot with room is refused
        let url = "\(driver.service.baseURL)/api/v1/waitlist/trigger"
        let headers = driver.bearer.merging(["Idempotency-Key": "call-42"]) { $1 }
        let body = driver.triggerBody(Customer.number(1), at: "19:30")
        let first = try await driver.client.postJSON(url, body, headers: headers)
        let replay = try await driver.client.postJSON(url, body, headers: headers)
        #expect(first.status == 201)
        #expect(replay.status == first.status)
        // The same answer, with a freshly minted link to the same entry (no link is stored).
        #expect(replay.json["entry_id"] as? Int == first.json["entry_id"] as? Int)
        #expect(replay.json["status"] as? String == first.json["status"] as? String)
        #expect((replay.json["url"] as? String)?.contains("/waitlist/") == true)
        #expect(replay.header("Idempotent-Replayed") == "true")
        let other = try await driver.client.postJSON(url, driver.triggerBody(Customer.number(1), at: "20:00"), headers: headers)
        #expect(other.status == 409)
        #expect(other.errorCode == "idempotency_key_reused", "\(other.text)")
        #expect(try await driver.health()["outbox_pending"] as? Int == 1)
    }

    /// Scenario d (limits): past `--invitations-per-hour` and `--rate-limit` the API answers
    /// 429 with Retry-After, and creates nothing more.
    @Test func limitsAnswer429() async throws {
        let driver = try WaitlistDriver.started(extraArguments: ["--outbox-paused", "--invitations-per-hour", "1", "--rate-limit", "1"])
        defer { driver.tearDown() }
        try await driver.bookFull(["19:30", "20:00"]) // a trigger for a slot with room is refused
        // The availability polls above spent the burst: let it refill (1/s, burst 4).
        try await Task.sleep(nanoseconds: 4_500_000_000)
        let url = "\(driver.service.baseURL)/api/v1/waitlist/trigger"
        let customer = Customer.number(1)
        #expect(try await driver.client.postJSON(url, driver.triggerBody(customer, at: "19:30"), headers: driver.bearer).status == 201)
        let second = try await driver.client.postJSON(url, driver.triggerBody(customer, at: "20:00"), headers: driver.bearer)
        #expect(second.status == 429, "\(second.text)")
        #expect(second.errorCode == "too_many_invitations")
        #expect(second.header("Retry-After") != nil)

        // 1 request/s with a burst of 4: a quick series runs into the limit.
        var statuses: [Int] = []
        for index in 2...12 {
            statuses.append(try await driver.client.postJSON(url, driver.triggerBody(Customer.number(index), at: "19:30"),
                                                             headers: driver.bearer).status)
        }
        #expect(statuses.contains(429), "\(statuses)")
        let created = statuses.filter { $0 == 201 }.count
        #expect(try await driver.health()["outbox_pending"] as? Int == 1 + created)
    }

    /// A repeated trigger (the voice agent retrying without an Idempotency-Key) answers 200
    /// with the same entry, and texts nobody twice.
    @Test func repeatedTriggerIsADuplicate() async throws {
        let driver = try WaitlistDriver.started(extraArguments: ["--outbox-paused"])
        defer { driver.tearDown() }
        try await driver.bookFull(["19:30"]) // a trigger for a slot with room is refused
        let url = "\(driver.service.baseURL)/api/v1/waitlist/trigger"
        let body = driver.triggerBody(Customer.number(1), at: "19:30")
        let first = try await driver.client.postJSON(url, body, headers: driver.bearer)
        let again = try await driver.client.postJSON(url, body, headers: driver.bearer)
        #expect(first.status == 201)
        #expect(again.status == 200, "\(again.text)")
        #expect(again.json["duplicate"] as? Bool == true)
        #expect(again.json["entry_id"] as? Int == first.json["entry_id"] as? Int)
        // Secrets are stored hashed, so the duplicate carries a freshly minted link to the same
        // entry; both links open the page.
        for link in [first.json["url"], again.json["url"]] {
            #expect(try await driver.client.get(link as? String ?? "-").status == 200, "\(link ?? "no url")")
        }
        #expect(try await driver.health()["outbox_pending"] as? Int == 1)
    }

    /// A duplicate sends no SMS, so it should not count against `--invitations-per-hour`.
    @Test func duplicateDoesNotUseTheInvitationAllowance() async throws {
        let driver = try WaitlistDriver.started(extraArguments: ["--outbox-paused", "--invitations-per-hour", "1"])
        defer { driver.tearDown() }
        try await driver.bookFull(["19:30"]) // a trigger for a slot with room is refused
        let url = "\(driver.service.baseURL)/api/v1/waitlist/trigger"
        let body = driver.triggerBody(Customer.number(1), at: "19:30")
        #expect(try await driver.client.postJSON(url, body, headers: driver.bearer).status == 201)
        let again = try await driver.client.postJSON(url, body, headers: driver.bearer)
        #expect(again.status == 200, "\(again.text)")
    }

    /// The test clock refuses a jump it could not represent (found by schemathesis: a huge
    /// `advance_seconds` was accepted and an even larger one would overflow), and the service
    /// stays healthy; a known path with another method is a 405 with `Allow`.
    @Test func testClockAndMethodsRefuseNonsense() async throws {
        let driver = try WaitlistDriver.started()
        defer { driver.tearDown() }
        let base = driver.service.baseURL
        for seconds in [72_057_594_037_927_937, Int.max, -1] {
            let answer = try await driver.client.postJSON("\(base)/_test/clock", ["advance_seconds": seconds], headers: driver.bearer)
            #expect(answer.status == 400, "advance_seconds \(seconds): \(answer.status) \(answer.text)")
        }
        #expect(try await driver.health()["status"] as? String == "ok")
        try await driver.advanceClock(seconds: 60)
        let put = try await driver.client.send("PUT", "\(base)/healthz")
        #expect(put.status == 405 && put.header("Allow") == "GET, HEAD")
    }

    /// Scenario d (pages): unknown and expired links, form errors in French with the values
    /// kept, a foreign Origin refused; only the valid submission changes the entry.
    @Test func badPageRequestsAreRefusedAndChangeNothing() async throws {
        let driver = try WaitlistDriver.started(extraArguments: ["--test-clock", "--outbox-paused"])
        defer { driver.tearDown() }
        let client = driver.client, base = driver.service.baseURL
        try await driver.fillEvening() // a full evening: the valid form queues no offer
        let invitation = try await driver.trigger(Customer.number(1))

        for path in ["/waitlist/" + String(repeating: "A", count: 43), "/waitlist/not-a-token",
                     "/o/" + String(repeating: "b", count: 43) + "/oui", "/nowhere"] {
            let page = try await client.get(base + path)
            #expect(page.status == 404, "GET \(path): \(page.status)")
        }
        let unknownPost = try await client.postForm(base + "/waitlist/" + String(repeating: "A", count: 43),
                                                    driver.formFields(invitation.customer, times: ["19:30"]))
        #expect(unknownPost.status == 404)

        // Empty form: every field says what to do, in French.
        let empty = try await client.postForm(invitation.url, [])
        #expect(empty.status == 422)
        for message in ["Indiquez votre prénom.", "Indiquez votre nom.", "Indiquez votre adresse e-mail.",
                        "Choisissez au moins un créneau."] {
            #expect(empty.text.contains(message), "422 page lacks '\(message)'")
        }
        // Wrong values: the messages, and what the customer typed is still there.
        let wrong = try await client.postForm(invitation.url, [("prenom", "Zoé"), ("nom", "D’Arc"), ("telephone", "06 12"),
                                                               ("email", "zoe-at-example.fr"), ("couverts", "2"),
                                                               ("creneaux", driver.evening.formValue("19:30"))])
        #expect(wrong.status == 422)
        #expect(wrong.text.contains("Adresse e-mail invalide, par exemple nom@exemple.fr"))
        #expect(wrong.text.contains("Numéro de téléphone invalide, par exemple 06 12 34 56 78."))
        let kept = PageInspector(html: wrong.text)
        #expect(kept.inputValue("prenom") == "Zoé")
        #expect(kept.inputValue("nom") == "D’Arc")
        #expect(kept.inputValue("email") == "zoe-at-example.fr")
        #expect(kept.slotBoxes[driver.evening.formValue("19:30")] == true)
        let unknownSlot = try await client.postForm(invitation.url, driver.formFields(invitation.customer, times: ["23:30"]))
        #expect(unknownSlot.status == 422)

        // A form posted from another site is refused; from the page's own origin it is taken.
        let fields = driver.formFields(invitation.customer, times: ["19:30"])
        let foreign = try await client.postForm(invitation.url, fields, headers: ["Origin": "https://evil.example"])
        #expect(foreign.status == 403)
        let crossSite = try await client.postForm(invitation.url, fields,
                                                  headers: ["Origin": "http://localhost:\(driver.service.port)", "Sec-Fetch-Site": "cross-site"])
        #expect(crossSite.status == 403)
        let wrongType = try await client.send("POST", invitation.url, headers: ["Content-Type": "text/plain"], body: Data("prenom=a".utf8))
        #expect(wrongType.status == 415)
        let untouched = try await client.get(invitation.url)
        #expect(!untouched.text.contains("Vous êtes déjà inscrit·e"), "a refused form changed the entry")
        let sameOrigin = try await client.postForm(invitation.url, fields, headers: ["Origin": base])
        #expect(sameOrigin.status == 303)
        #expect(try await client.get(invitation.url).text.contains("Vous êtes déjà inscrit·e"))

        // Past the link's 48 h lifetime the page is gone.
        try await driver.advanceClock(seconds: 49 * 3600)
        #expect(try await client.get(invitation.url).status == 410)
        #expect(try await client.postForm(invitation.url, fields).status == 410)

        // All of that created exactly one invitation.
        let health = try await driver.health()
        #expect(health["outbox_pending"] as? Int == 1, "\(health)")
    }
}
