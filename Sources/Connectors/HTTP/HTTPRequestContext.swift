/// The state one request accumulates across libmicrohttpd's repeated access-handler calls
/// (headers, then body chunks, then the final call), and what the access log needs once
/// the response is done.

/// Per-request state, owned by libmicrohttpd's `*con_cls` slot from the first access-handler
/// call until the request-completed callback releases it.
///
/// Not `Sendable` and needs no lock: libmicrohttpd calls the access handler and then the
/// completion callback for one request serially, from the thread that owns its connection.
final class HTTPRequestContext {
    /// The request method as sent.
    let method: String
    /// The decoded path (no query).
    let path: String
    /// When the headers were read, for the access log's duration.
    let started: ContinuousClock.Instant
    /// Body bytes received so far.
    var body: [UInt8] = []
    /// True once the body is known to exceed the limit; later chunks are discarded.
    var bodyTooLarge = false
    /// True once a response has been queued; later calls only drain input.
    var responded = false
    /// The status code queued (0 before a response).
    var status = 0
    /// The response body size queued.
    var bytes = 0
    /// The client's address as text.
    var remoteAddress = "unknown"

    init(method: String, path: String) {
        self.method = method
        self.path = path
        self.started = ContinuousClock.now
    }
}
