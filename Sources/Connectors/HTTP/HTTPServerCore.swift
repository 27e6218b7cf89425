/// The part of `HTTPServer` that libmicrohttpd's threads see: the handler, limits and hooks,
/// passed to C as an `Unmanaged` pointer. It is separate from `HTTPServer` so its lifetime
/// can outlast the daemon exactly (retained at start, released after `MHD_stop_daemon`).

import Synchronization

/// Shared, immutable-after-init state for the C callbacks.
final class HTTPServerCore: Sendable {
    let configuration: HTTPServerConfiguration
    let handler: any HTTPHandler
    let accessLog: (@Sendable (AccessLogRecord) -> Void)?
    let errorLog: (@Sendable (String) -> Void)?
    /// The last few libmicrohttpd diagnostics, to explain a failed start.
    let recentMessages = Mutex<[String]>([])

    init(configuration: HTTPServerConfiguration, handler: any HTTPHandler,
         accessLog: (@Sendable (AccessLogRecord) -> Void)?, errorLog: (@Sendable (String) -> Void)?) {
        self.configuration = configuration
        self.handler = handler
        self.accessLog = accessLog
        self.errorLog = errorLog
    }

    /// Keeps a libmicrohttpd diagnostic and forwards it to the error hook.
    func record(message: String) {
        recentMessages.withLock { messages in
            messages.append(message)
            if messages.count > 8 { messages.removeFirst(messages.count - 8) }
        }
        errorLog?(message)
    }
}
