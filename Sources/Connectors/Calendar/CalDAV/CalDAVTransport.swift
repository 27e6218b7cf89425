/// Sends the WebDAV requests of the CalDAV gateway: adds authentication (Basic or Bearer),
/// `Depth` and content types, resolves the `href`s servers answer with against the URL
/// asked, and turns answers into plain-English failures naming the method and the URL.
import Foundation

/// What went wrong talking to the server.
struct CalDAVFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status, or nil when there was no answer (or no HTTP problem at all).
    var status: Int?
    /// Set when the request timed out: the server may have acted on it.
    var ambiguous: Bool = false
    /// Whether trying again later may help (no answer, 408, 425, 429, 5xx).
    var isTransient: Bool
    var message: String
    var description: String { message }

    /// A failure for an HTTP status.
    init(status: Int, message: String) {
        self.status = status
        self.isTransient = status == 408 || status == 425 || status == 429 || status >= 500
        self.message = message
    }

    /// A failure with no HTTP status: transient (no answer) or not (bad configuration,
    /// a server that does not speak CalDAV).
    init(transient: Bool, ambiguous: Bool = false, message: String) {
        self.status = nil
        self.ambiguous = ambiguous
        self.isTransient = transient
        self.message = message
    }

    /// The outbox's verdict for this failure.
    var delivery: DeliveryResult { isTransient ? .retry(message) : .permanent(message) }
}

/// The HTTP side of the gateway.
struct CalDAVTransport: Sendable {
    let client: any HTTPClient
    let configuration: CalDAVConfiguration

    /// Sends one request and returns any answer; only a missing answer fails.
    func send(_ method: String, _ url: String, depth: String? = nil, headers: [OutboundHTTPRequest.Header] = [],
              xml: String? = nil, body: [UInt8] = []) -> Result<OutboundHTTPResponse, CalDAVFailure> {
        var all: [OutboundHTTPRequest.Header] = [.init("User-Agent", "speedai-rules CalDAV")]
        if let token = configuration.bearerToken, !token.isEmpty {
            all.append(.init("Authorization", "Bearer \(token)"))
        } else if let user = configuration.username {
            let pair = Data("\(user):\(configuration.password ?? "")".utf8).base64EncodedString()
            all.append(.init("Authorization", "Basic \(pair)"))
        }
        if let depth { all.append(.init("Depth", depth)) }
        var payload = body
        if let xml {
            all.append(.init("Content-Type", "application/xml; charset=utf-8"))
            payload = Array(xml.utf8)
        }
        all += headers
        let request = OutboundHTTPRequest(method: method, url: url, headers: all, body: payload, timeout: configuration.timeout)
        switch client.send(request) {
        case .success(let response): return .success(response)
        case .failure(let error):
            var ambiguous = false
            if case .timeout = error { ambiguous = true }
            return .failure(CalDAVFailure(transient: true, ambiguous: ambiguous,
                                          message: "CalDAV \(method) \(Self.redacted(url)) got no answer: \(error)"))
        }
    }

    /// Sends a request whose answer must be a multistatus (207).
    func multistatus(_ method: String, _ url: String, depth: String, xml: String) -> Result<DAVMultistatus, CalDAVFailure> {
        switch send(method, url, depth: depth, xml: xml) {
        case .failure(let failure): return .failure(failure)
        case .success(let response):
            guard response.status == 207 else { return .failure(Self.unexpected(response, method, url)) }
            guard let answer = DAVMultistatus.parse(response.body) else {
                return .failure(CalDAVFailure(transient: true,
                                              message: "CalDAV \(method) \(Self.redacted(url)) answered 207 but the body is not a WebDAV multistatus: \(Self.excerpt(response))"))
            }
            return .success(answer)
        }
    }

    /// The failure for a status the caller did not expect, with a hint for the common ones.
    static func unexpected(_ response: OutboundHTTPResponse, _ method: String, _ url: String) -> CalDAVFailure {
        let hint: String
        switch response.status {
        case 401: hint = " (check the CalDAV username and password or token)"
        case 403: hint = " (the account may not write or read this calendar)"
        case 404: hint = " (no such calendar: check the CalDAV URL)"
        default: hint = ""
        }
        return CalDAVFailure(status: response.status,
                             message: "CalDAV \(method) \(redacted(url)) answered \(response.status)\(hint): \(excerpt(response))")
    }

    /// The start of a body, on one line, for error messages.
    static func excerpt(_ response: OutboundHTTPResponse) -> String {
        let text = response.text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return text.isEmpty ? "(empty body)" : String(text.prefix(200))
    }

    /// A URL without any `user:password@` part.
    static func redacted(_ url: String) -> String {
        guard let at = url.firstIndex(of: "@"), let scheme = url.range(of: "://"), scheme.upperBound < at,
              !url[scheme.upperBound..<at].contains("/") else { return url }
        return String(url[..<scheme.upperBound]) + String(url[url.index(after: at)...])
    }

    /// An `href` from an answer as an absolute URL (hrefs are usually absolute paths).
    static func resolve(_ href: String, against base: String) -> String {
        if href.hasPrefix("http://") || href.hasPrefix("https://") { return href }
        guard let baseURL = URL(string: base), let resolved = URL(string: href, relativeTo: baseURL) else { return href }
        return resolved.absoluteString
    }

    /// Two collection URLs name the same collection (trailing slash aside).
    static func sameCollection(_ a: String, _ b: String) -> Bool {
        func trimmed(_ text: String) -> String { text.hasSuffix("/") ? String(text.dropLast()) : text }
        return trimmed(a) == trimmed(b)
    }
}
