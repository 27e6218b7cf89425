/// Runs the built `speedai-rules serve` as a real process for end-to-end tests: a temp folder
/// with the rule file and the data folder, a free port on 127.0.0.1, the banner line read
/// from stdout, and graceful (SIGTERM) or brutal (SIGKILL) stops that a restart can follow.
@testable import Connectors
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A problem starting or stopping the service.
struct ServiceProcessError: Error, CustomStringConvertible {
    var description: String
}

/// A test installation: rules, data and logs in one temp folder, and at most one running server.
final class ServiceProcess: @unchecked Sendable {
    // @unchecked Sendable: `process` is only replaced by `start`/`stop`, which the serialized
    // tests call from one task at a time; every other property is immutable.

    /// The temp folder holding `rules/`, `data/` and the server's logs.
    let root: URL
    /// `--rules`.
    let rulesDirectory: URL
    /// `--data`.
    let dataDirectory: URL
    /// The port the server listens on (the same across restarts, so links stay valid).
    let port: Int
    /// The API key given in `SPEEDAI_API_KEY`.
    let apiKey = "e2e-test-key-0123456789"
    /// `http://127.0.0.1:PORT`, also the public URL.
    var baseURL: String { "http://127.0.0.1:\(port)" }
    /// The SMS file of the data folder.
    var sms: SMSLog { SMSLog(dataDirectory: dataDirectory) }

    private var process: Process?
    private var runs = 0

