/// Emulated push notifications: `POST .../events/watch` opens a channel (a `web_hook` with
/// an id of at most 64 characters, an address, an optional token and `params.ttl`), answered
/// with `resourceId`, `resourceUri` and `expiration` in milliseconds; `POST /channels/stop`
/// closes it. Right after a watch the channel gets a `sync` message, then `exists` after each
/// change, as POSTs without body carrying the `X-Goog-*` headers. Google requires an HTTPS
/// address; the emulator also takes `http://127.0.0.1` and `http://localhost` for tests.
import Connectors
import Foundation
import Runtime

extension GoogleEmulatorCore {
    /// The longest channel lifetime granted, seconds.
    static let maxChannelLifetime: Int64 = 30 * 86_400

    func watch(_ request: HTTPRequest) -> HTTPResponse {
        let object: [String: Any]
        switch Self.body(request) {
        case .success(let value): object = value
        case .failure(let error): return Self.error(error)
        }
        func bad(_ message: String, _ reason: String = "invalid") -> HTTPResponse {
            Self.error(GoogleEmulatorError(status: 400, reason: reason, message: message))
        }
        guard let id = object["id"] as? String, !id.isEmpty, id.count <= 64 else { return bad("Invalid channel id.", "required") }
        guard object["type"] as? String == "web_hook" || object["type"] as? String == "webhook" else { return bad("Invalid channel type.") }
        guard let address = object["address"] as? String else { return bad("Missing channel address.", "required") }
        let local = address.hasPrefix("http://127.0.0.1") || address.hasPrefix("http://localhost")
        guard address.hasPrefix("https://") || local else { return bad("WebHook callback must be HTTPS: \(address)", "push.webhookUrlNotHttps") }
        let ttlText = (object["params"] as? [String: Any])?["ttl"] as? String
        let ttl = min(ttlText.flatMap { Int64($0) } ?? 604_800, Self.maxChannelLifetime)
        let token = object["token"] as? String
        let expiration = now() + .seconds(max(1, ttl))
        let opened = state.withLock { state -> GoogleEmulatorChannel? in
            guard state.channels[id] == nil else { return nil }
            var channel = GoogleEmulatorChannel(id: id, token: token, address: address, resourceID: resourceID, expiration: expiration)
            channel.messageNumber = 1
            state.channels[id] = channel
            return channel
        }
        guard let opened else { return bad("Channel id \(id) not unique", "channelIdNotUnique") }
        deliver([(opened, 1)], state: "sync")
        var answer: [String: Any] = ["kind": "api#channel", "id": id, "resourceId": resourceID, "resourceUri": resourceURI,
                                     "expiration": String(expiration.seconds * 1000)]
        if let token { answer["token"] = token }
        return Self.json(answer)
    }

    func stopChannel(_ request: HTTPRequest) -> HTTPResponse {
        let object: [String: Any]
        switch Self.body(request) {
        case .success(let value): object = value
        case .failure(let error): return Self.error(error)
        }
        let id = object["id"] as? String ?? ""
        let stopped = state.withLock { state -> Bool in
            guard let channel = state.channels[id], channel.resourceID == object["resourceId"] as? String else { return false }
            state.channels[id] = nil
            return true
        }
        guard stopped else {
            return Self.error(GoogleEmulatorError(status: 404, reason: "notFound", message: "Channel '\(id)' not found for project"))
        }
        return HTTPResponse(status: 204)
    }

    /// The `X-Goog-Resource-URI` of the watched events.
    var resourceURI: String {
        state.withLock { $0.baseURL } + "/calendars/\(calendarID)/events?alt=json"
    }

    /// Sends `exists` to every live channel (dropping expired ones).
    func notifyChange() {
        let current = now()
        let targets = state.withLock { state -> [(GoogleEmulatorChannel, Int)] in
            state.channels = state.channels.filter { $0.value.expiration > current }
            return state.channels.keys.sorted().map { id in
                state.channels[id]!.messageNumber += 1
                return (state.channels[id]!, state.channels[id]!.messageNumber)
            }
        }
        deliver(targets, state: "exists")
    }

    /// POSTs notifications in order on the push queue, outside the lock, and logs them.
    func deliver(_ targets: [(GoogleEmulatorChannel, Int)], state resourceState: String) {
        guard !targets.isEmpty else { return }
        let uri = resourceURI
        pushQueue.async { [self] in
            for (channel, number) in targets {
                var headers: [OutboundHTTPRequest.Header] = [
                    .init("X-Goog-Channel-ID", channel.id),
                    .init("X-Goog-Channel-Expiration", GoogleEmulatorClock.httpDate(channel.expiration)),
                    .init("X-Goog-Resource-ID", channel.resourceID),
                    .init("X-Goog-Resource-URI", uri),
                    .init("X-Goog-Resource-State", resourceState),
                    .init("X-Goog-Message-Number", String(number)),
                ]
                if let token = channel.token { headers.insert(.init("X-Goog-Channel-Token", token), at: 1) }
                let answer = pushClient.send(OutboundHTTPRequest(method: "POST", url: channel.address, headers: headers, timeout: 5))
                let status = try? answer.get().status
                state.withLock {
                    $0.pushes.append(GoogleEmulatorPush(channelID: channel.id, state: resourceState, messageNumber: number, responseStatus: status))
                }
            }
        }
    }
}
