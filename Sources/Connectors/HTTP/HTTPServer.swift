/// The service's HTTP/1.1 server: libmicrohttpd does the sockets and the wire format, a
/// thread pool polls with epoll, and each complete request is handed to an `HTTPHandler`
/// synchronously. Limits (connections, per-IP connections, idle timeout, body size) are
/// enforced here so the handler only ever sees bounded, fully read requests.

import CMicroHTTPD
import Foundation
import Synchronization

/// An HTTP server bound to one address. Start it once, stop it once (stopping again is a no-op).
///
/// `Sendable`: all mutable state (the daemon handle) sits behind a `Mutex`; everything the
/// libmicrohttpd threads touch lives in an immutable `HTTPServerCore`.
public final class HTTPServer: Sendable {
    /// Where the daemon is in its life.
    private enum Phase {
        case idle
        case running(daemon: OpaquePointer, port: Int, core: Unmanaged<HTTPServerCore>)
        case stopped(port: Int)
    }

    private let core: HTTPServerCore
    private let phase = Mutex<Phase>(.idle)

    /// A server that will answer with `handler`. `accessLog` is called after every response
    /// (on a server thread, so it must be quick); `errorLog` receives libmicrohttpd's diagnostics.
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), handler: any HTTPHandler,
                accessLog: (@Sendable (AccessLogRecord) -> Void)? = nil, errorLog: (@Sendable (String) -> Void)? = nil) {
        core = HTTPServerCore(configuration: configuration, handler: handler, accessLog: accessLog, errorLog: errorLog)
    }

    deinit {
        stop()
    }

    /// The configuration the server was made with.
    public var configuration: HTTPServerConfiguration { core.configuration }

    /// The port the server listens on: the real one once started (also when configured with
    /// port 0), the configured one before.
    public var port: Int {
        phase.withLock { phase in
            switch phase {
            case .idle: return core.configuration.port
            case .running(_, let port, _), .stopped(let port): return port
            }
        }
    }

    /// Binds the address and starts the worker threads. Throws, changing nothing, when the
    /// host is not an IP literal, the port is taken, or the configuration is out of range.
    public func start() throws(HTTPServerError) {
        try phase.withLock { (phase: inout Phase) throws(HTTPServerError) in
            guard case .idle = phase else { throw .alreadyStarted }
            let configuration = core.configuration
            if let problem = configuration.problem() { throw .invalidConfiguration(problem) }
            guard let address = SocketAddress(host: configuration.host, port: configuration.port) else {
                throw .invalidHost(configuration.host)
            }
            let retained = Unmanaged.passRetained(core)
            guard let daemon = Self.startDaemon(configuration: configuration, address: address, context: retained.toOpaque()) else {
                retained.release()
                throw diagnoseStartFailure(address: address)
            }
            phase = .running(daemon: daemon, port: Int(speedai_mhd_bound_port(daemon)), core: retained)
        }
    }

    /// Stops accepting, closes every connection and joins the worker threads. Requests in
    /// the handler finish first. Safe to call more than once, and on a server never started.
    public func stop() {
        phase.withLock { phase in
            guard case .running(let daemon, let port, let core) = phase else {
                if case .idle = phase { phase = .stopped(port: self.core.configuration.port) }
                return
            }
            MHD_stop_daemon(daemon)
            core.release()  // no callback can run any more
            phase = .stopped(port: port)
        }
    }

    /// Starts libmicrohttpd with the options this configuration asks for; nil on failure.
    private static func startDaemon(configuration: HTTPServerConfiguration, address: SocketAddress,
                                    context: UnsafeMutableRawPointer) -> OpaquePointer? {
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_ERROR_LOG.rawValue
        if MHD_is_feature_supported(.FEATURE_EPOLL) == .YES {
            flags |= MHD_USE_EPOLL.rawValue
        } else if MHD_is_feature_supported(.FEATURE_POLL) == .YES {
            flags |= MHD_USE_POLL.rawValue
        }
        if address.isIPv6 { flags |= MHD_USE_IPv6.rawValue }

        let logger: MHD_LogCallback = httpServerLogMessage
        let completed: MHD_RequestCompletedCallback = httpServerRequestCompleted
        var socketAddress = address.storage
        return withUnsafeMutablePointer(to: &socketAddress) { addressPointer in
            // (option, value...) pairs exactly as each option reads them with va_arg:
            // unsigned ints as UInt32, pointers as raw pointers, terminated by MHD_OPTION_END.
            var options: [any CVarArg] = [
                MHD_OPTION.EXTERNAL_LOGGER.rawValue, OpaquePointer(unsafeBitCast(logger, to: UnsafeRawPointer.self)), OpaquePointer(context),
                MHD_OPTION.NOTIFY_COMPLETED.rawValue, OpaquePointer(unsafeBitCast(completed, to: UnsafeRawPointer.self)), OpaquePointer(context),
                MHD_OPTION.SOCK_ADDR.rawValue, OpaquePointer(addressPointer),
                MHD_OPTION.CONNECTION_TIMEOUT.rawValue, UInt32(configuration.connectionTimeout),
                MHD_OPTION.CONNECTION_LIMIT.rawValue, UInt32(configuration.maxConnections),
                MHD_OPTION.PER_IP_CONNECTION_LIMIT.rawValue, UInt32(configuration.maxConnectionsPerIP),
                MHD_OPTION.LISTEN_BACKLOG_SIZE.rawValue, UInt32(configuration.listenBacklog),
            ]
            if configuration.threads > 1 {
                options += [MHD_OPTION.THREAD_POOL_SIZE.rawValue, UInt32(configuration.threads)]
            }
            options.append(MHD_OPTION.END.rawValue)
            return withVaList(options) { arguments in
                MHD_start_daemon_va(flags, UInt16(configuration.port), nil, nil, httpServerAccessHandler, context, arguments)
            }
        }
    }

    /// The clearest explanation for a failed start: a bind probe names a taken port or a
    /// foreign address; otherwise libmicrohttpd's own last words.
    private func diagnoseStartFailure(address: SocketAddress) -> HTTPServerError {
        let host = core.configuration.host
        let port = core.configuration.port
        if let error = address.bindProblem() {
            switch error {
            case EADDRINUSE: return .portInUse(host: host, port: port)
            case EADDRNOTAVAIL: return .cannotBind(host: host, port: port, reason: "no network interface of this machine has that address")
            case EACCES: return .cannotBind(host: host, port: port, reason: "permission denied (ports below 1024 need privileges)")
            default: return .cannotBind(host: host, port: port, reason: String(cString: strerror(error)))
            }
        }
        let messages = core.recentMessages.withLock { $0 }
        return .startFailed(reason: messages.isEmpty ? "libmicrohttpd gave no reason" : messages.joined(separator: "; "))
    }
}
