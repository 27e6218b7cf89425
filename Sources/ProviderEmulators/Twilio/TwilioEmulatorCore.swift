/// The Twilio emulator's request handling: basic auth, then the Message resources —
/// `POST .../Messages.json` (create), `GET .../Messages.json` (list, filtered and paged) and
/// `GET .../Messages/{sid}.json` (fetch) — with Twilio's documented validation errors.
import Connectors
import Foundation
import Runtime
import Synchronization

/// State and routes shared by the emulator and its server threads.
final class TwilioEmulatorCore: Sendable {
    let accountSID: String
    let authToken: String
    let state = Mutex(TwilioEmulatorState())
    let clock: @Sendable () -> Instant

    init(accountSID: String, authToken: String, clock: @escaping @Sendable () -> Instant) {
        self.accountSID = accountSID
        self.authToken = authToken
        self.clock = clock
    }

    /// The answer to one API request.
    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard isAuthenticated(request) else {
            var response = TwilioErrorJSON.response(status: 401, code: 20003, message: "Authenticate",
                                                    detail: "Your AccountSid or AuthToken was incorrect.")
            response.headers.append(("WWW-Authenticate", "Basic realm=\"Twilio API\""))
            return response
        }
        let prefix = "/2010-04-01/Accounts/\(accountSID)/Messages"
        switch (request.method, request.path) {
        case ("POST", prefix + ".json"): return create(request)
        case ("GET", prefix + ".json"): return list(request)
        case ("GET", let path) where path.hasPrefix(prefix + "/") && path.hasSuffix(".json"):
            let sid = String(path.dropFirst(prefix.count + 1).dropLast(".json".count))
            return fetch(sid)
        case (_, prefix + ".json"):
            return TwilioErrorJSON.response(status: 405, code: 20004, message: "Method not allowed")
        default:
            return TwilioErrorJSON.response(status: 404, code: 20404,
                                            message: "The requested resource \(request.path) was not found")
        }
    }

    /// Basic auth with this account's SID and token.
    private func isAuthenticated(_ request: HTTPRequest) -> Bool {
        guard let header = request.header("authorization"), header.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6))),
              let credentials = String(data: decoded, encoding: .utf8),
              let colon = credentials.firstIndex(of: ":") else { return false }
        return ConstantTime.equals(String(credentials[..<colon]), accountSID)
            && ConstantTime.equals(String(credentials[credentials.index(after: colon)...]), authToken)
    }

    /// `POST .../Messages.json`: an injected failure, Twilio's validation, or 201 and the resource.
    private func create(_ request: HTTPRequest) -> HTTPResponse {
        let failure: TwilioEmulator.Failure? = state.withLock { $0.failures.isEmpty ? nil : $0.failures.removeFirst() }
        switch failure {
        case .status(let status, let retryAfter)?:
            var response = TwilioErrorJSON.response(status: status, code: 20000 + status,
                                                    message: status == 429 ? "Too Many Requests" : "Service unavailable (injected failure)")
            if let retryAfter { response.headers.append(("Retry-After", String(retryAfter))) }
            return response
        case .slowNotRecorded(let seconds)?:
            Thread.sleep(forTimeInterval: seconds)
            return TwilioErrorJSON.response(status: 503, code: 20503, message: "Service unavailable (injected failure)")
        case .garbage?:
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/html")],
                                body: Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8))
        case .slow(let seconds)?:
            let response = createMessage(request)
            Thread.sleep(forTimeInterval: seconds)
            return response
        case nil:
            return createMessage(request)
        }
    }

    /// Validates the form fields in Twilio's order and records the message.
    private func createMessage(_ request: HTTPRequest) -> HTTPResponse {
        guard let fields = FormDecoding.decode(request.body) else {
            return TwilioErrorJSON.response(status: 400, code: 20001, message: "Unable to parse the request body")
        }
        func value(_ name: String) -> String? { FormDecoding.value(name, in: fields).flatMap { $0.isEmpty ? nil : $0 } }
        guard let to = value("To") else {
            return TwilioErrorJSON.response(status: 400, code: 21604, message: "A 'To' phone number is required.")
        }
        guard Self.isE164(to) else {
            return TwilioErrorJSON.response(status: 400, code: 21211, message: "Invalid 'To' Phone Number: \(to)")
        }
        let from = value("From")
        let service = value("MessagingServiceSid")
        if from == nil && service == nil {
            return TwilioErrorJSON.response(status: 400, code: 21603,
                                            message: "A 'From' or 'MessagingServiceSid' parameter is required to send a message")
        }
        guard let body = value("Body") else {
            return TwilioErrorJSON.response(status: 400, code: 21602, message: "Message body is required.")
        }
        if body.count > 1600 {
            return TwilioErrorJSON.response(status: 400, code: 21617, message: "The concatenated message body exceeds the 1600 character limit.")
        }
        let now = clock()
        return state.withLock { state in
            if state.optedOut.contains(to) {
                return TwilioErrorJSON.response(status: 400, code: 21610, message: "Attempt to send to unsubscribed recipient")
            }
            if state.landlines.contains(to) {
                return TwilioErrorJSON.response(status: 400, code: 21614, message: "'To' number \(to) is not a valid mobile number")
            }
            // With only a Messaging Service, Twilio answers `accepted` and picks the sender later.
            let message = EmulatedMessage(sid: TwilioSID.make("SM"), accountSID: accountSID, to: to, from: from,
                                          messagingServiceSID: service, body: body,
                                          status: from == nil ? "accepted" : "queued", direction: "outbound-api",
                                          dateCreated: now, dateSent: nil, statusCallback: value("StatusCallback"), errorCode: nil)
            state.messages.append(message)
            return TwilioErrorJSON.json(status: 201, message.resource())
        }
    }

    /// `GET .../Messages.json`: most recent first, filtered by `To`, `From`, `DateSent`,
    /// `DateSent<`, `DateSent>` (a `DateSent>=2023-08-24` query names `DateSent>`), paged by
    /// `PageSize` (default 50, at most 1000) and `Page`.
    private func list(_ request: HTTPRequest) -> HTTPResponse {
        let pageSize = min(max(request.queryValue("PageSize").flatMap { Int($0) } ?? 50, 1), 1000)
        let page = max(request.queryValue("Page").flatMap { Int($0) } ?? 0, 0)
        var dayFilters: [(String, Instant)] = []
        for name in ["DateSent", "DateSent<", "DateSent>"] {
            guard let text = request.queryValue(name) else { continue }
            guard let day = TwilioDate.parseDay(text) else {
                return TwilioErrorJSON.response(status: 400, code: 20001, message: "Invalid \(name) value '\(text)': expected YYYY-MM-DD")
            }
            dayFilters.append((name, day))
        }
        let to = request.queryValue("To")
        let from = request.queryValue("From")
        let matching = state.withLock { $0.messages }.enumerated().filter { _, message in
            if let to, message.to != to { return false }
            if let from, message.from != from { return false }
            for (name, day) in dayFilters {
                // Twilio documents date_sent as null until the carrier has the message.
                guard let sent = message.dateSent?.seconds else { return false }
                let nextDay = day.seconds + 86_400
                switch name {
                case "DateSent<": if sent >= nextDay { return false }
                case "DateSent>": if sent < day.seconds { return false }
                default: if sent < day.seconds || sent >= nextDay { return false }
                }
            }
            return true
        }.sorted { ($0.element.dateCreated, $0.offset) > ($1.element.dateCreated, $1.offset) }.map(\.element)
        let start = min(page * pageSize, matching.count)
        let slice = matching[start..<min(start + pageSize, matching.count)]
        let base = "/2010-04-01/Accounts/\(accountSID)/Messages.json"
        let filters = request.query.filter { $0.name != "Page" && $0.name != "PageSize" && $0.name != "PageToken" }
        func pageURI(_ number: Int) -> String {
            base + "?" + FormEncoding.encode(filters + [("PageSize", String(pageSize)), ("Page", String(number))])
        }
        let hasNext = start + pageSize < matching.count
        let body: [String: Any] = [
            "messages": slice.map { $0.resource() }, "page": page, "page_size": pageSize, "start": start,
            "end": max(start + slice.count - 1, start), "uri": pageURI(page), "first_page_uri": pageURI(0),
            "next_page_uri": hasNext ? pageURI(page + 1) : NSNull(), "previous_page_uri": page > 0 ? pageURI(page - 1) : NSNull(),
        ]
        return TwilioErrorJSON.json(status: 200, body)
    }

    /// `GET .../Messages/{sid}.json`.
    private func fetch(_ sid: String) -> HTTPResponse {
        guard let message = state.withLock({ $0.messages.first { $0.sid == sid } }) else {
            return TwilioErrorJSON.response(status: 404, code: 20404,
                                            message: "The requested resource /2010-04-01/Accounts/\(accountSID)/Messages/\(sid).json was not found")
        }
        return TwilioErrorJSON.json(status: 200, message.resource())
    }

    /// `+` then 2 to 15 digits, the first not 0 (E.164).
    static func isE164(_ number: String) -> Bool {
        let digits = Array(number.utf8.dropFirst())
        return number.hasPrefix("+") && (2...15).contains(digits.count) && digits.first != UInt8(ascii: "0")
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}

/// Twilio's JSON answers.
enum TwilioErrorJSON {
    /// An error in Twilio's shape: `{"code", "message", "more_info", "status"}` (+ `detail`).
    static func response(status: Int, code: Int, message: String, detail: String? = nil) -> HTTPResponse {
        var object: [String: Any] = ["code": code, "message": message, "status": status,
                                     "more_info": "https://www.twilio.com/docs/errors/\(code)"]
        if let detail { object["detail"] = detail }
        return json(status: status, object)
    }

    /// `object` as a JSON response.
    static func json(status: Int, _ object: [String: Any]) -> HTTPResponse {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: Array(data))
    }
}
