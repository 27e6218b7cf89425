/// The request and response values the HTTP server hands to the service. libmicrohttpd
/// parses the wire format; these are plain values so handlers stay pure and testable.

/// One HTTP request, fully read (the body is buffered up to the server's size limit).
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, ... as sent.
    public var method: String
    /// The path without the query string, percent-decoded by libmicrohttpd (`/waitlist/abc`).
    public var path: String
    /// Query parameters in order (`?a=1&b=2`), percent-decoded.
    public var query: [(name: String, value: String)]
    /// Header fields with lower-cased names, in order.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]
    /// The client's IP address as text (`127.0.0.1`, `::1`).
    public var remoteAddress: String

    /// A request from its parts.
    public init(method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: [UInt8] = [], remoteAddress: String = "127.0.0.1") {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    /// The first query parameter with this name.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }
}

/// One HTTP response.
public struct HTTPResponse: Sendable {
    /// Status code.
    public var status: Int
    /// Header fields in order; the server adds none but `Content-Length` and `Date`.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// A response from its parts.
    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name.lowercased() == lower }?.value
    }
}

/// Answers requests. Called synchronously on the server's threads, concurrently: an
/// implementation must be thread-safe and must not block for long.
public protocol HTTPHandler: Sendable {
    /// The response to one request.
    func handle(_ request: HTTPRequest) -> HTTPResponse
}
