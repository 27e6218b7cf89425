/// Requests the service makes to providers (Twilio, Google, CalDAV servers) and their
/// answers, as plain values. `HTTPClient` is the seam: libcurl in production, the same
/// libcurl against local emulators in tests.

/// An HTTP request to a provider.
public struct OutboundHTTPRequest: Sendable, Equatable {
    public var method: String
    /// Absolute URL (`https://api.twilio.com/2010-04-01/...`).
    public var url: String
    /// Header fields in order (`("Authorization", "Basic ...")`).
    public var headers: [Header]
    public var body: [UInt8]
    /// Whole-request timeout, seconds.
    public var timeout: Double

    /// One header field.
    public struct Header: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    /// A request from its parts.
    public init(method: String, url: String, headers: [Header] = [], body: [UInt8] = [], timeout: Double = 10) {
        self.method = method; self.url = url; self.headers = headers; self.body = body; self.timeout = timeout
    }
}

/// A provider's answer.
public struct OutboundHTTPResponse: Sendable, Equatable {
    public var status: Int
    /// Header fields with lower-cased names, in order (the last response's, after redirects).
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status; self.headers = headers; self.body = body
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }

    public static func == (a: OutboundHTTPResponse, b: OutboundHTTPResponse) -> Bool {
        a.status == b.status && a.body == b.body && a.headers.elementsEqual(b.headers) { $0 == $1 }
    }
}

/// Why a request got no HTTP answer.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole-request timeout passed. The provider may or may not have acted: ambiguous.
    case timeout(String)
    /// Could not connect (refused, DNS, TLS handshake): the provider did not act.
    case connection(String)
    /// Anything else libcurl reported.
    case transport(String)

    public var description: String {
        switch self {
        case .timeout(let detail): return "timed out: \(detail)"
        case .connection(let detail): return "could not connect: \(detail)"
        case .transport(let detail): return "transport error: \(detail)"
        }
    }
}

/// Sends HTTP requests to providers. Thread-safe.
public protocol HTTPClient: Sendable {
    /// Sends `request` and waits for the answer (any status) or a transport error.
    func send(_ request: OutboundHTTPRequest) -> Result<OutboundHTTPResponse, HTTPClientError>
}
