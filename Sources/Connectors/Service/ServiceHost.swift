/// Assembles a running service from command-line options: the store in the data folder, the
/// ports of the embedded default (local calendar, SMS file), the service, the HTTP server.
/// The CLI's `serve` only parses flags, calls `ServiceHost.start` and waits for a signal.
import Foundation
import Runtime

/// Options of `speedai-rules serve`.
public struct ServeOptions: Sendable {
    public var rulesDirectory: String?
    public var dataDirectory: String
    /// Folder of `<business_id>.json` connection settings (default `DATA/config`).
    public var configDirectory: String?
    public var host = "127.0.0.1"
    public var port = 8080
    public var publicURL: String?
    public var demo = false
    /// The API key; nil reads `SPEEDAI_API_KEY` (and in demo mode generates one).
    public var apiKey: String?
    public var pollInterval: Duration?
    public var testClock = false
    public var outboxPaused = false
    /// HTTP worker threads; nil means `defaultThreads`.
    public var threads: Int?
    /// Handlers block until their commit is durable, and group commit batches only the requests
    /// in flight together: with one thread per core, two triggers at a time shared an fsync (make
    /// bench: 285 triggers/s at 2 threads, 1 250 at 32-64 on the same busy machine). 32 threads
    /// per 2 cores keep 50 concurrent clients batching; the public page holds its rate there.
    public static var defaultThreads: Int { min(256, max(32, 8 * ProcessInfo.processInfo.activeProcessorCount)) }
    /// Open connections accepted per client address; nil keeps the server's default. Behind a
    /// reverse proxy every connection comes from the proxy's address: 0 lifts the limit.
    public var maxConnectionsPerIP: Int?
    public var apiRequestsPerSecond: Double?
    public var invitationsPerPhonePerHour: Int?
    /// Echo each SMS on stdout (demo).
    public var echoSMS = false

    /// Options with a data folder.
    public init(dataDirectory: String) { self.dataDirectory = dataDirectory }
}

/// A problem starting the service, said plainly.
public struct ServeError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// A started service and its HTTP server.
public final class ServiceHost: Sendable {
    public let service: WaitlistService
    public let server: HTTPServer
    public let store: SQLiteStore
    /// The API key in force (generated in demo mode when none was given).
    public let apiKey: String
    /// Whether `apiKey` was generated here.
    public let apiKeyGenerated: Bool
    /// The base URL the pages are served at.
    public let publicURL: String
    /// The demo's dashboard sign-in (email, password), set anew at each demo start.
    public let demoAdmin: (email: String, password: String)?

    private init(service: WaitlistService, server: HTTPServer, store: SQLiteStore, apiKey: String, generated: Bool, publicURL: String,
                 demoAdmin: (email: String, password: String)?) {
        self.demoAdmin = demoAdmin
        self.service = service
        self.server = server
        self.store = store
        self.apiKey = apiKey
        self.apiKeyGenerated = generated
        self.publicURL = publicURL
    }

