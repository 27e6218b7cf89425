/// `make bench` section 5: the real connectors against the Google Calendar emulator over
/// loopback HTTP. How long from a cancellation in Google to the offer SMS leaving, when the
/// change arrives by push; and what one polling round costs for 100 establishments.
import Connectors
import Foundation
import ProviderEmulators
import Runtime
import Synchronization

/// An SMS sender that records when each SMS left.
final class TimedSMSSender: SMSSender {
    let sent = Mutex<[(at: Date, message: OutboundSMS)]>([])
    func send(_ message: OutboundSMS, at now: Instant) -> DeliveryResult {
        sent.withLock { $0.append((Date(), message)) }
        return .delivered(reference: nil)
    }
    func count(template: String) -> Int { sent.withLock { $0.filter { $0.message.template == template }.count } }
    func lastTime(template: String) -> Date? { sent.withLock { $0.last { $0.message.template == template }?.at } }
}

enum ConnectorBenchmarks {
    /// A rule file with `slots` one-place slots from 08:00 every day, polled every 10 minutes
    /// (so within the bench only a push brings a change).
    static func rules(id: String) -> String {
        """
        establishment {
          id = "\(id)"
          timezone = "Europe/Paris"
          public_url = "http://127.0.0.1"
        }
        slots {
          length = 30m
          capacity = 1
          service day {
            days = [mon, tue, wed, thu, fri, sat, sun]
            hours = 08:00-20:00
          }
        }
        offers {
          quiet_hours = none
          stop_before = 15m
        }
        calendar {
          poll_every = 10m
        }

        """
    }


    /// Slot starts of the evening `days` from today, Paris time.
    static func slots(daysAhead days: Int) -> [Instant] {
        let zone = ZoneConverter(identifier: "Europe/Paris")!
        let today = zone.local(SystemClock().now())
        let day = CivilDateTime(utcSeconds: CivilDateTime(year: today.year, month: today.month, day: today.day).utcSeconds
                                + Int64(days) * 86_400)
        return stride(from: 8 * 60, to: 20 * 60, by: 30).map {
            zone.instant(CivilDateTime(year: day.year, month: day.month, day: day.day, hour: $0 / 60, minute: $0 % 60))
        }
    }

    /// A service with `businesses` on Google emulators, listening on a free port.
    struct Setup {
        let folder: String
        let store: SQLiteStore
        let service: WaitlistService
        let server: HTTPServer
        let baseURL: String
        let sms: TimedSMSSender

        init(businesses: [(id: String, google: GoogleCalendarEmulator)], push: Bool) throws {
            folder = NSTemporaryDirectory() + "speedai-bench-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: folder + "/rules", withIntermediateDirectories: true)
            for business in businesses {
                try rules(id: business.id).write(toFile: "\(folder)/rules/\(business.id).rules", atomically: true, encoding: .utf8)
            }
            store = try SQLiteStore(path: folder + "/speedai.db")
            guard let port = LoopbackPort.free() else { throw BenchError("no free loopback port") }
            baseURL = "http://127.0.0.1:\(port)"
            var configuration = ServiceConfiguration(rulesDirectory: folder + "/rules", dataDirectory: folder,
                                                     publicURL: baseURL, apiKey: "bench-key")
            configuration.apiRequestsPerSecond = 0
            configuration.invitationsPerPhonePerHour = 0
            sms = TimedSMSSender()
            let clock = SystemClock()
            let logger = JSONLineLogger(minimumLevel: .error)
            service = WaitlistService(configuration: configuration, store: store, clock: clock, calendar: LocalCalendar(store: store),
                                      sms: sms, telemetry: ServiceTelemetry(logger: logger))
            service.scanRules()
            let factory = ConnectorFactory(defaults: BusinessConnectors(calendar: LocalCalendar(store: store), sms: sms),
                                           client: CurlHTTPClient(), publicURL: baseURL, clock: clock)
            for business in businesses {
                let settings = ConnectionSettings(sms: .console, calendar: .google(
                    calendarID: business.google.calendarID, clientID: "emulator-client.apps.googleusercontent.com",
                    clientSecret: "emulator-secret", refreshToken: "1//emulator-refresh-token",
                    tokenURL: business.google.tokenURL, apiBaseURL: business.google.baseURL, push: push))
                var connectors = factory.connectors(for: settings)
                connectors.sms = sms
                service.useConnectors(connectors, settings: settings, for: business.id)
            }
            var serverConfiguration = HTTPServerConfiguration()
            serverConfiguration.port = port
            server = HTTPServer(configuration: serverConfiguration, handler: ServiceRouter(service: service))
            try server.start()
        }

