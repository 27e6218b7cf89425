/// IP address literals to and from `sockaddr`, for binding the listen socket and naming
/// clients. Only literals are accepted: resolving names at start-up would make the bound
/// interface depend on DNS.

import Foundation
import CMicroHTTPD

/// A parsed IPv4 or IPv6 socket address.
struct SocketAddress {
    /// The address bytes, sized for either family.
    private(set) var storage = sockaddr_storage()
    /// True for IPv6.
    let isIPv6: Bool

    /// The address for a literal host and port, or nil if `host` is not an IP literal.
    init?(host: String, port: Int) {
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 {
            isIPv6 = false
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
            address.sin_addr = v4
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
            }
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, host, &v6) == 1 {
            isIPv6 = true
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(truncatingIfNeeded: port).bigEndian
            address.sin6_addr = v6
            withUnsafeMutableBytes(of: &storage) { raw in
                withUnsafeBytes(of: address) { raw.copyMemory(from: $0) }
            }
            return
        }
        return nil
    }

    /// The length `bind(2)` expects for this family.
    var length: socklen_t {
        socklen_t(isIPv6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
    }

    /// The text form of a peer address (`127.0.0.1`, `::1`), or "unknown".
    static func text(of address: UnsafePointer<sockaddr>?) -> String {
        guard let address else { return "unknown" }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let family = Int32(address.pointee.sa_family)
        let written: UnsafePointer<CChar>? = buffer.withUnsafeMutableBufferPointer { out in
            switch family {
            case AF_INET:
                return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                    var bytes = v4.pointee.sin_addr
                    return inet_ntop(AF_INET, &bytes, out.baseAddress, socklen_t(out.count))
                }
            case AF_INET6:
                return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                    var bytes = v6.pointee.sin6_addr
                    return inet_ntop(AF_INET6, &bytes, out.baseAddress, socklen_t(out.count))
                }
            default:
                return nil
            }
        }
        guard written != nil else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Why this address cannot be bound, found by trying to bind a throwaway socket the way
    /// libmicrohttpd does (`SO_REUSEADDR`); nil when the probe binds, and the cause lies elsewhere.
    func bindProblem() -> Int32? {
        let descriptor = socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return errno }
        defer { close(descriptor) }
        var on: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        var copy = storage
        let result = withUnsafePointer(to: &copy) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        return result == 0 ? nil : errno
    }
}