    /// Opens the data folder, loads the rule files, starts the background work and the server.
    public static func start(_ options: ServeOptions, telemetry: ServiceTelemetry) throws(ServeError) -> ServiceHost {
        let fileManager = FileManager.default
        do {
            try fileManager.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw ServeError("cannot create the data folder \(options.dataDirectory): \(error.localizedDescription)")
        }
        var rulesDirectory = options.rulesDirectory ?? "\(options.dataDirectory)/rules"
        if options.demo && options.rulesDirectory == nil {
            rulesDirectory = "\(options.dataDirectory)/rules"
            try? fileManager.createDirectory(atPath: rulesDirectory, withIntermediateDirectories: true)
            let path = "\(rulesDirectory)/\(DemoEstablishment.id).rules"
            if !fileManager.fileExists(atPath: path) {
                do { try TextFileReader.writeAtomically(DemoEstablishment.rules, to: path) } catch {
                    throw ServeError("cannot write the demo rule file \(path): \(error)")
                }
            }
        }
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: rulesDirectory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ServeError("the rules folder \(rulesDirectory) does not exist (give --rules DIR, one <business_id>.rules per business)")
        }
        var apiKey = options.apiKey ?? ProcessInfo.processInfo.environment["SPEEDAI_API_KEY"]
        var generated = false
        if apiKey?.isEmpty ?? true {
            guard options.demo else {
                throw ServeError("set the API key in the environment variable SPEEDAI_API_KEY (or run with --demo)")
            }
            apiKey = "demo-" + SecureRandom.token()
            generated = true
        }
        let publicURL = options.publicURL ?? "http://\(options.host.contains(":") ? "[\(options.host)]" : options.host):\(options.port)"
        let store: SQLiteStore
        do { store = try SQLiteStore(path: SQLiteStore.defaultPath(dataDirectory: options.dataDirectory)) } catch {
            throw ServeError("\(error)")
        }
        var configuration = ServiceConfiguration(rulesDirectory: rulesDirectory, dataDirectory: options.dataDirectory,
                                                 publicURL: publicURL, apiKey: apiKey ?? "")
        configuration.pollInterval = options.pollInterval ?? (options.demo ? .seconds(2) : nil)
        configuration.testClock = options.testClock
        configuration.outboxPaused = options.outboxPaused
        if let rate = options.apiRequestsPerSecond {
            configuration.apiRequestsPerSecond = rate
            configuration.apiBurst = max(rate * 4, 1)
        }
        if let invitations = options.invitationsPerPhonePerHour { configuration.invitationsPerPhonePerHour = invitations }
        let clock: any ServiceClock = options.testClock
            ? AdjustableClock(file: "\(options.dataDirectory)/test-clock") : SystemClock()
        let echo: (@Sendable (String) -> Void)? = options.echoSMS ? { @Sendable text in
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        } : nil
        let sms: FileSMSSink
        do { sms = try FileSMSSink(path: "\(options.dataDirectory)/sms.jsonl", echo: echo) } catch {
            throw ServeError("\(error)")
        }
        let service = WaitlistService(configuration: configuration, store: store, clock: clock,
                                      calendar: LocalCalendar(store: store), sms: sms, telemetry: telemetry)
        service.scanRules()
        try configureConnectors(service: service, options: options, publicURL: publicURL, clock: clock)
        var demoAdmin: (email: String, password: String)?
        if options.demo {
            try seedDemoCalendar(service: service, store: store)
            demoAdmin = try resetDemoAdmin(store: store, clock: clock)
        }
        // The first reads get a moment, then HTTP starts whatever a hung calendar does.
        service.readCalendars(force: true, waitingUntil: .now() + .seconds(2))
        service.fireDueTimers()
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.host = options.host
        serverConfiguration.port = options.port
        serverConfiguration.threads = options.threads ?? ServeOptions.defaultThreads
        if let limit = options.maxConnectionsPerIP { serverConfiguration.maxConnectionsPerIP = limit }
        let logger = telemetry.logger
        let server = HTTPServer(configuration: serverConfiguration, handler: ServiceRouter(service: service),
                                accessLog: { logger.access($0) }, errorLog: { logger.warn("http server", ["detail": .string($0)]) })
        do { try server.start() } catch {
            store.close()
            throw ServeError("cannot listen on \(options.host):\(options.port): \(error)")
        }
        service.startBackgroundWork()
        return ServiceHost(service: service, server: server, store: store, apiKey: apiKey ?? "", generated: generated,
                           publicURL: publicURL, demoAdmin: demoAdmin)
    }

    /// Builds each business's connectors from its settings file; any invalid file stops the
    /// start (falling back to the SMS file for a business that meant Twilio would lose SMS).
    static func configureConnectors(service: WaitlistService, options: ServeOptions, publicURL: String,
                                    clock: any ServiceClock) throws(ServeError) {
        let directory = options.configDirectory ?? "\(options.dataDirectory)/config"
        let loader = ConnectionSettingsLoader(environment: ProcessInfo.processInfo.environment)
        let factory = ConnectorFactory(defaults: service.defaultConnectors, client: CurlHTTPClient(),
                                       publicURL: publicURL, clock: clock)
        var problems: [String] = []
        for business in service.businessIDs {
            switch loader.load(business: business, directory: directory) {
            case .success(let settings):
                guard settings != .embedded else { continue }
                let zone = service.runtime(business)?.state.withLock { $0.engine.rules.establishment.timeZone } ?? "Europe/Paris"
                service.useConnectors(factory.connectors(for: settings, timeZone: zone), settings: settings, for: business)
                service.telemetry.log(.info, "connectors", ["business": .string(business), "use": .string(settings.summary)])
            case .failure(let failure):
                problems += failure.problems.map(\.description)
            }
        }
        if !problems.isEmpty {
            throw ServeError("invalid connection settings (see `speedai-rules check-config`):\n" + problems.joined(separator: "\n"))
        }
    }

    /// The demo establishment's dashboard account, with a new random password each start
    /// (only its hash is stored, so it cannot be shown again later).
    static func resetDemoAdmin(store: SQLiteStore, clock: any ServiceClock) throws(ServeError) -> (email: String, password: String) {
        let email = "admin@demo.speedai.fr"
        let password = String(SecureRandom.token().prefix(16))
        var batch = StoreBatch()
        batch.adminsRemoved = [email]
        batch.admins = [AdminRow(email: email, business: DemoEstablishment.id, passwordHash: PasswordHasher().hash(password),
                                 createdAt: clock.now())]
        do { try store.commit(batch) } catch { throw ServeError("cannot create the demo admin: \(error)") }
        return (email, password)
    }

    /// Fills tomorrow's dinner in the demo calendar unless it already has bookings ahead.
    static func seedDemoCalendar(service: WaitlistService, store: SQLiteStore) throws(ServeError) {
        guard let runtime = service.runtime(DemoEstablishment.id) else { return }
        let now = service.clock.now()
        let existing = (try? store.localCalendarEvents(business: DemoEstablishment.id, from: now)) ?? []
        guard existing.isEmpty else { return }
        let zone = runtime.state.withLock { $0.engine.zone }
        var batch = StoreBatch()
        batch.calendarChanges = DemoEstablishment.seedBookings(now: now, zone: zone).map { .upsert($0) }
        do { try store.commit(batch) } catch { throw ServeError("cannot seed the demo calendar: \(error)") }
    }

    /// Stops the server, then the background work (snapshots every business), then the store.
    public func stop() {
        server.stop()
        service.stop()
        store.close()
    }
}
