/// `speedai-rules privacy export|erase`: a customer's GDPR requests by phone number, on the
/// data folder's database. Thin: `PrivacyTool` (Connectors) loads the businesses and runs the
/// same export and erasure as the dashboard. Erasure writes the engine log, so `serve` must be
/// stopped (the dashboard's « Données personnelles » does it with the service running).
import Connectors
import Foundation
import Runtime

/// Exports or erases what is held about a phone number.
enum PrivacyCommand: Command {
    static let name = "privacy"
    static let summary = "export or erase what is held about a phone number (GDPR)"
    static let options: [OptionSpec] = [
        .value("--data", help: "data folder of the server (speedai.db)"),
        .value("--business", help: "only this establishment (default: every one in the database)"),
        .value("--phone", help: "the customer's number, as they give it (06 12 34 56 78, +33 6 ...)"),
        .value("--by", help: "erase: who asked, for the journal (default: operator)"),
    ]
    static let help = """
    Usage: speedai-rules privacy export --data DIR --phone NUMBER [--business ID]
           speedai-rules privacy erase  --data DIR --phone NUMBER [--business ID] [--by NAME]

    export prints, as JSON, everything held about the number: entries, their history,
    offers and the SMS sent. erase closes the number's open entries, anonymises all of
    them (phone, names, email), compacts the event log so no copy remains, and removes the
    number's lines from DIR/sms.jsonl; statistics are kept. A number STOP-listed stays
    STOP-listed, by its SHA-256 only. Stop `serve` before erasing: it writes the same log
    (with the service running, use the dashboard's « Données personnelles » page).

    Options:
    \(options.map { "  " + $0.names[0].padding(toLength: 12, withPad: " ", startingAt: 0) + $0.help }.joined(separator: "\n"))
    """

    static func run(_ arguments: inout ParsedArguments) throws -> Int32 {
        guard arguments.positional.count == 1, let action = arguments.positional.first, ["export", "erase"].contains(action) else {
            throw UsageError(message: "give one of: export, erase")
        }
        guard let data = arguments.last("--data") else { throw UsageError(message: "--data DIR is required") }
        guard let raw = arguments.last("--phone") else { throw UsageError(message: "--phone NUMBER is required") }
        guard let phone = PhoneNumber.normalize(raw) else {
            throw UsageError(message: "--phone '\(raw)' is not a phone number; write it like 06 12 34 56 78 or +33 6 12 34 56 78")
        }
        let path = SQLiteStore.defaultPath(dataDirectory: data)
        guard FileManager.default.fileExists(atPath: path) else {
            Output.error("error: no database at \(path)")
            return ExitStatus.failure
        }
        let shown = PhoneNumber.display(phone)
        do {
            let tool = try PrivacyTool(dataDirectory: data, businesses: arguments.last("--business").map { [$0] })
            defer { tool.close() }
            if action == "export" {
                let object = try tool.service.privacyExport(phone: phone, businesses: tool.businesses) ?? [:]
                guard let found = object["establishments"] as? [Any], !found.isEmpty else {
                    Output.print("nothing held about \(shown)")
                    return ExitStatus.success
                }
                let json = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
                Output.print(String(decoding: json, as: UTF8.self))
                return ExitStatus.success
            }
            let erasures = try tool.service.privacyErase(phone: phone, businesses: tool.businesses,
                                                         by: arguments.last("--by") ?? "operator") ?? []
            guard !erasures.isEmpty else {
                Output.print("nothing held about \(shown)")
                return ExitStatus.success
            }
            var incomplete = false
            for erasure in erasures {
                if let failure = erasure.smsFileError {
                    incomplete = true
                    Output.error("error: \(erasure.business): \(erasure.entries) \(erasure.entries == 1 ? "entry" : "entries") erased "
                                 + "for \(shown) in the database, but sms.jsonl could not be rewritten (\(failure)); the rewrite "
                                 + "stays pending: run this erasure again, or start serve, which retries it")
                    continue
                }
                Output.print("\(erasure.business): \(erasure.entries) \(erasure.entries == 1 ? "entry" : "entries") erased for \(shown), "
                             + "\(erasure.smsFileLines) line\(erasure.smsFileLines == 1 ? "" : "s") removed from sms.jsonl")
            }
            return incomplete ? ExitStatus.failure : ExitStatus.success
        } catch let error as ServiceError {
            Output.error("error: \(error)")
            return ExitStatus.failure
        }
    }
}
