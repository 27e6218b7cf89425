/// Keeping a push channel open ("Push notifications"): `POST /calendars/{id}/events/watch`
/// with `{"id", "type": "web_hook", "address", "token", "params": {"ttl"}}` opens one; Google
/// answers with `resourceId` and `expiration` (milliseconds). Channels cannot be renewed in
/// place, so within an hour of expiry a new one is opened first and the old one stopped
/// after (`POST /channels/stop` with `id` and `resourceId`), leaving no gap. Failures here
/// never fail the read: polling is the backstop, and the error is kept in the state.
import Foundation
import Runtime

extension GoogleCalendarGateway {
    /// Renew a channel this long before it expires.
    static let channelRenewalMargin: Int64 = 3600

    /// Opens, renews or (push turned off) stops the channel recorded in `sync`.
    func maintainPushChannel(_ sync: inout GoogleSyncState) {
        guard let address = configuration.pushAddress else {
            if let old = sync.channel {
                _ = stopChannel(old)
                sync.channel = nil
            }
            sync.pushError = nil
            return
        }
        let current = now()
        if let channel = sync.channel, channel.expiration.seconds - current.seconds > Self.channelRenewalMargin { return }
        switch openChannel(address: address) {
        case .success(let channel):
            if let old = sync.channel { _ = stopChannel(old) }
            sync.channel = channel
            sync.pushError = nil
        case .failure(let error):
            if let old = sync.channel, old.expiration <= current { sync.channel = nil }
            sync.pushError = error.message
        }
    }

    /// `events.watch`: a new channel with a fresh id and secret token.
    func openChannel(address: String) -> Result<GooglePushChannel, GoogleCallError> {
        let id = UUID().uuidString.lowercased()
        let token = SecureRandom.token()
        let body: [String: Any] = ["id": id, "type": "web_hook", "address": address, "token": token,
                                   "params": ["ttl": String(configuration.channelLifetime)]]
        let what = "opening a push channel"
        let object: [String: Any]
        switch jsonObject(call("POST", calendarPath + "/events/watch", json: body, what: what), what: what) {
        case .success(let value): object = value
        case .failure(let error): return .failure(error)
        }
        guard let resourceID = object["resourceId"] as? String, !resourceID.isEmpty else {
            return .failure(.transient("Google Calendar opened a push channel without a resourceId"))
        }
        // `expiration` is milliseconds since the epoch, as a string (int64) or a number.
        let milliseconds = (object["expiration"] as? String).flatMap { Int64($0) } ?? (object["expiration"] as? NSNumber)?.int64Value
        let expiration = milliseconds.map { Instant(seconds: $0 / 1000) } ?? now() + .seconds(configuration.channelLifetime)
        return .success(GooglePushChannel(id: id, token: token, resourceID: resourceID, expiration: expiration))
    }

    /// `channels.stop`; a channel Google no longer knows (404) counts as stopped.
    func stopChannel(_ channel: GooglePushChannel) -> Result<Void, GoogleCallError> {
        let what = "stopping a push channel"
        switch call("POST", "/channels/stop", json: ["id": channel.id, "resourceId": channel.resourceID], what: what) {
        case .failure(let error): return .failure(error)
        case .success(let response) where (200..<300).contains(response.status) || response.status == 404:
            return .success(())
        case .success(let response): return .failure(GoogleErrorBody.classify(response, what: what))
        }
    }
}
