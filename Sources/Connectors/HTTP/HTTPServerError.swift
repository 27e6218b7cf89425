/// Why the HTTP server could not start, worded for the operator reading the service log.

/// A failure to start `HTTPServer`.
public enum HTTPServerError: Error, Equatable, CustomStringConvertible {
    /// `host` is not an IPv4 or IPv6 literal.
    case invalidHost(String)
    /// A configuration value is out of range; the text says which and why.
    case invalidConfiguration(String)
    /// Another process (or server) already listens on this address and port.
    case portInUse(host: String, port: Int)
    /// The address cannot be bound (not local to this machine, or not permitted).
    case cannotBind(host: String, port: Int, reason: String)
    /// libmicrohttpd refused to start for another reason.
    case startFailed(reason: String)
    /// `start()` was called on a server that is running or was stopped.
    case alreadyStarted

    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "HTTP server: host \"\(host)\" is not an IPv4 or IPv6 address literal (use e.g. 127.0.0.1 or ::1)"
        case .invalidConfiguration(let problem):
            return "HTTP server: \(problem)"
        case .portInUse(let host, let port):
            return "HTTP server: port \(port) on \(host) is already in use by another process; choose another port or stop that process"
        case .cannotBind(let host, let port, let reason):
            return "HTTP server: cannot listen on \(host) port \(port): \(reason)"
        case .startFailed(let reason):
            return "HTTP server: could not start: \(reason)"
        case .alreadyStarted:
            return "HTTP server: start() was called twice; a server starts once"
        }
    }
}
