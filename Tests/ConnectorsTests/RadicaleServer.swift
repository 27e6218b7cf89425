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
    /// A second server that checks passwords: `RadicaleServer.user` with `RadicaleServer.password`.
    static let withPasswords: RadicaleServer? = RadicaleServer(users: [user: password])
    static let user = "bistrot"
    static let password = "bon-mot-de-passe"

    /// `http://127.0.0.1:PORT`.
    let baseURL: String
    /// The password file when passwords are checked (Radicale reads it at every sign-in).
    private let htpasswd: String?
    private let users: Mutex<[String: String]>
    private let guardPipe: Pipe
    private let process: Process

    /// `users` (name: password) turns on password checks (a plain htpasswd file).
    private init?(users: [String: String] = [:]) {
        guard Self.available, let port = LoopbackPort.free() else { return nil }
        let folder = NSTemporaryDirectory() + "radicale-\(UUID().uuidString)"
        var auth = "--auth-type none"
        self.users = Mutex(users)
        htpasswd = users.isEmpty ? nil : folder + ".htpasswd"
        if let file = htpasswd {
            guard Self.write(users, to: file) else { return nil }
            auth = "--auth-type htpasswd --auth-htpasswd-filename '\(file)' --auth-htpasswd-encryption plain"
        }
        let script = """
            python3 -m radicale --server-hosts 127.0.0.1:\(port) \(auth) \
              --storage-filesystem-folder '\(folder)' </dev/null >/dev/null 2>&1 &
            child=$!
            cat >/dev/null
            kill -9 $child; wait $child; rm -rf '\(folder)' '\(folder).htpasswd'
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

    /// Gives `user` the password `password` (a new account, or a changed password).
    func setPassword(_ user: String, _ password: String) {
        guard let htpasswd else { return }
        let all = users.withLock { users -> [String: String] in
            users[user] = password
            return users
        }
        _ = Self.write(all, to: htpasswd)
    }

    private static func write(_ users: [String: String], to file: String) -> Bool {
        let lines = users.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)\n" }.joined()
        return (try? lines.write(toFile: file, atomically: true, encoding: .utf8)) != nil
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
