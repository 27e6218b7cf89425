/// A waitlist service on a real SQLite file in a temp folder, with an in-memory SMS sender
/// and a clock the test moves: the pieces the service tests share.
import Foundation
import Runtime
import Synchronization
@testable import Connectors

/// Records SMS; can be told to fail.
final class RecordingSMSSender: SMSSender {
    let sent = Mutex<[OutboundSMS]>([])
    let failures = Mutex<[DeliveryResult]>([])

    func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult {
        if let failure = failures.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { return failure }
        sent.withLock { $0.append(message) }
        return .delivered(reference: "test-\(message.outboxID)")
    }

    var messages: [OutboundSMS] { sent.withLock { $0 } }
}

/// A clock the test sets.
final class ManualClock: ServiceClock {
    let current: Mutex<Instant>
    init(_ start: Instant) { current = Mutex(start) }
    func now() -> Instant { current.withLock { $0 } }
    func advance(_ seconds: Int64) { current.withLock { $0 = $0 + .seconds(seconds) } }
}

/// A service over a fresh data folder.
struct ServiceFixture {
    static let rules = """
    establishment {
      id = "testbistro"
      name = "Test Bistro"
      timezone = "Europe/Paris"
      public_url = "https://wait.example"
    }
    slots {
      length = 30m
      capacity = 2
      service dinner {
        name = "Dîner"
        days = [mon, tue, wed, thu, fri, sat, sun]
        hours = 19:00-22:00
      }
    }
    matching {
      match = slot.start in entry.slots && entry.party_size <= slot.free
    }
    offers {
      timeout = 5m
      stop_before = 15m
      quiet_hours = none
    }
    retry sms {
      attempts = 3
      initial = 10s
      factor = 2
      cap = 1m
    }

    """

    let folder: String
    let store: SQLiteStore
    let clock: ManualClock
    let sms: RecordingSMSSender
    var service: WaitlistService

    /// 2030-03-14 12:00 Paris (a Thursday), a fresh folder, the test rules loaded.
    init(rules: String = ServiceFixture.rules, folder existing: String? = nil, clock: ManualClock? = nil,
         snapshotEvery: Int? = nil, smsSender: (any SMSSender)? = nil, telemetry: ServiceTelemetry? = nil) throws {
        folder = existing ?? NSTemporaryDirectory() + "speedai-service-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
        if existing == nil { try rules.write(toFile: folder + "/rules/testbistro.rules", atomically: true, encoding: .utf8) }
        store = try SQLiteStore(path: folder + "/speedai.db")
        self.clock = clock ?? ManualClock(Instant(seconds: 1_899_716_400)) // 2030-03-14T11:00:00Z
        sms = RecordingSMSSender()
        var configuration = ServiceConfiguration(rulesDirectory: folder + "/rules", dataDirectory: folder,
                                                 publicURL: nil, apiKey: "test-key")
        configuration.apiRequestsPerSecond = 0
        if let snapshotEvery { configuration.snapshotEvery = snapshotEvery }
        service = WaitlistService(configuration: configuration, store: store, clock: self.clock,
                                  calendar: LocalCalendar(store: store), sms: smsSender ?? sms, telemetry: telemetry ?? ServiceTelemetry())
        service.scanRules()
    }

    /// Local Paris time on the fixture's day: `at("19:30")`.
    func at(_ clock: String) -> Instant {
        service.parseLocalTime("2030-03-14T\(clock):00", business: "testbistro")!
    }

    /// Fills every dinner slot (two bookings of one cover each... of `party` covers).
    func fillEvening(party: Int = 1) throws {
        var batch = StoreBatch()
        for (index, minute) in stride(from: 19 * 60, to: 22 * 60, by: 30).enumerated() {
            let start = at(String(format: "%02d:%02d", minute / 60, minute % 60))
            for table in 0..<(2 / party) {
                batch.calendarChanges.append(.upsert(LocalCalendarEvent(business: "testbistro", uid: "b-\(index)-\(table)",
                                                                        start: start, end: start + .seconds(1800), units: party)))
            }
        }
        try store.commit(batch)
        service.pollCalendars(force: true)
    }

    /// A JSON API request with the fixture's key.
    static func trigger(_ body: String, key: String? = "test-key", idempotencyKey: String? = nil) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("content-type", "application/json")]
        if let key { headers.append(("authorization", "Bearer \(key)")) }
        if let idempotencyKey { headers.append(("idempotency-key", idempotencyKey)) }
        return HTTPRequest(method: "POST", path: "/api/v1/waitlist/trigger", headers: headers, body: Array(body.utf8))
    }

    static func triggerBody(phone: String = "06 12 34 56 78", slot: String = "2030-03-14T19:30:00") -> String {
        "{\"requested_slot\": \"\(slot)\", \"business_id\": \"testbistro\", \"phone\": \"\(phone)\", \"source\": \"voice_agent\"}"
    }

    /// The JSON object of a response.
    static func json(_ response: HTTPResponse) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]) ?? [:]
    }

    /// The link secret at the end of a URL.
    static func secret(of url: String) -> String { String(url.split(separator: "/").last ?? "") }

    /// A form POST to a waitlist page.
    static func form(_ path: String, _ fields: [(String, String)]) -> HTTPRequest {
        let body = fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
            .joined(separator: "&")
        return HTTPRequest(method: "POST", path: path, headers: [("content-type", "application/x-www-form-urlencoded")],
                           body: Array(body.utf8))
    }
}
