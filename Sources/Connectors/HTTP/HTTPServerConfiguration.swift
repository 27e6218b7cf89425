/// How the HTTP server listens and what it tolerates. Defaults suit a service behind a
/// reverse proxy on the same host: loopback only, bounded connections and bodies, so one
/// misbehaving client cannot exhaust memory or file descriptors.

import Foundation

/// Listening address, thread pool and limits for `HTTPServer`.
public struct HTTPServerConfiguration: Sendable {
    /// The IPv4 or IPv6 literal to bind (`127.0.0.1`, `::1`, `0.0.0.0`); host names are refused.
    public var host: String
    /// The TCP port; 0 picks a free ephemeral port (read it back from `HTTPServer.port`).
    public var port: Int
    /// Worker threads polling connections; each runs the handler synchronously.
    public var threads: Int
    /// Seconds of inactivity after which a connection is dropped (slow or stalled clients).
    public var connectionTimeout: Int
    /// Concurrent connections accepted in total.
    public var maxConnections: Int
    /// Concurrent connections accepted from one IP address.
    public var maxConnectionsPerIP: Int
    /// Largest request body accepted; larger ones are answered 413.
    public var maxBodyBytes: Int
    /// Pending-connection queue length passed to `listen(2)`.
    public var listenBacklog: Int

    /// A configuration; every parameter has a safe default.
    public init(host: String = "127.0.0.1", port: Int = 0,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                connectionTimeout: Int = 15, maxConnections: Int = 1024, maxConnectionsPerIP: Int = 64,
                maxBodyBytes: Int = 64 * 1024, listenBacklog: Int = 511) {
        self.host = host
        self.port = port
        self.threads = threads
        self.connectionTimeout = connectionTimeout
        self.maxConnections = maxConnections
        self.maxConnectionsPerIP = maxConnectionsPerIP
        self.maxBodyBytes = maxBodyBytes
        self.listenBacklog = listenBacklog
    }

    /// The first setting that cannot work, in words for the operator; nil when all are usable.
    func problem() -> String? {
        if !(0...65_535).contains(port) { return "port \(port) is out of range (0...65535)" }
        if !(1...1024).contains(threads) { return "threads is \(threads); use 1...1024" }
        if !(0...86_400).contains(connectionTimeout) { return "connectionTimeout is \(connectionTimeout) s; use 0...86400 (0 = never)" }
        if !(1...1_000_000).contains(maxConnections) { return "maxConnections is \(maxConnections); use 1...1000000" }
        // libmicrohttpd splits the connection limit between the pool's threads.
        if maxConnections < threads { return "maxConnections (\(maxConnections)) must be at least threads (\(threads))" }
        if !(0...1_000_000).contains(maxConnectionsPerIP) { return "maxConnectionsPerIP is \(maxConnectionsPerIP); use 0...1000000 (0 = no limit)" }
        if maxBodyBytes < 0 || maxBodyBytes > 1 << 30 { return "maxBodyBytes is \(maxBodyBytes); use 0...1 GiB" }
        if !(1...65_535).contains(listenBacklog) { return "listenBacklog is \(listenBacklog); use 1...65535" }
        return nil
    }
}
