/// A real Radicale CalDAV server for the CalDAV gateway tests, started once per test
/// process on a free loopback port with an empty storage folder. It runs under a small
/// shell guard that reads the test process's pipe: when the test process exits (however it
/// exits) the pipe closes and the guard kills Radicale and removes its folder. The kill is
/// SIGKILL: processes started by Foundation's `Process` inherit the test runner's blocked
/// signal mask, so Radicale would never see a SIGTERM.
import Foundation
import Synchronization
@testable import Connectors

/// The shared Radicale instance.
final class RadicaleServer: Sendable {
    /// Whether `python3 -m radicale` runs here (the tests are skipped otherwise).
    static let available: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "radicale", "--version"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The server, started on first use; nil when it could not start.
    static let shared: RadicaleServer? = RadicaleServer()

    /// `http://127.0.0.1:PORT`.
    let baseURL: String
    private let guardPipe: Pipe
    private let process: Process

    private init?() {
        guard Self.available, let port = LoopbackPort.free() else { return nil }
        let folder = NSTemporaryDirectory() + "radicale-\(UUID().uuidString)"
        let script = """
            python3 -m radicale --server-hosts 127.0.0.1:\(port) --auth-type none \
              --storage-filesystem-folder '\(folder)' </dev/null >/dev/null 2>&1 &
            child=$!
            cat >/dev/null
            kill -9 $child; wait $child; rm -rf '\(folder)'
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", script]
        let pipe = Pipe()
        process.standardInput = pipe
        // Not the test's own output: `swift test` waits for every holder of it to exit.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        self.process = process
        self.guardPipe = pipe
        self.baseURL = "http://127.0.0.1:\(port)"
        // Wait until it answers (bounded: a server that never comes up fails the tests).
        let client = CurlHTTPClient()
        for _ in 0..<300 {
            if case .success = client.send(OutboundHTTPRequest(method: "OPTIONS", url: baseURL + "/", timeout: 2)) { return }
            usleep(50_000)
        }
        return nil
    }

}

/// Records every request, then passes it on (to count what a read asked for).
final class RecordingHTTPClient: HTTPClient {
    private let inner: any HTTPClient
    private let log = Mutex<[OutboundHTTPRequest]>([])

    init(_ inner: any HTTPClient = CurlHTTPClient()) { self.inner = inner }

    func send(_ request: OutboundHTTPRequest) -> Result<OutboundHTTPResponse, HTTPClientError> {
        log.withLock { $0.append(request) }
        return inner.send(request)
    }

    /// The requests so far, and forgets them.
    func take() -> [OutboundHTTPRequest] { log.withLock { log in defer { log = [] }; return log } }
}
