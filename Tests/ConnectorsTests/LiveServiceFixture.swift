/// A service running in-process over real HTTP on 127.0.0.1 with real provider connectors
/// (emulators or Radicale), for the connector flows of issue 5.
import Foundation
import Runtime
import Synchronization
@testable import Connectors

/// A running service with one business (`testbistro`) on given connection settings.
final class LiveService {
    let folder: String
    let store: SQLiteStore
    let service: WaitlistService
    let server: HTTPServer
    let publicURL: String
    let recordingSMS = RecordingSMSSender()
    /// Builds connectors from settings, as `serve` does.
    let factory: ConnectorFactory
    /// The service's log lines at info and above (serve.log).
    let logLines = LogLines()

    /// `calendar` replaces the one `settings` name (a gateway with a short timeout).
    init(rules: String, settings: ConnectionSettings, pollInterval: Duration? = nil, calendar: (any CalendarGateway)? = nil) throws {
        folder = NSTemporaryDirectory() + "speedai-live-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
        try rules.write(toFile: folder + "/rules/testbistro.rules", atomically: true, encoding: .utf8)
        store = try SQLiteStore(path: folder + "/speedai.db")
        let port = LoopbackPort.free() ?? 18_080
        publicURL = "http://127.0.0.1:\(port)"
        var configuration = ServiceConfiguration(rulesDirectory: folder + "/rules", dataDirectory: folder,
                                                 publicURL: publicURL, apiKey: "test-key")
        configuration.apiRequestsPerSecond = 0
        configuration.pollInterval = pollInterval
        let clock = SystemClock()
        service = WaitlistService(configuration: configuration, store: store, clock: clock,
                                  calendar: LocalCalendar(store: store), sms: recordingSMS,
                                  telemetry: ServiceTelemetry(logger: JSONLineLogger(minimumLevel: .info) { [logLines] line in
                                      logLines.lines.withLock { $0.append(line) }
                                  }))
        service.scanRules()
        factory = ConnectorFactory(defaults: service.defaultConnectors, client: CurlHTTPClient(),
                                   publicURL: publicURL, clock: clock)
        var connectors = factory.connectors(for: settings)
        if let calendar { connectors.calendar = calendar }
        service.useConnectors(connectors, settings: settings, for: "testbistro")
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.port = port
        serverConfiguration.threads = 4
        server = HTTPServer(configuration: serverConfiguration, handler: ServiceRouter(service: service))
        try server.start()
        service.pollCalendars(force: true)
        service.startBackgroundWork()
    }

    func stop() {
        server.stop()
        service.stop()
        store.close()
    }

    /// The Paris instant of `clock` ("19:30") on the test evening (`days` from today).
    func at(_ clock: String, daysAhead days: Int = 3) -> Instant { LiveServiceTimes().at(clock, daysAhead: days) }

    /// `2030-03-14T19:30` for a form's slot value.
    func formValue(_ instant: Instant) -> String {
        String(service.localTime(instant, business: "testbistro").prefix(16))
    }

    /// Triggers for `phone` at `start`, then fills the form choosing `start`; returns the entry id.
    @discardableResult
    func join(phone: String, at start: Instant, alsoChoosing others: [Instant] = [], name: String) throws -> Int {
        let body = "{\"requested_slot\": \"\(service.localTime(start, business: "testbistro"))\", \"business_id\": \"testbistro\", \"phone\": \"\(phone)\"}"
        let response = service.handleTrigger(ServiceFixture.trigger(body))
        let object = ServiceFixture.json(response)
        guard response.status == 201, let url = object["url"] as? String, let id = object["entry_id"] as? Int else {
            throw LiveServiceError("trigger refused: \(String(decoding: response.body, as: UTF8.self))")
        }
        let secret = ServiceFixture.secret(of: url)
        let posted = service.handleWaitlistPage(ServiceFixture.form("/waitlist/\(secret)", [
            ("prenom", name), ("nom", "Test"), ("telephone", phone), ("email", "\(name.lowercased())@example.fr"),
            ("couverts", "1"), ("creneaux", formValue(start)),
        ] + others.map { ("creneaux", formValue($0)) }), secret: secret)
        guard posted.status == 303 else {
            let errors = String(decoding: posted.body, as: UTF8.self).split(separator: "\n").filter { $0.contains("error") }
            throw LiveServiceError("form refused: \(posted.status) \(errors.joined(separator: " | "))")
        }
        return id
    }

    /// The log lines so far whose message is `message`.
    func logged(_ message: String) -> [String] {
        logLines.lines.withLock { $0.filter { $0.contains("\"msg\":\"\(message)\"") } }
    }

    /// The link secret of the Oui (`answer` "oui") or Non link of the latest offer SMS to `phone`.
    func offerSecret(to phone: String, answer: String = "oui") throws -> String {
        LiveService.waitFor(6) { recordingSMS.messages.contains { $0.template == "offer" && $0.to == phone } }
        let offer = try recordingSMS.messages.last { $0.template == "offer" && $0.to == phone }
            .orThrow("no offer SMS to \(phone)")
        let line = offer.body.split(separator: "\n").first { $0.contains("/\(answer)") }
        let link = try line.flatMap { $0.split(separator: " ").last }.orThrow("the offer SMS has no \(answer) link")
        return String(link.split(separator: "/").dropLast().last ?? "")
    }

    /// Taps the button of an offer link (the page's POST), as the customer's browser does.
    func answerOffer(secret: String, answer: String = "oui") -> HTTPResponse {
        service.handleOfferPage(ServiceFixture.form("/o/\(secret)/\(answer)", [("reponse", answer)]), secret: secret, answer: answer)
    }

    /// The page an offer link shows now (what the browser gets after the POST's redirect).
    func offerPage(secret: String, answer: String = "oui") -> String {
        let response = service.handleOfferPage(HTTPRequest(method: "GET", path: "/o/\(secret)/\(answer)"), secret: secret, answer: answer)
        return String(decoding: response.body, as: UTF8.self)
    }

    /// The installation id of this service's data folder.
    var installationID: String {
        get throws { try store.installation().id }
    }

    /// The engine's status of an entry.
    func status(of entryID: Int) -> EntryStatus? {
        service.runtime("testbistro")?.state.withLock { $0.engine.state.entry(entryID)?.status }
    }

    /// Polls `condition` every 20 ms up to `seconds`; returns the elapsed seconds, or nil.
    @discardableResult
    static func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Double? {
        let start = Date()
        while Date().timeIntervalSince(start) < seconds {
            if try condition() { return Date().timeIntervalSince(start) }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }
}

/// Log lines kept in memory.
final class LogLines: Sendable {
    let lines = Mutex<[String]>([])
}

extension Optional {
    /// The value, or a `LiveServiceError` saying what was missing.
    func orThrow(_ what: @autoclosure () -> String) throws -> Wrapped {
        guard let value = self else { throw LiveServiceError(what()) }
        return value
    }
}

struct LiveServiceError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The test evening's times without a running service.
struct LiveServiceTimes {
    func at(_ clock: String, daysAhead days: Int = 3) -> Instant {
        let zone = ZoneConverter(identifier: "Europe/Paris")!
        let today = zone.local(SystemClock().now())
        let day = CivilDateTime(utcSeconds: CivilDateTime(year: today.year, month: today.month, day: today.day).utcSeconds
                                + Int64(days) * 86_400)
        let parts = clock.split(separator: ":").compactMap { Int($0) }
        return zone.instant(CivilDateTime(year: day.year, month: day.month, day: day.day, hour: parts[0], minute: parts[1]))
    }
}
