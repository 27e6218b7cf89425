import Connectors
import Dispatch
import Foundation
import Runtime

/// `speedai-rules serve`: runs the waitlist service (HTTP API, public pages, calendar polling,
/// SMS outbox) until SIGINT or SIGTERM.
enum ServeCommand: Command {
    static let name = "serve"
    static let summary = "run the waitlist service (API, public pages, outbox)"
    static let options: [OptionSpec] = [
        .value("--rules", help: "folder of rule files, one <business_id>.rules each"),
        .value("--data", help: "data folder (speedai.db, sms.jsonl)"),
        .value("--config", help: "folder of <business_id>.json connection settings (default DATA/config)"),
        .value("--host", help: "address to listen on (default 127.0.0.1)"),
        .value("--port", help: "port to listen on (default 8080)"),
        .value("--public-url", help: "base URL of the public pages (default http://HOST:PORT)"),
        .flag("--demo", help: "serve the demo establishment with a seeded calendar"),
        .value("--poll-interval", help: "calendar polling interval in seconds (overrides the rule files)"),
        .value("--threads", help: "HTTP worker threads (default: 8 per core, at least 32)"),
        .value("--max-connections-per-ip", help: "open connections per client address (default 64; 0: no limit, e.g. behind a proxy)"),
        .value("--rate-limit", help: "API requests per second per client address (0: no limit)"),
        .value("--invitations-per-hour", help: "invitations per phone number per hour (0: no limit)"),
        .flag("--outbox-paused", help: "queue SMS and calendar writes without sending them"),
        .flag("--test-clock", help: "enable POST /_test/clock (tests only)"),
    ]
    static let help = """
    Usage: speedai-rules serve [--rules DIR] [--data DIR] [--host H] [--port P] [--public-url URL] [--demo]

    Runs the SpeedAI waitlist service: the triggerWaitlistFlow API
    (POST /api/v1/waitlist/trigger), GET /api/v1/availability, the public pages
    /waitlist/{token} and /o/{token}/oui|non, /healthz and /metrics. Rule files are
    reloaded when they change; a file that fails `check` is reported and the last good
    version keeps running. Logs are JSON lines on stderr.

    The API key comes from the environment variable SPEEDAI_API_KEY. With --demo, the
    establishment `demo` is served with tomorrow's dinner fully booked in the local
    calendar, SMS are printed and written to DATA/sms.jsonl, and a key is generated when
    SPEEDAI_API_KEY is unset.

    Options:
    \(options.map { "  " + $0.names[0].padding(toLength: 24, withPad: " ", startingAt: 0) + $0.help }.joined(separator: "\n"))
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard arguments.positional.isEmpty else { throw UsageError(message: "serve takes no positional argument") }
        let demo = arguments.has("--demo")
        var options = ServeOptions(dataDirectory: arguments.last("--data") ?? (demo ? ".speedai-demo" : "data"))
        options.rulesDirectory = arguments.last("--rules")
        options.configDirectory = arguments.last("--config")
        options.demo = demo
        options.echoSMS = demo
        options.publicURL = arguments.last("--public-url")
        options.testClock = arguments.has("--test-clock")
        options.outboxPaused = arguments.has("--outbox-paused")
        if let host = arguments.last("--host") { options.host = host }
        if let port = arguments.last("--port") {
            guard let value = Int(port), (0...65_535).contains(value) else { throw UsageError(message: "--port must be 0 to 65535") }
            options.port = value
        }
        if let seconds = arguments.last("--poll-interval") {
            guard let value = Int64(seconds), value >= 1 else { throw UsageError(message: "--poll-interval must be a whole number of seconds ≥ 1") }
            options.pollInterval = .seconds(value)
        }
        if let threads = arguments.last("--threads") {
            guard let value = Int(threads), (1...256).contains(value) else { throw UsageError(message: "--threads must be 1 to 256") }
            options.threads = value
        }
        if let limit = arguments.last("--max-connections-per-ip") {
            guard let value = Int(limit), (0...1_000_000).contains(value) else {
                throw UsageError(message: "--max-connections-per-ip must be 0 (no limit) to 1000000")
            }
            options.maxConnectionsPerIP = value
        }
        if let rate = arguments.last("--rate-limit") {
            guard let value = Double(rate), value >= 0 else { throw UsageError(message: "--rate-limit must be a number ≥ 0") }
            options.apiRequestsPerSecond = value
        }
        if let invitations = arguments.last("--invitations-per-hour") {
            guard let value = Int(invitations), value >= 0 else { throw UsageError(message: "--invitations-per-hour must be ≥ 0") }
            options.invitationsPerPhonePerHour = value
        }
        let host: ServiceHost
        do {
            host = try ServiceHost.start(options, telemetry: ServiceTelemetry())
        } catch {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
        Output.print(ServeBanner.text(host: host, options: options))
        ShutdownSignals.wait()
        host.stop()
        Output.error("{\"level\":\"info\",\"msg\":\"stopped\"}")
        return ExitStatus.success
    }
}

/// Blocks until SIGINT or SIGTERM.
enum ShutdownSignals {
    static func wait() {
        let done = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { done.signal() }
            source.resume()
            sources.append(source)
        }
        done.wait()
        sources.forEach { $0.cancel() }
    }
}
