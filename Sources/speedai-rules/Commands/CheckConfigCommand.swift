import Connectors
import Foundation
import Runtime

/// `speedai-rules check-config --data DIR [--config DIR] [--rules DIR] [--live]`: validates every
/// business's connection settings and says which connectors it will use; `--live` also
/// contacts each provider once.
enum CheckConfigCommand: Command {
    static let name = "check-config"
    static let summary = "validate connection settings; show each business's connectors"
    static let options: [OptionSpec] = [
        .value("--data", help: "data folder (settings default to DATA/config)"),
        .value("--config", help: "folder of <business_id>.json connection settings"),
        .value("--rules", help: "rules folder: also list businesses without settings"),
        .flag("--live", help: "contact each provider: calendar (sign in, find it, read it once) and SMS (sign in, send nothing)"),
    ]
    static let help = """
    Usage: speedai-rules check-config --data DIR [--config DIR] [--rules DIR] [--live]

    Reads CONFIG/<business_id>.json for every business (the rule files in --rules, and every
    settings file), checks them (keys, URLs, required fields, secrets present in the
    environment: files only name the variables) and prints one line per business with the
    calendar and SMS connectors it uses. Businesses without a file use the embedded default
    (local calendar, SMS file). Exit 0 when every file is valid, 1 otherwise.

    --live also contacts each business's providers the way `serve` will and prints one line
    per provider: what works, or what is wrong (refused password, calendar not found, host
    unreachable, timeout, TLS). The calendar is signed in to, found and read once; the SMS
    provider gets one read-only call (no SMS is sent). Nothing is written. Exit 1 when a
    provider cannot be used.
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard arguments.positional.isEmpty else { throw UsageError(message: "check-config takes no positional argument") }
        guard let data = arguments.last("--data") ?? arguments.last("--config").map({ _ in "" }) else {
            throw UsageError(message: "--data DIR (or --config DIR) is required")
        }
        let configDirectory = arguments.last("--config") ?? "\(data)/config"
        var businesses = Set<String>()
        let files = (try? FileManager.default.contentsOfDirectory(atPath: configDirectory)) ?? []
        for file in files where file.hasSuffix(".json") { businesses.insert(String(file.dropLast(5))) }
        if let rules = arguments.last("--rules") {
            let ruleFiles = (try? FileManager.default.contentsOfDirectory(atPath: rules)) ?? []
            for file in ruleFiles where file.hasSuffix(".rules") { businesses.insert(String(file.dropLast(6))) }
        }
        if businesses.isEmpty {
            Output.error("no business found: no settings in \(configDirectory)" + (arguments.last("--rules") == nil ? " (give --rules DIR to list businesses)" : ""))
            return ExitStatus.failure
        }
        let loader = ConnectionSettingsLoader(environment: ProcessInfo.processInfo.environment)
        let live = arguments.has("--live")
        var failed = false
        for business in businesses.sorted() {
            switch loader.load(business: business, directory: configDirectory) {
            case .success(let settings):
                Output.print("\(business): \(settings.summary)")
                if live {
                    let client = CurlHTTPClient()
                    let outcome = CalendarLiveCheck.run(settings.calendar, business: business, client: client, now: SystemClock().now())
                    var calendarOK = true
                    if case .failed = outcome { calendarOK = false }
                    let lines = [LiveCheckLine(ok: calendarOK, text: CalendarLiveCheck.line(outcome, provider: CalendarLiveCheck.providerName(settings.calendar))),
                                 SMSLiveCheck.run(settings.sms, client: client)]
                    for line in lines {
                        if line.ok { Output.print("\(business): \(line.text)") } else { Output.error("\(business): \(line.text)") }
                        failed = failed || !line.ok
                    }
                }
            case .failure(let problems):
                failed = true
                Output.print("\(business): invalid settings")
                for problem in problems.problems { Output.error("error: \(problem)") }
            }
        }
        return failed ? ExitStatus.failure : ExitStatus.success
    }
}
