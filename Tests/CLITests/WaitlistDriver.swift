/// Drives a running test service the way its real users do: the voice agent's trigger call,
/// a customer filling the waitlist page, the restaurant editing its calendar, the test clock.
/// Each step checks the HTTP contract it relies on, so a scenario reads as the story it tells.
import Foundation
import Testing

/// A customer on the phone.
struct Customer {
    var phone: String
    var firstName: String
    var lastName: String
    var email: String

    /// A customer with a distinct phone number `+336123456NN`.
    static func number(_ index: Int) -> Customer {
        Customer(phone: String(format: "+336123456%02d", index), firstName: "Client\(index)", lastName: "Test",
                 email: "client\(index)@example.fr")
    }
}

/// The answer to a trigger: the entry and its public link.
struct Invitation {
    var entryID: Int
    var url: String
    var customer: Customer
}

/// A running service plus the evening it serves.
struct WaitlistDriver {
    let service: ServiceProcess
    let client = HTTPTestClient()
    let evening = TestBistro.evening()

    /// `Authorization: Bearer KEY`.
    var bearer: [String: String] { ["Authorization": "Bearer \(service.apiKey)"] }

    /// Starts a fresh service with `extraArguments` (the test clock by default).
    static func started(extraArguments: [String] = ["--test-clock"]) throws -> WaitlistDriver {
        let service = try ServiceProcess()
        try service.start(extraArguments: extraArguments)
        return WaitlistDriver(service: service)
    }

    /// Books every dinner slot of the evening with a party of 2 (uid `full-HHMM`), then waits
    /// until the service's calendar poll has seen the evening full.
    func fillEvening() async throws {
        try await bookFull(TestBistro.slotTimes)
    }

    /// Books the slots at `times` with a party of 2 (uid `full-HHMM`), then waits until the
    /// service sees them full: a trigger for a slot with room is refused (409 `slot_available`).
    func bookFull(_ times: [String]) async throws {
        for time in times {
            let result = try service.calendar("book", ["--at", evening.slot(time), "--party", "2",
                                                       "--uid", "full-\(time.replacingOccurrences(of: ":", with: ""))"])
            guard result.status == 0 else {
                throw ServiceProcessError(description: "calendar book \(time) failed (\(result.status)): \(result.stderr)")
            }
        }
        for time in times { try await waitForFree(time, places: 0) }
    }

    /// Waits until the availability API reports `places` free places at `time`.
    func waitForFree(_ time: String, places: Int, seconds: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        var asked = 0
        // In a full `swift test` run this task may not be resumed for many seconds (blocking
        // tests hold the cooperative threads): an answer asked for before the poll but read
        // after the deadline must not decide, so the last word is an answer asked for after it.
        while true {
            let asking = Date()
            let answer = try await client.get("\(service.baseURL)/api/v1/availability?business_id=\(TestBistro.id)&around=\(evening.slot(time))",
                                              headers: bearer)
            last = "\(answer.status) \(answer.text)"
            asked += 1
            if answer.status == 200, let requested = answer.json["requested"] as? [String: Any],
               requested["free"] as? Int == places { return }
            // Give up only on an answer asked for after the deadline.
            if asking > deadline { break }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        throw ServiceProcessError(description: "\(time) never had \(places) free place(s) within \(Int(seconds)) s (asked \(asked) times); last availability: \(last)\n"
                                  + "calendar: \((try? service.bookings(from: evening)) ?? [])\nevents: \(service.loggedEvents())\n"
                                  + "port \(service.port), \(service.listeners()), curl: \(service.curl("/api/v1/availability?business_id=\(TestBistro.id)&around=\(evening.slot(time))"))\n"
                                  + "server log:\n\(service.logTail())")
    }

    /// The trigger body for `customer` at `time` of the evening.
    func triggerBody(_ customer: Customer, at time: String) -> [String: Any] {
        ["requested_slot": evening.slot(time), "business_id": TestBistro.id, "phone": customer.phone, "source": "voice_agent"]
    }

    /// `POST /api/v1/waitlist/trigger`, expecting 201 with an entry id and a link.
    func trigger(_ customer: Customer, at time: String = "19:30",
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> Invitation {
        let answer = try await client.postJSON("\(service.baseURL)/api/v1/waitlist/trigger", triggerBody(customer, at: time),
                                               headers: bearer)
        #expect(answer.status == 201, "trigger answered \(answer.status): \(answer.text)", sourceLocation: sourceLocation)
        let json = answer.json
        guard let entryID = json["entry_id"] as? Int, let url = json["url"] as? String else {
            throw ServiceProcessError(description: "trigger answer without entry_id/url: \(answer.status) \(answer.text)")
        }
        #expect(json["status"] is String, "trigger answer without a status: \(answer.text)", sourceLocation: sourceLocation)
        #expect(url.hasPrefix("\(service.baseURL)/waitlist/"), "link \(url) is not under \(service.baseURL)/waitlist/",
                sourceLocation: sourceLocation)
        return Invitation(entryID: entryID, url: url, customer: customer)
    }

    /// The form fields a customer submits.
    func formFields(_ customer: Customer, times: [String], couverts: Int = 2) -> [(String, String)] {
        [("prenom", customer.firstName), ("nom", customer.lastName), ("telephone", customer.phone),
         ("email", customer.email), ("couverts", "\(couverts)")] + times.map { ("creneaux", evening.formValue($0)) }
    }

    /// Opens the link, submits the form for `times`, follows the 303 to the thank-you page.
    func join(_ invitation: Invitation, times: [String] = ["19:30"],
              sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let page = try await client.get(invitation.url)
        #expect(page.status == 200, "GET \(invitation.url) answered \(page.status)", sourceLocation: sourceLocation)
        let posted = try await client.postForm(invitation.url, formFields(invitation.customer, times: times))
        #expect(posted.status == 303, "form POST answered \(posted.status): \(posted.text)", sourceLocation: sourceLocation)
        let location = posted.header("Location") ?? ""
        #expect(location.hasSuffix(URL(string: invitation.url)!.path + "/merci"), "form redirected to '\(location)'",
                sourceLocation: sourceLocation)
        let thanks = try await client.get(absolute(location))
        #expect(thanks.status == 200, "thank-you page answered \(thanks.status)", sourceLocation: sourceLocation)
    }

