/// One line of the access log, handed to the server's access-log hook after each response.
/// The path is already masked so secrets in URLs (waitlist and offer tokens) never reach logs.

/// What the server did for one request.
public struct AccessLogRecord: Sendable, Equatable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The request path with secret segments masked by `Redaction.path`.
    public var path: String
    /// The status code sent.
    public var status: Int
    /// Response body bytes.
    public var bytes: Int
    /// Microseconds from the request's headers being read to the response being finished.
    public var durationMicroseconds: Int
    /// The client's IP address as text.
    public var remoteAddress: String

    /// A record from its parts.
    public init(method: String, path: String, status: Int, bytes: Int, durationMicroseconds: Int, remoteAddress: String) {
        self.method = method
        self.path = path
        self.status = status
        self.bytes = bytes
        self.durationMicroseconds = durationMicroseconds
        self.remoteAddress = remoteAddress
    }
}
