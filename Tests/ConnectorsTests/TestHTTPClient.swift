/// A blocking HTTP/1.1 test client on raw sockets, for the server tests that need control
/// over the bytes on the wire (chunked bodies, half-sent requests, many connections).
/// Every request says `Connection: close`, so a response is simply everything until EOF.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A parsed response as the test client saw it.
struct TestHTTPResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// One TCP connection to 127.0.0.1.
final class TestConnection {
    let descriptor: Int32

    /// Connects to `port` on loopback (`127.0.0.1`, or `::1` with `ipv6`); nil if refused.
    init?(port: Int, ipv6: Bool = false, receiveTimeoutSeconds: Int = 20) {
        descriptor = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        var timeout = timeval(tv_sec: receiveTimeoutSeconds, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            address.sin6_addr = in6addr_loopback
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        if connected != 0 {
            close(descriptor)
            return nil
        }
    }

    deinit { close(descriptor) }

    /// Writes all of `bytes`; false if the peer closed.
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let written = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return false }
            sent += written
        }
        return true
    }

    @discardableResult
    func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Everything until the peer closes (or the receive timeout passes).
    func readToEnd() -> [UInt8] {
        readUntilClosed().bytes
    }

    /// Everything received, and whether the peer closed (EOF or reset) rather than the
    /// receive timeout passing.
    func readUntilClosed() -> (bytes: [UInt8], closedByPeer: Bool) {
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count == 0 { return (received, true) }
            if count < 0 { return (received, errno != EAGAIN && errno != EWOULDBLOCK) }
            received.append(contentsOf: buffer[0..<count])
        }
    }

    /// The response read to EOF, parsed; nil if nothing parsable arrived.
    func readResponse() -> TestHTTPResponse? {
        TestHTTPClient.parse(readToEnd())
    }
}

/// Request helpers over `TestConnection`.
enum TestHTTPClient {
    /// Sends one request and reads its response.
    static func request(port: Int, method: String = "GET", target: String, headers: [(String, String)] = [],
                        body: [UInt8]? = nil) -> TestHTTPResponse? {
        guard let connection = TestConnection(port: port) else { return nil }
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if let body { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        connection.send(Array(head.utf8) + (body ?? []))
        return connection.readResponse()
    }

    /// Splits a raw response into status, headers and body.
    static func parse(_ raw: [UInt8]) -> TestHTTPResponse? {
        let separator: [UInt8] = [13, 10, 13, 10]
        guard raw.count >= 4, let end = (0...(raw.count - 4)).first(where: { Array(raw[$0..<$0 + 4]) == separator }) else { return nil }
        let head = String(decoding: raw[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { return nil }
        let headers = head.dropFirst().compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (name: String(line[..<colon]), value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return TestHTTPResponse(status: status, headers: headers, body: Array(raw[(end + 4)...]))
    }
}
