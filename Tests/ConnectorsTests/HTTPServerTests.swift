import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization
import Testing
@testable import Connectors

/// A started server on an ephemeral loopback port.
private func startedServer(_ configuration: HTTPServerConfiguration = HTTPServerConfiguration(threads: 2),
                           accessLog: (@Sendable (AccessLogRecord) -> Void)? = nil,
                           handler: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> HTTPServer {
    let server = HTTPServer(configuration: configuration, handler: HTTPHandlerFunction(handler), accessLog: accessLog)
    try server.start()
    return server
}

private func echo(_ request: HTTPRequest) -> HTTPResponse {
    HTTPResponse(status: 200, headers: [(name: "Content-Type", value: "application/octet-stream")], body: request.body)
}

/// Polls `condition` until it holds or a generous deadline passes (a wait, not a timing assertion).
private func eventually(_ condition: () -> Bool) -> Bool {
    for _ in 0..<500 {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

@Suite struct HTTPServerTests {
    @Test func getWithQueryAndHeadersReachesTheHandler() async throws {
        let seen = Mutex<HTTPRequest?>(nil)
        let server = try startedServer { request in
            seen.withLock { $0 = request }
            return HTTPResponse(status: 201, headers: [(name: "X-Answer", value: "oui")], body: Array("bonjour".utf8))
        }
        defer { server.stop() }
        #expect(server.port > 0)

        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/waitlist/abc?a=1&b=deux%20mots&c=%C3%A9t%C3%A9")!)
        request.setValue("Valeur", forHTTPHeaderField: "X-Test-Header")
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        #expect(http.statusCode == 201)
        #expect(http.value(forHTTPHeaderField: "X-Answer") == "oui")
        #expect(String(decoding: data, as: UTF8.self) == "bonjour")

        let received = try #require(seen.withLock { $0 })
        #expect(received.method == "GET")
        #expect(received.path == "/waitlist/abc")
        #expect(received.query.map(\.name) == ["a", "b", "c"])
        #expect(received.query.map(\.value) == ["1", "deux mots", "été"])
        #expect(received.header("X-Test-Header") == "Valeur")
        #expect(received.headers.contains { $0.name == "x-test-header" && $0.value == "Valeur" })
        #expect(received.headers.allSatisfy { $0.name == $0.name.lowercased() })
        #expect(received.remoteAddress == "127.0.0.1")
        #expect(received.body.isEmpty)
    }

    @Test func queryPlusIsSpaceAndRepeatedNamesKeepTheirOrder() throws {
        let seen = Mutex<[(name: String, value: String)]>([])
        let server = try startedServer { request in
            seen.withLock { $0 = request.query }
            return HTTPResponse(status: 204)
        }
        defer { server.stop() }
        #expect(TestHTTPClient.request(port: server.port, target: "/api/slots?q=a+b&n=1&n=2&flag")?.status == 204)
        let query = seen.withLock { $0 }
        #expect(query.map(\.name) == ["q", "n", "n", "flag"])
        #expect(query.map(\.value) == ["a b", "1", "2", ""])
    }

    @Test func postBodyArrivesIntactIncludingBinary() throws {
        let server = try startedServer(handler: echo)
        defer { server.stop() }
        let body = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let response = try #require(TestHTTPClient.request(port: server.port, method: "POST", target: "/upload", body: body))
        #expect(response.status == 200)
        #expect(response.body == body)
    }

    @Test func chunkedBodyUnderTheLimitIsAssembled() throws {
        let server = try startedServer(HTTPServerConfiguration(threads: 2, maxBodyBytes: 4096), handler: echo)
        defer { server.stop() }
        let connection = try #require(TestConnection(port: server.port))
        connection.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        connection.send("5\r\nhello\r\n")
        connection.send("6\r\n world\r\n0\r\n\r\n")
        let response = try #require(connection.readResponse())
        #expect(response.status == 200)
        #expect(response.text == "hello world")
    }

    @Test func announcedOversizeBodyIsRefusedBeforeItIsSent() throws {
        let calls = Atomic<Int>(0)
        let server = try startedServer(HTTPServerConfiguration(threads: 2, maxBodyBytes: 1024)) { request in
            calls.add(1, ordering: .relaxed)
            return echo(request)
        }
        defer { server.stop() }
        // Only the headers go out: the 413 must come back without the body ever being sent.
        let connection = try #require(TestConnection(port: server.port))
        connection.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10000000\r\nConnection: close\r\n\r\n")
        let response = try #require(connection.readResponse())
        #expect(response.status == 413)
        #expect(response.header("Content-Type") == "application/json; charset=utf-8")
        #expect(response.text.contains("\"code\":\"payload_too_large\""))
        #expect(calls.load(ordering: .relaxed) == 0)
    }

    @Test func bodyOneByteOverTheLimitIsRefusedAndAtTheLimitAccepted() throws {
        let server = try startedServer(HTTPServerConfiguration(threads: 2, maxBodyBytes: 1024), handler: echo)
        defer { server.stop() }
        let atLimit = TestHTTPClient.request(port: server.port, method: "POST", target: "/", body: Array(repeating: 1, count: 1024))
        #expect(atLimit?.status == 200)
        #expect(atLimit?.body.count == 1024)
        let over = TestHTTPClient.request(port: server.port, method: "POST", target: "/", body: Array(repeating: 1, count: 1025))
        #expect(over?.status == 413)
    }

    @Test func chunkedBodyOverTheLimitIsRefused() throws {
        let calls = Atomic<Int>(0)
        let server = try startedServer(HTTPServerConfiguration(threads: 2, maxBodyBytes: 4096)) { request in
            calls.add(1, ordering: .relaxed)
            return echo(request)
        }
        defer { server.stop() }
        let connection = try #require(TestConnection(port: server.port))
        connection.send("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
        let chunk = "3e8\r\n" + String(repeating: "x", count: 1000) + "\r\n"
        for _ in 0..<6 { connection.send(chunk) }
        connection.send("0\r\n\r\n")
        let response = try #require(connection.readResponse())
        #expect(response.status == 413)
        #expect(response.text.contains("payload_too_large"))
        #expect(calls.load(ordering: .relaxed) == 0)
    }

    @Test func hundredConcurrentRequestsFromEightThreadsAreAllAnswered() throws {
        let server = try startedServer(HTTPServerConfiguration(threads: 4)) { request in
            HTTPResponse(status: 200, body: Array((request.queryValue("n") ?? "?").utf8))
        }
        defer { server.stop() }
        let answered = Atomic<Int>(0)
        let group = DispatchGroup()
        let port = server.port
        for worker in 0..<8 {
            group.enter()
            let thread = Thread {
                for n in stride(from: worker, to: 100, by: 8) {
                    if let response = TestHTTPClient.request(port: port, target: "/count?n=\(n)"),
                       response.status == 200, response.text == "\(n)" {
                        answered.add(1, ordering: .relaxed)
                    }
                }
                group.leave()
            }
            thread.start()
        }
        group.wait()
        #expect(answered.load(ordering: .relaxed) == 100)
    }

    @Test func connectionsOverThePerIPLimitAreRefusedWithoutHarm() throws {
        let server = try startedServer(HTTPServerConfiguration(threads: 2, maxConnectionsPerIP: 2), handler: echo)
        defer { server.stop() }
        var held: [TestConnection] = []
        for _ in 0..<5 {
            if let connection = TestConnection(port: server.port, receiveTimeoutSeconds: 1) {
                connection.send("GET /hold HTTP/1.1\r\n")  // half a request keeps the slot busy
                held.append(connection)
            }
        }
        // Connections over the limit are closed at once; the two within it stay open.
        var closed = 0
        _ = eventually {
            closed = held.filter { connection in
                var probe = pollfd(fd: connection.descriptor, events: Int16(POLLIN), revents: 0)
                return poll(&probe, 1, 0) > 0
            }.count
            return closed >= 3
        }
        #expect(closed == 3)
        held.removeAll()
        let after = try #require(eventually { TestHTTPClient.request(port: server.port, target: "/")?.status == 200 } ? 200 : nil)
        #expect(after == 200)
    }

    @Test func slowClientIsDroppedAfterTheTimeoutWhileOthersAreServed() throws {
        let server = try startedServer(HTTPServerConfiguration(threads: 2, connectionTimeout: 1)) { _ in
            HTTPResponse(status: 200, body: Array("ok".utf8))
        }
        defer { server.stop() }
        let slow = try #require(TestConnection(port: server.port, receiveTimeoutSeconds: 30))
        slow.send("GET /slow HTTP/1.1\r\nHost: 127.")
        #expect(TestHTTPClient.request(port: server.port, target: "/fast")?.text == "ok")
        let (bytes, closedByPeer) = slow.readUntilClosed()
        #expect(closedByPeer)
        #expect(TestHTTPClient.parse(bytes)?.status != 200)
        #expect(TestHTTPClient.request(port: server.port, target: "/fast")?.text == "ok")
    }

    @Test func stopIsIdempotent() throws {
        let server = try startedServer(handler: echo)
        let port = server.port
        server.stop()
        server.stop()
        #expect(server.port == port)
        #expect(TestConnection(port: port) == nil)
        let neverStarted = HTTPServer(handler: HTTPHandlerFunction(echo))
        neverStarted.stop()
        neverStarted.stop()
    }

    @Test func startingTwiceIsRefused() throws {
        let server = try startedServer(handler: echo)
        defer { server.stop() }
        #expect(throws: HTTPServerError.alreadyStarted) { try server.start() }
    }

    @Test func startingOnATakenPortNamesThePort() throws {
        let first = try startedServer(handler: echo)
        defer { first.stop() }
        let second = HTTPServer(configuration: HTTPServerConfiguration(port: first.port), handler: HTTPHandlerFunction(echo))
        #expect(throws: HTTPServerError.portInUse(host: "127.0.0.1", port: first.port)) { try second.start() }
        #expect(HTTPServerError.portInUse(host: "127.0.0.1", port: first.port).description.contains("port \(first.port) on 127.0.0.1 is already in use"))
        // The first server is unharmed.
        #expect(TestHTTPClient.request(port: first.port, method: "POST", target: "/", body: [1, 2, 3])?.body == [1, 2, 3])
    }

    @Test(arguments: ["localhost", "999.1.1.1", "", "127.0.0.1:80", "example.com"])
    func hostMustBeAnIPLiteral(host: String) {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: host), handler: HTTPHandlerFunction(echo))
        #expect(throws: HTTPServerError.invalidHost(host)) { try server.start() }
    }

    @Test func addressNotOnThisMachineCannotBeBound() {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "192.0.2.1"), handler: HTTPHandlerFunction(echo))
        #expect {
            try server.start()
        } throws: { error in
            guard case .cannotBind(host: "192.0.2.1", port: 0, _) = error as? HTTPServerError else { return false }
            return true
        }
    }

    @Test func outOfRangeConfigurationIsRefused() {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 70_000), handler: HTTPHandlerFunction(echo))
        #expect(throws: HTTPServerError.invalidConfiguration("port 70000 is out of range (0...65535)")) { try server.start() }
        let tooFew = HTTPServer(configuration: HTTPServerConfiguration(threads: 4, maxConnections: 2), handler: HTTPHandlerFunction(echo))
        #expect(throws: HTTPServerError.invalidConfiguration("maxConnections (2) must be at least threads (4)")) { try tooFew.start() }
    }

    @Test func ipv6LoopbackWorksWhenAvailable() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "::1", threads: 1),
                                handler: HTTPHandlerFunction { HTTPResponse(status: 200, body: Array($0.remoteAddress.utf8)) })
        let outcome = Result { () throws(HTTPServerError) in try server.start() }
        if case .failure(.cannotBind) = outcome { return }  // no IPv6 loopback in this environment
        try outcome.get()
        defer { server.stop() }
        #expect(server.port > 0)
        let connection = try #require(TestConnection(port: server.port, ipv6: true))
        connection.send("GET / HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n")
        #expect(connection.readResponse()?.text == "::1")
    }

    @Test func unsendableResponsesBecomeJSON500() throws {
        let server = try startedServer { request in
            switch request.path {
            case "/bad-header": return HTTPResponse(status: 200, headers: [(name: "X-Evil", value: "a\r\nSet-Cookie: x=1")])
            case "/bad-status": return HTTPResponse(status: 42)
            default: return HTTPResponse(status: 200, headers: [(name: "Content-Length", value: "999")], body: [65])
            }
        }
        defer { server.stop() }
        for path in ["/bad-header", "/bad-status"] {
            let response = try #require(TestHTTPClient.request(port: server.port, target: path))
            #expect(response.status == 500)
            #expect(response.header("Set-Cookie") == nil)
            #expect(response.text.contains("\"code\":\"internal_error\""))
        }
        // A hand-set Content-Length is ignored in favour of the real one.
        let response = try #require(TestHTTPClient.request(port: server.port, target: "/ok"))
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == "1")
        #expect(response.text == "A")
    }

    @Test func accessLogReceivesMaskedRecords() throws {
        let records = Mutex<[AccessLogRecord]>([])
        let server = try startedServer(accessLog: { record in records.withLock { $0.append(record) } }) { _ in
            HTTPResponse(status: 200, body: Array("merci".utf8))
        }
        defer { server.stop() }
        #expect(TestHTTPClient.request(port: server.port, target: "/o/SECRETTOKEN/oui?x=1")?.status == 200)
        #expect(eventually { !records.withLock { $0 }.isEmpty })
        let record = try #require(records.withLock { $0.first })
        #expect(record.method == "GET")
        #expect(record.path == "/o/SECR…/oui")
        #expect(record.status == 200)
        #expect(record.bytes == 5)
        #expect(record.remoteAddress == "127.0.0.1")
        #expect(record.durationMicroseconds >= 0)
    }
}
