/// Fires many HTTP requests at the server at the same instant, for the race campaign. URLSession
/// caps connections per host and always connects from 127.0.0.1, where the server allows 64
/// connections per client address; this opens every connection first, spread over several
/// loopback source addresses (127.0.0.2, 127.0.0.3, …), then writes every request in one tight
/// loop, so they all reach the server together. Only the status line of each answer is read:
/// the campaign checks outcomes through the pages, the SMS file and the calendar afterwards.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request of a burst and what came back.
struct BurstResult: Sendable {
    /// The HTTP status, or 0 when the connection failed or closed without an answer.
    var status: Int
    /// Seconds from the end of the write to the end of the answer.
    var latency: Double
    /// Why there is no status, for the failure message.
    var failure: String?
}

/// A problem setting up a burst (no socket, no connection).
struct LoopbackBurstError: Error, CustomStringConvertible {
    var description: String
}

/// Sends raw HTTP/1.1 requests over sockets bound to several loopback source addresses.
enum LoopbackBurst {
    /// Connections per source address: under the server's 64, with room for the test's own client.
    static let connectionsPerAddress = 50

    /// POSTs an empty form to each path (`/o/…/oui`) on `port`, all at once; results in path order.
    static func postEmptyForms(port: Int, paths: [String]) throws -> [BurstResult] {
        let requests = paths.map { path in
            "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: 0\r\nConnection: close\r\n\r\n"
        }
        return try send(port: port, requests: requests.map { Array($0.utf8) })
    }

    /// Connects one socket per request, writes them all, then collects every answer.
    static func send(port: Int, requests: [[UInt8]]) throws -> [BurstResult] {
        var sockets: [Int32] = []
        defer { for socket in sockets where socket >= 0 { close(socket) } }
        for index in requests.indices {
            sockets.append(try connect(port: port, source: 2 + index / connectionsPerAddress))
        }
        var sentAt = [Double](repeating: 0, count: requests.count)
        var results = [BurstResult](repeating: BurstResult(status: 0, latency: 0, failure: "no answer"), count: requests.count)
        var open = Set(requests.indices)
        let indexOf = Dictionary(uniqueKeysWithValues: sockets.enumerated().map { ($1, $0) })
        for (index, request) in requests.enumerated() {
            let written = request.withUnsafeBytes { Glibc.send(sockets[index], $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            sentAt[index] = now()
            if written != request.count {
                results[index].failure = "write failed: \(String(cString: strerror(errno)))"
                open.remove(index)
            }
        }
        var answers = [[UInt8]](repeating: [], count: requests.count)
        let deadline = now() + 120
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !open.isEmpty && now() < deadline {
            var fds = open.map { pollfd(fd: sockets[$0], events: Int16(POLLIN), revents: 0) }
            let ready = poll(&fds, nfds_t(fds.count), 1000)
            if ready < 0 && errno != EINTR { throw LoopbackBurstError(description: "poll failed: \(String(cString: strerror(errno)))") }
            for fd in fds where fd.revents != 0 {
                guard let index = indexOf[fd.fd] else { continue }
                let count = recv(fd.fd, &buffer, buffer.count, 0)
                if count > 0 {
                    answers[index].append(contentsOf: buffer[0..<count])
                    continue
                }
                // Closed (Connection: close) or reset: the answer is what arrived.
                open.remove(index)
                results[index] = parse(answers[index], latency: now() - sentAt[index],
                                       closedBy: count < 0 ? String(cString: strerror(errno)) : nil)
            }
        }
        return results
    }

    /// The status code of the answer's first line.
    static func parse(_ answer: [UInt8], latency: Double, closedBy error: String?) -> BurstResult {
        let head = String(decoding: answer.prefix(64), as: UTF8.self)
        let parts = head.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            return BurstResult(status: 0, latency: latency,
                               failure: "no status line (\(answer.count) bytes\(error.map { ", \($0)" } ?? ""))")
        }
        return BurstResult(status: status, latency: latency, failure: nil)
    }

    /// A blocking TCP connection from `127.0.0.SOURCE` to `127.0.0.1:port`.
    static func connect(port: Int, source: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw LoopbackBurstError(description: "socket(): \(String(cString: strerror(errno)))") }
        var local = address(host: "127.0.0.\(source)", port: 0)
        var remote = address(host: "127.0.0.1", port: port)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        let connected = bound == 0 ? withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } : -1
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw LoopbackBurstError(description: "connect from 127.0.0.\(source) to port \(port): \(reason)")
        }
        return socket
    }

    static func address(host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = inet_pton(AF_INET, host, &address.sin_addr)
        return address
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Count, spread and outcome figures of a burst, printed by the campaign.
struct BurstFigures: CustomStringConvertible {
    var results: [BurstResult]

    /// The latency at quantile `q` (0...1), in milliseconds.
    func latency(_ q: Double) -> Double {
        let sorted = results.map(\.latency).sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * q))] * 1000
    }

    /// `303×999 410×1`.
    var statuses: String {
        Dictionary(grouping: results, by: \.status).sorted { $0.key < $1.key }
            .map { "\($0.key)×\($0.value.count)" }.joined(separator: " ")
    }

    var description: String {
        String(format: "%d requests, statuses %@, latency min %.1f ms p50 %.1f ms p90 %.1f ms p99 %.1f ms max %.1f ms",
               results.count, statuses, latency(0), latency(0.5), latency(0.9), latency(0.99), latency(1))
    }
}
