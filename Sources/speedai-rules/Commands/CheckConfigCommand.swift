import Connectors
import Foundation
import Runtime

/// `speedai-rules check-config --data DIR [--config DIR] [--rules DIR] [--live]`: validates every
/// business's connection settings and says which connectors it will use; `--live` also
/// contacts each calendar provider once.
enum CheckConfigCommand: Command {
    static let name = "check-config"
    static let summary = "validate connection settings; show each business's connectors"
    static let options: [OptionSpec] = [
        .value("--data", help: "data folder (settings default to DATA/config)"),
        .value("--config", help: "folder of <business_id>.json connection settings"),
        .value("--rules", help: "rules folder: also list businesses without settings"),
        .flag("--live", help: "contact each calendar provider: sign in, find the calendar, read it once"),
    ]
    static let help = """
    Usage: speedai-rules check-config --data DIR [--config DIR] [--rules DIR] [--live]

    Reads CONFIG/<business_id>.json for every business (the rule files in --rules, and every
    settings file), checks them (keys, URLs, required fields, secrets present in the
    environment: files only name the variables) and prints one line per business with the
    calendar and SMS connectors it uses. Businesses without a file use the embedded default
    (local calendar, SMS file). Exit 0 when every file is valid, 1 otherwise.

    --live also contacts each business's calendar provider the way `serve` will (sign in,
    find the calendar, read its bookings once; nothing is written) and prints one more line
    per business: what works, or what is wrong (refused password, calendar not found, host
    unreachable, timeout, TLS). Exit 1 when a calendar cannot be read.
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
                    let outcome = CalendarLiveCheck.run(settings.calendar, business: business, client: CurlHTTPClient(),
                                                        now: SystemClock().now())
                    let line = "\(business): " + CalendarLiveCheck.line(outcome, provider: CalendarLiveCheck.providerName(settings.calendar))
                    if case .failed = outcome {
                        failed = true
                        Output.error(line)
                    } else {
                        Output.print(line)
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