    /// A fresh installation with `rules` as `testbistro.rules`.
    init(rules: String = TestBistro.rules) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("speedai-e2e-\(UUID().uuidString)")
        rulesDirectory = root.appendingPathComponent("rules")
        dataDirectory = root.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: rulesDirectory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try Data(rules.utf8).write(to: rulesDirectory.appendingPathComponent("\(TestBistro.id).rules"))
        guard let free = LoopbackPort.free() else { throw ServiceProcessError(description: "no free loopback port") }
        port = free
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Starts `serve` and waits for its banner. Each run logs to `root/serve-N.{out,err}`.
    func start(extraArguments: [String] = ["--test-clock"], seconds: Double = 60) throws {
        let (process, out, err) = try launch(extraArguments: extraArguments)
        let banner = "SpeedAI waitlist service listening on http://127.0.0.1:\(port)"
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let text = (try? String(contentsOf: out, encoding: .utf8)) ?? ""
            if let first = text.split(separator: "\n").first, first.hasPrefix("SpeedAI waitlist service listening on") {
                guard first == banner else {
                    throw ServiceProcessError(description: "unexpected banner '\(first)', expected '\(banner)'")
                }
                return
            }
            if !process.isRunning {
                throw ServiceProcessError(description: "serve exited with status \(process.terminationStatus) before listening:\n"
                                          + ((try? String(contentsOf: err, encoding: .utf8)) ?? ""))
            }
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                throw ServiceProcessError(description: "serve printed no banner within \(Int(seconds)) s; stderr:\n"
                                          + ((try? String(contentsOf: err, encoding: .utf8)) ?? ""))
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Starts `serve` and SIGKILLs it `seconds` later, listening yet or not: a crash while it
    /// opens the database, replays its log or resends its outbox.
    func startAndKill(after seconds: Double, extraArguments: [String] = ["--test-clock"]) throws {
        _ = try launch(extraArguments: extraArguments)
        Thread.sleep(forTimeInterval: seconds)
        killHard()
    }

    /// Launches `serve` without waiting: the process and its stdout/stderr files.
    private func launch(extraArguments: [String]) throws -> (Process, URL, URL) {
        precondition(process == nil || process?.isRunning == false, "the service is already running")
        runs += 1
        let out = root.appendingPathComponent("serve-\(runs).out")
        let err = root.appendingPathComponent("serve-\(runs).err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["serve", "--rules", rulesDirectory.path, "--data", dataDirectory.path,
                             "--host", "127.0.0.1", "--port", "\(port)", "--poll-interval", "1"] + extraArguments
        var environment = ProcessInfo.processInfo.environment
        environment["SPEEDAI_API_KEY"] = apiKey
        process.environment = environment
        process.currentDirectoryURL = root
        // Files, not pipes: nobody has to drain them while the server runs.
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        self.process = process
        return (process, out, err)
    }

    /// SIGTERM, then waits for the exit; returns the exit status (0 for a graceful stop).
    @discardableResult
    func stop() -> Int32 {
        guard let process else { return 0 }
        self.process = nil
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGINT (Ctrl-C), then waits for the exit; returns the exit status.
    func interrupt() -> Int32 {
        guard let process else { return 0 }
        self.process = nil
        if process.isRunning { process.interrupt() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// SIGKILL: the server dies without any chance to tidy up (a crash or power cut).
    func killHard() {
        guard let process else { return }
        self.process = nil
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// SIGTERM, then SIGKILL `seconds` later if it is still running: a crash in the middle of a
    /// graceful stop (background threads finishing, snapshots being written).
    func stopThenKill(after seconds: Double) {
        guard let process else { return }
        self.process = nil
        if process.isRunning { process.terminate() }
        Thread.sleep(forTimeInterval: seconds)
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// What the last run wrote on stderr (its JSON-lines log), for failure messages.
    var lastStandardError: String {
        (try? String(contentsOf: root.appendingPathComponent("serve-\(runs).err"), encoding: .utf8)) ?? ""
    }

    /// Runs `speedai-rules calendar ACTION --data DATA --business testbistro ...`.
    func calendar(_ action: String, _ arguments: [String] = []) throws -> CLIResult {
        try CLI.run(["calendar", action, "--data", dataDirectory.path, "--business", TestBistro.id] + arguments, in: root)
    }

    /// The lines of `calendar list` from the start of the evening on.
    func bookings(from evening: Evening) throws -> [String] {
        let result = try calendar("list", ["--from", evening.slot("00:00")])
        guard result.status == 0 else {
            throw ServiceProcessError(description: "calendar list failed (\(result.status)): \(result.stderr)")
        }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// Who listens on this server's port (`ss -ltnp`), against its own pid, for failure messages.
    func listeners() -> String {
        let ss = Process()
        ss.executableURL = URL(fileURLWithPath: "/bin/sh")
        ss.arguments = ["-c", "ss -ltnp 2>/dev/null | grep ':\(port) ' || true"]
        let pipe = Pipe()
        ss.standardOutput = pipe
        try? ss.run()
        ss.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return "serve pid \(process?.processIdentifier ?? -1); listening: \(text)"
    }

    /// `curl` of a path with the API key, on a new connection (for failure messages).
    func curl(_ path: String) -> String {
        let curl = Process()
        curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        curl.arguments = ["-s", "-H", "Authorization: Bearer \(apiKey)", baseURL + path]
        let pipe = Pipe()
        curl.standardOutput = pipe
        try? curl.run()
        curl.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    /// What the database logged (`sequence kind payload…`), for failure messages.
    func loggedEvents() -> [String] {
        guard let db = try? SQLiteConnection(path: dataDirectory.appendingPathComponent("speedai.db").path,
                                             flags: SQLiteConnection.readFlags) else { return ["no database"] }
        defer { db.close() }
        let now = Int64(Date().timeIntervalSince1970)
        return (try? db.query("SELECT sequence, kind, at, substr(payload, 1, 160) FROM events ORDER BY business, sequence") {
            "\($0.int64(0)) \($0.text(1)) \(now - $0.int64(2)) s ago \($0.text(3))"
        }) ?? ["events unreadable"]
    }

    /// The last lines the server logged on stderr, access-log lines left out (for failure messages).
    func logTail(_ count: Int = 12) -> String {
        let err = root.appendingPathComponent("serve-\(runs).err")
        let text = (try? String(contentsOf: err, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { !$0.contains("\"http request\"") }.suffix(count).joined(separator: "\n")
    }

    /// Removes the temp folder (after the server stopped).
    func removeFiles() {
        killHard()
        try? FileManager.default.removeItem(at: root)
    }

}
