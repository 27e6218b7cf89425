/// What the crash campaign's clients sent and what they were told, kept while the service is
/// killed under them. A request with an answer (2xx/3xx) is *acknowledged* and must survive;
/// one whose connection died is *unknown* (it may or may not have happened) and must merely be
/// consistent; any other status is *refused* and must have changed nothing.
import Foundation
import Runtime
import Synchronization

/// How a request ended, from the client's side.
enum CrashOutcome: String, Sendable {
    /// 2xx or 3xx received.
    case acknowledged
    /// No answer: the connection failed (the server died, or was not up yet).
    case unknown
    /// Another status (4xx, 5xx).
    case refused
}

/// A trigger that was acknowledged: its entry must exist with this phone.
struct AckedTrigger: Sendable {
    var entryID: Int
    var phone: String
    var url: String
}

/// A form that was acknowledged (303): the entry must carry these values.
struct AckedForm: Sendable {
    var entryID: Int
    var firstName: String
    var partySize: Int
    /// The chosen slot starts (unix seconds), sorted.
    var slots: [Int64]
}

/// A Oui/Non that was acknowledged (303) on an offer SMS.
struct AckedReply: Sendable {
    var outboxID: Int
    var entryID: Int
    /// The link secret (last path component but one of the link).
    var secret: String
    var accept: Bool
    /// Service time (unix seconds) when the 303 came back: an offer whose deadline had passed by
    /// then may rightly have ignored the answer.
    var acknowledgedAt: Int64
    /// What the result page said right after, when the server was still up to say it:
    /// "booked", "declined", or "other".
    var told: String?
}

/// Counters and records of one campaign; shared by the client tasks.
final class CrashLedger: Sendable {
    struct State {
        var sent: [String: Int] = [:]
        var outcomes: [String: Int] = [:]
        /// `"reply unknown"` → count.
        var byKind: [String: Int] = [:]
        var triggers: [AckedTrigger] = []
        var phonesSent: Set<String> = []
        var forms: [AckedForm] = []
        /// Entries whose form submission ended unknown: their data may or may not be there.
        var unknownForms: Set<Int> = []
        var replies: [AckedReply] = []
        var cancelledUIDs: [String] = []
        /// Refused answers (status and start of body), for the report.
        var refusals: [String] = []
        /// Retried triggers answered from the stored answer (`Idempotent-Replayed: true`).
        var replayedTriggers = 0
        var kills = 0
        /// Kills that landed during a graceful (SIGTERM) stop.
        var stopKills = 0
        /// Extra kills landing while a restart was still booting.
        var bootKills = 0
        var restarts = 0
        var restartSeconds: [Double] = []
    }

    let state = Mutex(State())

    /// Counts one request of `kind` and how it ended.
    func count(_ kind: String, _ outcome: CrashOutcome) {
        state.withLock {
            $0.sent[kind, default: 0] += 1
            $0.outcomes[outcome.rawValue, default: 0] += 1
            $0.byKind["\(kind) \(outcome.rawValue)", default: 0] += 1
        }
    }

    /// Runs `body` on the state under the lock.
    func record<T>(_ body: (inout State) -> T) -> T { state.withLock { body(&$0) } }

    /// A copy of everything recorded.
    var snapshot: State { state.withLock { $0 } }
}

/// The campaign's seeded generator is the engine's SplitMix64, so a campaign's choices
/// (customers, slots, answers, kill moments) repeat from the printed seed. Timing still varies
/// from run to run.
typealias SeededGenerator = SplitMix64

/// Runs blocking work (process launches, waits on files) on a Dispatch thread, so the few
/// threads of Swift's cooperative pool keep serving the client tasks meanwhile.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}
