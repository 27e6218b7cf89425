/// A Google push notification channel (events.watch) and the check of an incoming
/// notification against it. Google POSTs to our webhook with the channel's id and the secret
/// token we chose in `X-Goog-Channel-ID` / `X-Goog-Channel-Token`; a notification whose
/// token does not match is forged. `X-Goog-Resource-State: sync` is the handshake sent right
/// after the channel opens; `exists` / `not_exists` say the watched events changed.
import Runtime

/// A watch channel as the sync state keeps it.
public struct GooglePushChannel: Sendable, Equatable, Codable {
    /// Our channel id (a UUID), echoed in `X-Goog-Channel-ID`.
    public var id: String
    /// Our secret, echoed in `X-Goog-Channel-Token`.
    public var token: String
    /// Google's id of the watched resource (`resourceId`), needed to stop the channel.
    public var resourceID: String
    /// When Google stops sending on this channel.
    public var expiration: Instant

    /// A channel from its parts.
    public init(id: String, token: String, resourceID: String, expiration: Instant) {
        self.id = id; self.token = token; self.resourceID = resourceID; self.expiration = expiration
    }
}

/// What to do with an incoming push notification.
public enum GooglePushVerdict: Sendable, Equatable {
    /// The channel's opening handshake: acknowledge (2xx), nothing changed.
    case sync
    /// The calendar changed: acknowledge and read it now.
    case changed
    /// Not from our channel (unknown id, wrong token, unknown state): answer 4xx, do nothing.
    case reject(String)
}

extension GoogleCalendarGateway {
    /// The push channel recorded in a sync state (what the service persisted), if any.
    public static func channel(inState state: String?) -> GooglePushChannel? {
        GoogleSyncState.decode(state).channel
    }

    /// Checks a notification's headers (any case) against the channel: id must match and the
    /// token must match in constant time; then the resource state decides.
    public static func verifyPush(headers: [(name: String, value: String)], channel: GooglePushChannel) -> GooglePushVerdict {
        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name }?.value
        }
        guard let id = header("x-goog-channel-id"), id == channel.id else {
            return .reject("unknown push channel id")
        }
        guard let token = header("x-goog-channel-token"), ConstantTime.equals(token, channel.token) else {
            return .reject("push channel token does not match")
        }
        if let resource = header("x-goog-resource-id"), !channel.resourceID.isEmpty, resource != channel.resourceID {
            return .reject("push notification for another resource")
        }
        switch header("x-goog-resource-state") {
        case "sync": return .sync
        case "exists", "not_exists": return .changed
        case let other: return .reject("unknown resource state '\(other ?? "")'")
        }
    }
}
