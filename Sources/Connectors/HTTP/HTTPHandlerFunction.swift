/// Lets a closure serve as an `HTTPHandler` (tests, small tools) without a named type.

/// An `HTTPHandler` that calls a closure.
public struct HTTPHandlerFunction: HTTPHandler {
    private let body: @Sendable (HTTPRequest) -> HTTPResponse

    /// A handler that answers every request with `body(request)`.
    public init(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.body = body
    }

    /// The closure's response.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        body(request)
    }
}
