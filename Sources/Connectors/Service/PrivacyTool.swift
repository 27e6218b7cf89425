/// The command line's GDPR tool: a service over a data folder's database, without a rules
/// folder or HTTP, that loads every stored business from its snapshot and log and runs the
/// same `privacyExport` / `privacyErase` as the dashboard. Run it with `serve` stopped: it
/// writes the engine log and rewrites `sms.jsonl`, which a running service also writes.
import Foundation
import Runtime

/// Export and erasure from the command line.
public final class PrivacyTool: Sendable {
    /// The service the tool drives (no background work, no HTTP).
    public let service: WaitlistService
    let store: SQLiteStore

    /// Opens `dataDirectory/speedai.db` and loads `businesses` (every stored one when nil).
    public init(dataDirectory: String, businesses: [String]?) throws(ServiceError) {
        do { store = try SQLiteStore(path: SQLiteStore.defaultPath(dataDirectory: dataDirectory)) } catch { throw .storage(error) }
        let configuration = ServiceConfiguration(rulesDirectory: dataDirectory + "/rules", dataDirectory: dataDirectory,
                                                 publicURL: nil, apiKey: SecureRandom.token())
        let smsPath = dataDirectory + "/sms.jsonl"
        let sms: any SMSSender = FileManager.default.fileExists(atPath: smsPath)
            ? ((try? FileSMSSink(path: smsPath)).map { $0 as any SMSSender } ?? NoSMS()) : NoSMS()
        service = WaitlistService(configuration: configuration, store: store, clock: SystemClock(),
                                  calendar: LocalCalendar(store: store), sms: sms, telemetry: ServiceTelemetry())
        let stored: [String]
        do { stored = try store.businessIDs() } catch { throw .storage(error) }
        for business in businesses ?? stored {
            guard stored.contains(business) else { throw .unknownBusiness(business) }
            try service.loadStored(business: business)
        }
    }

    /// The businesses loaded.
    public var businesses: [String] { service.businessIDs }

    /// Closes the database.
    public func close() { store.close() }
}

/// A sender for a tool that never sends (the outbox is the service's job).
private struct NoSMS: SMSSender {
    func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult { .retry("the privacy tool sends no SMS") }
}

extension WaitlistService {
    /// Loads a business from its latest snapshot and log, under the rule file version the
    /// database stored for it.
    func loadStored(business: String) throws(ServiceError) {
        let row: BusinessRow?
        do { row = try store.business(id: business) } catch { throw .storage(error) }
        guard let row else { throw .unknownBusiness(business) }
        let rules = try storedRules(digest: row.ruleDigest, business: business)
        let runtime = try recover(business: business, fallback: (rules, "", row.ruleDigest))
        runtimes.withLock { $0[business] = runtime }
    }
}