        func stop() {
            server.stop()
            service.stop()
            store.close()
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Milliseconds from `externalCancel` in the emulator to the offer SMS, one sample per slot.
    static func pushToOfferSMS(days: Int = 2) throws -> [Double] {
        let google = GoogleCalendarEmulator()
        try google.start()
        defer { google.stop() }
        var bookings: [(slot: Instant, event: String)] = []
        for day in 1...days {
            for slot in slots(daysAhead: day) {
                bookings.append((slot, google.externalInsert(.timed(summary: "Booked", start: slot, end: slot + .seconds(1800)))))
            }
        }
        let setup = try Setup(businesses: [("benchbistro", google)], push: true)
        defer { setup.stop() }
        setup.service.pollCalendars(force: true)
        setup.service.startBackgroundWork()
        let client = CurlHTTPClient()
        let zone = ZoneConverter(identifier: "Europe/Paris")!
        for (index, booking) in bookings.enumerated() {
            let local = zone.local(booking.slot).isoText
            let body = "{\"requested_slot\": \"\(local)\", \"business_id\": \"benchbistro\", \"phone\": \"+336\(String(format: "%08d", index))\"}"
            guard case .success(let response) = client.send(OutboundHTTPRequest(
                method: "POST", url: setup.baseURL + "/api/v1/waitlist/trigger",
                headers: [.init("Authorization", "Bearer bench-key"), .init("Content-Type", "application/json")],
                body: Array(body.utf8))), response.status == 201,
                  let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any],
                  let url = object["url"] as? String else { throw BenchError("trigger failed") }
            let form = "prenom=Bench&nom=Client&telephone=0612345678&email=bench%40example.fr&creneaux=\(local.prefix(13))%3A\(local.dropFirst(14).prefix(2))"
            guard case .success(let posted) = client.send(OutboundHTTPRequest(
                method: "POST", url: url, headers: [.init("Content-Type", "application/x-www-form-urlencoded")],
                body: Array(form.utf8))), posted.status == 303 else { throw BenchError("form failed") }
        }
        var samples: [Double] = []
        for (index, booking) in bookings.enumerated() {
            let started = Date()
            google.externalCancel(eventID: booking.event)
            let deadline = Date().addingTimeInterval(5)
            while setup.sms.count(template: "offer") <= index && Date() < deadline { usleep(500) }
            guard let sent = setup.sms.lastTime(template: "offer"), setup.sms.count(template: "offer") > index else {
                throw BenchError("no offer SMS within 5 s of cancellation \(index)")
            }
            samples.append(sent.timeIntervalSince(started) * 1000)
        }
        return samples
    }

    /// One polling round for `count` establishments, each on its own emulated Google calendar
    /// with 24 bookings: (requests, milliseconds) of the first round (full syncs, tokens) and
    /// of a later round with nothing changed (incremental syncs).
    static func pollingRound(establishments count: Int) throws -> (first: (Int, Double), steady: (Int, Double)) {
        var emulators: [(id: String, google: GoogleCalendarEmulator)] = []
        for index in 0..<count {
            let google = GoogleCalendarEmulator()
            try google.start()
            for slot in slots(daysAhead: 1) {
                _ = google.externalInsert(.timed(summary: "Booked", start: slot, end: slot + .seconds(1800)))
            }
            emulators.append(("resto-\(index)", google))
        }
        defer { emulators.forEach { $0.google.stop() } }
        let setup = try Setup(businesses: emulators, push: false)
        defer { setup.stop() }
        func requests() -> Int { emulators.reduce(0) { $0 + $1.google.requests.count + $1.google.tokenRequestCount } }
        let before = requests()
        var started = Date()
        setup.service.pollCalendars(force: true)
        let first = (requests() - before, Date().timeIntervalSince(started) * 1000)
        let middle = requests()
        started = Date()
        setup.service.pollCalendars(force: true)
        let steady = (requests() - middle, Date().timeIntervalSince(started) * 1000)
        return (first, steady)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Section 5: push-to-offer latency and the cost of a polling round.
func benchmarkConnectors() {
    print("5. Connectors over loopback HTTP (Google Calendar emulator)")
    do {
        let samples = try ConnectorBenchmarks.pushToOfferSMS()
        print("   push → offer SMS: \(samples.count) cancellations, p50 \(format(percentile(samples, 0.5), decimals: 1)) ms, "
              + "p99 \(format(percentile(samples, 0.99), decimals: 1)) ms, max \(format(samples.max() ?? 0, decimals: 1)) ms")
        BenchReport.record(section: 5, id: "push.p50", figure: "push → offer SMS, p50 of \(samples.count) cancellations",
                           value: percentile(samples, 0.5), unit: "ms")
        BenchReport.record(section: 5, id: "push.p99", figure: "push → offer SMS, p99 of \(samples.count) cancellations",
                           value: percentile(samples, 0.99), unit: "ms")
        BenchReport.record(section: 5, id: "push.max", figure: "push → offer SMS, max", value: samples.max() ?? .nan, unit: "ms")
        let establishments = BenchReport.quick ? 10 : 100
        let round = try ConnectorBenchmarks.pollingRound(establishments: establishments)
        print("   polling round, \(establishments) establishments: first (token + full sync) \(round.first.0) requests in "
              + "\(format(round.first.1, decimals: 0)) ms;  unchanged (incremental sync) \(round.steady.0) requests in "
              + "\(format(round.steady.1, decimals: 0)) ms")
        BenchReport.record(section: 5, id: "poll.first", figure: "polling round, \(establishments) establishments, first (token + full sync, \(round.first.0) requests)",
                           value: round.first.1, unit: "ms")
        BenchReport.record(section: 5, id: "poll.steady", figure: "polling round, \(establishments) establishments, unchanged (incremental, \(round.steady.0) requests)",
                           value: round.steady.1, unit: "ms")
    } catch {
        print("   error: \(error)")
        BenchReport.record(section: 5, id: "error", figure: "error: \(error)", value: .nan, unit: "")
    }
    print("")
}

/// The value at quantile `q` (0...1) of unsorted samples.
func percentile(_ samples: [Double], _ q: Double) -> Double {
    let sorted = samples.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
}
