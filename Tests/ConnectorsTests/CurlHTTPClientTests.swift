/// The libcurl client against a real server on 127.0.0.1: methods, bodies, headers, the
/// timeout that makes a call ambiguous, and a refused connection that does not.
import Foundation
import Testing
@testable import Connectors

@Suite("libcurl HTTP client", .serialized)
struct CurlHTTPClientTests {
    static func server(_ body: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.threads = 2
        let server = HTTPServer(configuration: configuration, handler: HTTPHandlerFunction(body))
        try server.start()
        return server
    }

    @Test("a POST carries its body and headers; the answer's status, headers and body come back")
    func postRoundTrip() throws {
        let server = try Self.server { request in
            HTTPResponse(status: 201, headers: [("X-Echo-Method", request.method), ("Content-Type", "text/plain")],
                         body: Array("\(request.header("authorization") ?? "-")|".utf8) + request.body)
        }
        defer { server.stop() }
        let client = CurlHTTPClient()
        let response = try client.send(OutboundHTTPRequest(method: "POST", url: "http://127.0.0.1:\(server.port)/x",
                                                           headers: [.init("Authorization", "Basic abc")],
                                                           body: Array("To=%2B33612345678&Body=Bonjour".utf8))).get()
        #expect(response.status == 201)
        #expect(response.header("x-echo-method") == "POST")
        #expect(response.text == "Basic abc|To=%2B33612345678&Body=Bonjour")
        // The handle is reused for the next request.
        let again = try client.send(OutboundHTTPRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/y")).get()
        #expect(again.status == 201)
        #expect(again.header("x-echo-method") == "GET")
        let put = try client.send(OutboundHTTPRequest(method: "PUT", url: "http://127.0.0.1:\(server.port)/z", body: [1, 2, 3])).get()
        #expect(put.header("x-echo-method") == "PUT")
        #expect(put.body.suffix(3) == [1, 2, 3])
    }

    @Test("a slow provider is a timeout (ambiguous); a closed port is a connection error (not sent)")
    func failures() throws {
        let server = try Self.server { _ in
            Thread.sleep(forTimeInterval: 1.5)
            return HTTPResponse(status: 200)
        }
        defer { server.stop() }
        let client = CurlHTTPClient()
        let slow = client.send(OutboundHTTPRequest(method: "GET", url: "http://127.0.0.1:\(server.port)/", timeout: 0.3))
        guard case .failure(.timeout) = slow else {
            Issue.record("expected a timeout, got \(slow)")
            return
        }
        let refused = client.send(OutboundHTTPRequest(method: "GET", url: "http://127.0.0.1:1/"))
        guard case .failure(.connection) = refused else {
            Issue.record("expected a connection error, got \(refused)")
            return
        }
    }
}
