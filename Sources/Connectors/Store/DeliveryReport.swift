/// What an SMS provider reports about a message it accepted (Twilio's status callback), to be
/// recorded on the outbox row that carries the provider's reference. Reports arrive out of
/// order (Twilio posts each change on its own), so statuses are ranked and a report only
/// replaces one of a lower rank: `sent` arriving after `delivered` changes nothing.
import Runtime

/// One delivery report, committed through `StoreBatch.deliveryReports`.
public struct DeliveryReport: Sendable, Equatable {
    /// The provider's message reference (Twilio's `MessageSid`), as the dispatcher stored it.
    public var providerRef: String
    /// The provider's status, lower-case (`queued`, `sent`, `delivered`, `undelivered`, ...).
    public var status: String
    /// The provider's error code for a failed delivery (Twilio's `ErrorCode`).
    public var errorCode: Int?
    /// When the report came in (the delivery time for `delivered`).
    public var at: Instant

    /// A report from its parts.
    public init(providerRef: String, status: String, errorCode: Int?, at: Instant) {
        self.providerRef = providerRef; self.status = status; self.errorCode = errorCode; self.at = at
    }
}

/// The order of Twilio's message statuses, so a late report never downgrades an earlier one.
public enum SMSDeliveryStatus {
    /// Statuses after which nothing more happens to the message (`read` aside, see `replaces`).
    public static let final: Set<String> = ["delivered", "undelivered", "failed", "canceled"]
    /// Statuses that say the message reached the phone.
    public static let reached: Set<String> = ["delivered", "read"]

    /// The rank of a Twilio status, or nil for one Twilio does not document (ignored).
    public static func rank(_ status: String) -> Int? {
        switch status {
        case "accepted", "scheduled": return 1
        case "queued": return 2
        case "sending": return 3
        case "sent": return 4
        case "delivered", "undelivered", "failed", "canceled": return 5
        case "read": return 6
        default: return nil
        }
    }

    /// Whether `new` should replace the recorded `old` (nil: nothing recorded yet). A final
    /// status is kept for good, except that `read` may follow `delivered`.
    public static func replaces(_ new: String, over old: String?) -> Bool {
        guard let newRank = rank(new) else { return false }
        guard let old else { return true }
        if final.contains(old) { return old == "delivered" && new == "read" }
        return newRank > (rank(old) ?? 0)
    }
}
