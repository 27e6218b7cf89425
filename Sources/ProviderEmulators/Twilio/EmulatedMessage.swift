/// A message the Twilio emulator holds, outbound (created through the API) or inbound (sent
/// to the service's webhook), and its rendering as Twilio's Message resource JSON.
import Connectors
import Foundation
import Runtime

/// One message in the emulator's log.
public struct EmulatedMessage: Sendable, Equatable {
    /// `SM` + 32 hex digits.
    public var sid: String
    /// The account it belongs to.
    public var accountSID: String
    /// Recipient (E.164).
    public var to: String
    /// Sender; nil when a Messaging Service has not picked one yet.
    public var from: String?
    /// The Messaging Service used, if any.
    public var messagingServiceSID: String?
    /// The text.
    public var body: String
    /// `queued`, `accepted`, `sent`, `delivered`, `undelivered`, `failed`, `received`.
    public var status: String
    /// `outbound-api` or `inbound`.
    public var direction: String
    /// When the API call created it.
    public var dateCreated: Instant
    /// When it was handed to the carrier; nil while queued (as Twilio documents).
    public var dateSent: Instant?
    /// The `StatusCallback` URL given at creation.
    public var statusCallback: String?
    /// The delivery error code, once failed.
    public var errorCode: Int?

    /// The Message resource as Twilio's API writes it.
    func resource() -> [String: Any] {
        let uri = "/2010-04-01/Accounts/\(accountSID)/Messages/\(sid).json"
        let nullable: (Any?) -> Any = { $0 ?? NSNull() }
        return [
            "account_sid": accountSID, "api_version": "2010-04-01", "body": body,
            "date_created": TwilioDate.rfc2822(dateCreated), "date_sent": nullable(dateSent.map(TwilioDate.rfc2822)),
            "date_updated": TwilioDate.rfc2822(dateSent ?? dateCreated), "direction": direction,
            "error_code": nullable(errorCode), "error_message": NSNull(), "from": nullable(from),
            "messaging_service_sid": nullable(messagingServiceSID), "num_media": "0",
            "num_segments": String(SMSSegments.count(body)), "price": NSNull(), "price_unit": "USD",
            "sid": sid, "status": status, "to": to, "uri": uri,
            "subresource_uris": ["media": "/2010-04-01/Accounts/\(accountSID)/Messages/\(sid)/Media.json"],
        ]
    }
}
