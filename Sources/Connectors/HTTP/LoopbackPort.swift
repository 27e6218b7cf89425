/// A free TCP port on 127.0.0.1, for a server whose public URL must be known before it
/// starts (tests, the bench, local emulators): bind to port 0, read the port, close.
///
/// Between the close and the server's own bind the kernel may hand the same port to another
/// caller; two servers started at once in one process (parallel tests) then got one port, and
/// with address reuse both listened on it, each answering the other's clients. So a port is
/// handed out at most once per process.
import Glibc
import Synchronization

/// Free loopback ports.
public enum LoopbackPort {
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port nobody listens on right now and this process never handed out before, or nil
    /// when no socket could be bound.
    public static func free() -> Int? {
        for _ in 0..<64 {
            guard let port = unusedPort() else { return nil }
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        return nil
    }

    /// A port the kernel says is free now.
    private static func unusedPort() -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { return nil }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { return nil }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
