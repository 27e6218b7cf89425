/// A local stand-in for Twilio's Programmable Messaging API, served over real HTTP on
/// 127.0.0.1 so `TwilioSMSSender` is tested against the documented wire format (basic auth,
/// form fields, error JSON, the Message resource, the list's paging) rather than against a
/// mock of itself. It also plays Twilio's other side: signed webhooks to the service for
/// incoming SMS and status changes. Failures are injected per request (`enqueueFailures`).
import Connectors
import Foundation
import Runtime
import Synchronization

/// An emulated Twilio account.
///
/// `Sendable`: the mutable state lives in the core's `Mutex`; the server threads and the
/// test share it only through that lock.
public final class TwilioEmulator: Sendable {
    /// The account id the emulator accepts.
    public let accountSID: String
    /// The auth token (basic-auth password and webhook signing key).
    public let authToken: String
    let core: TwilioEmulatorCore
    let server: HTTPServer
    /// Sends the webhooks.
    let webhookClient = CurlHTTPClient()

    /// An account `accountSID` / `authToken`. `clock` dates the messages (wall clock by default).
    public init(accountSID: String, authToken: String,
                clock: @escaping @Sendable () -> Instant = { Instant(seconds: Int64(Date().timeIntervalSince1970)) }) {
        self.accountSID = accountSID
        self.authToken = authToken
        let core = TwilioEmulatorCore(accountSID: accountSID, authToken: authToken, clock: clock)
        self.core = core
        // Several threads: a deliberately slow answer must not hold up the client's lookup.
        let configuration = HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 4, maxBodyBytes: 256 * 1024)
        server = HTTPServer(configuration: configuration, handler: HTTPHandlerFunction { core.handle($0) })
    }

    /// Starts serving on an ephemeral port of 127.0.0.1.
    public func start() throws {
        try server.start()
    }

    /// Stops serving (waits for requests in progress, slow ones included).
    public func stop() {
        server.stop()
    }

    /// `http://127.0.0.1:<port>`, the value for `TwilioConfiguration.baseURL`.
    public var baseURL: String { "http://127.0.0.1:\(server.port)" }

    /// Every message so far, outbound and inbound, oldest first.
    public var messages: [EmulatedMessage] { core.state.withLock { $0.messages } }

    /// Makes the next message creations fail in these ways, in order.
    public func enqueueFailures(_ failures: [Failure]) {
        core.state.withLock { $0.failures += failures }
    }

    /// Puts `number` on the opt-out list, as if it had texted STOP: sends to it get 21610.
    public func optOut(_ number: String) {
        _ = core.state.withLock { $0.optedOut.insert(number) }
    }

    /// Marks `number` as a landline: sends to it get 21614.
    public func markLandline(_ number: String) {
        _ = core.state.withLock { $0.landlines.insert(number) }
    }

    /// Whether `number` is on the opt-out list.
    public func isOptedOut(_ number: String) -> Bool {
        core.state.withLock { $0.optedOut.contains(number) }
    }

    /// Moves every queued outbound message to `sent`, dated now, as Twilio does once the
    /// carrier takes it (so the `DateSent` filters see it).
    public func sendQueued() {
        let now = core.clock()
        core.state.withLock { state in
            for index in state.messages.indices where ["queued", "accepted"].contains(state.messages[index].status) {
                state.messages[index].status = "sent"
                state.messages[index].dateSent = now
            }
        }
    }
}

/// What the emulator remembers.
struct TwilioEmulatorState {
    var messages: [EmulatedMessage] = []
    var failures: [TwilioEmulator.Failure] = []
    var optedOut: Set<String> = []
    var landlines: Set<String> = []
    /// The last webhook sent, for `replayLastWebhook`.
    var lastWebhook: OutboundHTTPRequest?
}

/// Identifiers in Twilio's shape.
enum TwilioSID {
    /// `prefix` + 32 lowercase hex digits (`SM…` messages, `MG…` services).
    static func make(_ prefix: String) -> String {
        let digits = Array("0123456789abcdef")
        return prefix + String(SecureRandom.bytes(16).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0F)]] })
    }
}