    /// `calendar cancel --at TIME` of the evening; returns the CLI's message.
    @discardableResult
    func cancel(_ time: String) throws -> String {
        let result = try service.calendar("cancel", ["--at", evening.slot(time)])
        guard result.status == 0 else {
            throw ServiceProcessError(description: "calendar cancel \(time) failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout
    }

    /// `POST /_test/clock` with `{"advance_seconds": N}`.
    func advanceClock(seconds: Int) async throws {
        let answer = try await client.postJSON("\(service.baseURL)/_test/clock", ["advance_seconds": seconds], headers: bearer)
        guard answer.status == 200 else {
            throw ServiceProcessError(description: "POST /_test/clock answered \(answer.status): \(answer.text)")
        }
    }

    /// The offer SMS sent to `customer`, waiting for it.
    func offer(to customer: Customer) async throws -> SentSMS {
        try await service.sms.waitFor("offer to \(customer.phone)") { $0.template == "offer" && $0.to == customer.phone }
    }

    /// A Location header (absolute or a path) as an absolute URL.
    func absolute(_ location: String) -> String {
        location.hasPrefix("http") ? location : service.baseURL + location
    }

    /// `GET /healthz` as JSON (status 200 expected).
    func health() async throws -> [String: Any] {
        let answer = try await client.get("\(service.baseURL)/healthz")
        guard answer.status == 200 else { throw ServiceProcessError(description: "GET /healthz answered \(answer.status): \(answer.text)") }
        return answer.json
    }

    /// Stops the service and removes its files.
    func tearDown() {
        service.stop()
        service.removeFiles()
    }
}

/// What an HTML page says, for assertions: inputs and buttons, without an HTML library.
struct PageInspector {
    let html: String

    /// Every `<input ...>` tag.
    var inputTags: [String] { tags("input") }

    /// The `creneaux` checkboxes: value → checked.
    var slotBoxes: [String: Bool] {
        var boxes: [String: Bool] = [:]
        for tag in inputTags where attribute("name", in: tag) == "creneaux" {
            if let value = attribute("value", in: tag) { boxes[value] = tag.range(of: #"\schecked(\s|=|/|>)"#, options: .regularExpression) != nil }
        }
        return boxes
    }

    /// How many things submit a form: `<button>`s (other than type=button) and submit inputs.
    var submitControls: Int {
        tags("button").filter { attribute("type", in: $0) != "button" }.count
            + inputTags.filter { attribute("type", in: $0) == "submit" }.count
    }

    /// The value of the input named `name`.
    func inputValue(_ name: String) -> String? {
        inputTags.first { attribute("name", in: $0) == name }.flatMap { attribute("value", in: $0) }
    }

    /// Opening tags `<name ...>`.
    func tags(_ name: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: "<\(name)\\b[^>]*>", options: [.caseInsensitive]) else { return [] }
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).compactMap { Range($0.range, in: html).map { String(html[$0]) } }
    }

    /// An attribute's value in a tag (double or single quotes), HTML entities for quotes and
    /// ampersands decoded.
    func attribute(_ name: String, in tag: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: "\\s\(name)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", options: [.caseInsensitive]),
              let match = regex.firstMatch(in: tag, range: NSRange(tag.startIndex..., in: tag)) else { return nil }
        for group in [2, 3] {
            if let range = Range(match.range(at: group), in: tag) {
                return String(tag[range]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
                    .replacingOccurrences(of: "&amp;", with: "&")
            }
        }
        return nil
    }
}
