/// The check that keeps an ambiguous failure from texting a customer twice. Twilio offers no
/// idempotency key on message creation, so after a timeout (the POST may or may not have
/// created the message) the sender reads the Message list resource, `GET
/// .../Messages.json?To=<to>&PageSize=50`, which Twilio returns most recent first, and looks
/// for an outbound message with the same `To` and `Body` created at most a minute before the
/// attempt. Found: the SMS is on its way, `.delivered(sid)`. Not found, or the list cannot be
/// read: `.retry`.
///
/// Why not also filter with `DateSent>=YYYY-MM-DD`: Twilio documents `date_sent` as the time
/// it handed the message to the carrier, null until then, so that filter leaves out exactly
/// the message a timed-out POST just created (still `queued`/`accepted`). The match uses
/// `date_created` instead, which every message has from the start.
import Runtime

extension TwilioSMSSender {
    /// How far before the attempt a matching message may have been created (clock skew).
    static let lookupSlack: Int64 = 60

    /// `.delivered` when Twilio holds the message after all, `.retry` (saying `why`) otherwise.
    func checkAmbiguous(_ message: OutboundSMS, at now: Instant, because why: String) -> DeliveryResult {
        switch findSent(message, at: now) {
        case .success(let sid?):
            return .delivered(reference: sid)
        case .success(nil):
            return .retry("\(why); no message to \(Redaction.phone(message.to)) found in Twilio's log, so it will be sent again")
        case .failure(let lookupProblem):
            return .retry("\(why); could not check Twilio's log (\(lookupProblem)), will retry")
        }
    }

    /// The SID of an outbound message to `message.to` with `message.body`, created since
    /// `since` (or `now`) minus the slack; nil when there is none; a failure when the list is
    /// unreadable.
    func findSent(_ message: OutboundSMS, at now: Instant, since: Instant? = nil) -> Result<String?, LookupProblem> {
        let query = FormEncoding.encode([("To", message.to), ("PageSize", "50")])
        let request = OutboundHTTPRequest(method: "GET", url: configuration.messagesURL + "?" + query,
                                          headers: [configuration.authorization, .init("Accept", "application/json")],
                                          timeout: configuration.timeout)
        let response: OutboundHTTPResponse
        switch client.send(request) {
        case .failure(let error): return .failure(LookupProblem(text: "\(error)"))
        case .success(let answer): response = answer
        }
        guard response.status == 200 else {
            let detail = TwilioAPIError(body: response.body)?.describe(hiding: message.to) ?? ProviderJSON.snippet(response.body)
            return .failure(LookupProblem(text: "the list answered HTTP \(response.status): \(detail)"))
        }
        guard let page = ProviderJSON.object(response.body), let messages = page["messages"] as? [Any] else {
            return .failure(LookupProblem(text: "the list answered \(ProviderJSON.snippet(response.body)), not a message page"))
        }
        let earliest = min(now.seconds, since?.seconds ?? now.seconds) - Self.lookupSlack
        for case let resource as [String: Any] in messages {
            guard ProviderJSON.string(resource, "to") == message.to,
                  ProviderJSON.string(resource, "body") == message.body,
                  ProviderJSON.string(resource, "direction")?.hasPrefix("outbound") ?? true,
                  let created = ProviderJSON.string(resource, "date_created").flatMap(TwilioDate.parseRFC2822),
                  created.seconds >= earliest,
                  let sid = ProviderJSON.string(resource, "sid"), !sid.isEmpty else { continue }
            return .success(sid)
        }
        return .success(nil)
    }

    /// Why the message list could not be read.
    struct LookupProblem: Error, CustomStringConvertible {
        var text: String
        var description: String { text }
    }
}
