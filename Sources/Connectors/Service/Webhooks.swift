/// Provider webhooks: Twilio's inbound SMS and delivery statuses, Google Calendar's push
/// notifications. Each is authenticated the provider's way (Twilio's HMAC signature over the
/// URL and parameters; Google's channel id and token) before anything changes: a forged or
/// unsigned call is a 403 and is logged, nothing more.
import Foundation
import Runtime

extension WaitlistService {
    /// `POST /webhooks/twilio/sms`: "OUI" / "NON" answer the phone's open offer like the links
    /// do; STOP / ARRET close its entries for good. A repeated `MessageSid` is acknowledged
    /// and ignored.
    func handleTwilioInbound(_ request: HTTPRequest) -> HTTPResponse {
        let fields: [(name: String, value: String)]
        switch verifiedTwilioFields(request) {
        case .success(let value): fields = value
        case .failure(let refusal): return refusal.response
        }
        guard let message = InboundSMS(fields: fields), let phone = PhoneNumber.normalize(message.from) else {
            return Self.twiml(status: 400)
        }
        guard let business = twilioBusiness(to: message.to, fields: fields) else { return Self.twiml(status: 404) }
        // Twilio retries webhooks: the message id makes a repeat harmless.
        var seen = StoreBatch()
        seen.idempotency = IdempotencyRow(scope: "twilio-inbound", key: message.messageSID,
                                          requestDigest: Digest.sha256Hex(message.body), status: 200, responseBody: "",
                                          createdAt: clock.now())
        do { try store.commit(seen) } catch StoreError.conflict {
            return Self.twiml(status: 200)
        } catch {
            return Self.twiml(status: 503)
        }
        let reply = InboundReply.interpret(message.body)
        telemetry.log(.info, "inbound sms", ["business": .string(business), "phone": .string(Redaction.phone(phone)),
                                             "reply": .string("\(reply)")])
        switch reply {
        case .yes, .no:
            guard let offer = runtime(business)?.state.withLock({ $0.engine.openOffer(phone: phone) }) else { break }
            let applied = try? apply(.reply(offerToken: offer.token, accept: reply == .yes), to: business, inspect: { _, _ in () })
            if let applied, applied.effects.contains(where: Self.isBookingEffect) {
                // Twilio waits for this answer: the booking is written at once, off this thread,
                // and the SMS that follows tells the customer how it went.
                writeBookingNow(business: business, entryID: offer.entryID, waitingAtMost: .zero)
            }
        case .stop:
            _ = try? apply(.stop(phone: phone), to: business, inspect: { _, _ in () })
        case .start, .unknown:
            break
        }
        return Self.twiml(status: 200)
    }

    /// `POST /webhooks/twilio/status`: delivery reports, recorded on the outbox row whose
    /// provider reference is the MessageSid (a report never downgrades a later status; an
    /// unknown MessageSid changes nothing and is still acknowledged, or Twilio would retry).
    /// An SMS refused because the number answered STOP (error 21610) also closes the phone's entries.
    func handleTwilioStatus(_ request: HTTPRequest) -> HTTPResponse {
        let fields: [(name: String, value: String)]
        switch verifiedTwilioFields(request) {
        case .success(let value): fields = value
        case .failure(let refusal): return refusal.response
        }
        guard let status = TwilioStatusCallback(fields: fields) else { return Self.twiml(status: 400) }
        telemetry.log(status.errorCode == nil ? .info : .warn, "sms status",
                      ["sid": .string(status.messageSID), "status": .string(status.status),
                       "error_code": .int(status.errorCode ?? 0)])
        var batch = StoreBatch()
        batch.deliveryReports = [DeliveryReport(providerRef: status.messageSID, status: status.status,
                                                errorCode: status.errorCode, at: clock.now())]
        var recorded = true
        do { try store.commit(batch) } catch {
            telemetry.log(.error, "sms status not recorded", ["sid": .string(status.messageSID), "error": .string(error.description)])
            recorded = false
        }
        if status.errorCode == 21610, let to = FormDecoding.value("To", in: fields).flatMap({ PhoneNumber.normalize($0) }),
           let business = twilioBusiness(to: FormDecoding.value("From", in: fields) ?? "", fields: fields) {
            _ = try? apply(.stop(phone: to), to: business, inspect: { _, _ in () })
        }
        // A store failure asks Twilio to try again later; the STOP above stands either way.
        return Self.twiml(status: recorded ? 200 : 503)
    }

    /// The form fields of a Twilio webhook whose signature checks out for one of the
    /// businesses using Twilio, or the refusal.
    private func verifiedTwilioFields(_ request: HTTPRequest) -> Result<[(name: String, value: String)], HTTPResponseBox> {
        let url = webhookURL(request)
        let tokens = connectionSettings.withLock { settings in
            settings.values.compactMap { settings -> String? in
                if case let .twilio(_, token, _, _, _, _) = settings.sms { return token }
                return nil
            }
        }
        for token in tokens {
            if let fields = TwilioWebhook.verifiedFields(of: request, url: url, authToken: token) { return .success(fields) }
        }
        guard FormDecoding.decode(request.body) != nil else { return .failure(HTTPResponseBox(Self.twiml(status: 400))) }
        telemetry.log(.warn, "twilio webhook refused: bad signature", ["path": .string(request.path)])
        return .failure(HTTPResponseBox(JSONResponse.error(status: 403, code: "forbidden", message: "invalid X-Twilio-Signature")))
    }

    /// The business whose Twilio number (or messaging service) received the message.
    private func twilioBusiness(to number: String, fields: [(name: String, value: String)]) -> String? {
        let service = FormDecoding.value("MessagingServiceSid", in: fields)
        let normalized = PhoneNumber.normalize(number) ?? number
        return connectionSettings.withLock { settings in
            settings.first { _, value in
                guard case let .twilio(_, _, from, messagingService, _, _) = value.sms else { return false }
                return (from != nil && (from == number || from == normalized)) || (service != nil && messagingService == service)
            }?.key
        }
    }

    /// `POST /webhooks/google/calendar`: a push notification. `sync` is acknowledged; `exists`
    /// makes the business's calendar be read at once (the offer SMS follows within a second).
    func handleGooglePush(_ request: HTTPRequest) -> HTTPResponse {
        guard let channelID = request.header("x-goog-channel-id") else {
            return JSONResponse.error(status: 400, code: "missing_header", message: "X-Goog-Channel-ID is required")
        }
        for business in businessIDs {
            guard case .google? = connectionSettings.withLock({ $0[business]?.calendar }),
                  let state = runtime(business)?.state.withLock({ $0.calendarState }),
                  let channel = GoogleCalendarGateway.channel(inState: state), channel.id == channelID else { continue }
            switch GoogleCalendarGateway.verifyPush(headers: request.headers, channel: channel) {
            case .sync:
                return HTTPResponse(status: 200)
            case .changed:
                requestCalendarRead(business)
                return HTTPResponse(status: 200)
            case .reject:
                telemetry.log(.warn, "google push refused: channel token mismatch", ["business": .string(business)])
                return JSONResponse.error(status: 403, code: "forbidden", message: "unknown channel token")
            }
        }
        telemetry.log(.warn, "google push for an unknown channel", ["channel": .string(Redaction.token(channelID))])
        // Google stops a channel answered with an error; an unknown one should stop.
        return JSONResponse.error(status: 404, code: "unknown_channel", message: "no such channel")
    }

    /// The URL the provider called, as it signed it: the public base plus path and query.
    func webhookURL(_ request: HTTPRequest) -> String {
        let base = configuration.publicURL ?? ""
        let query = request.query.isEmpty ? "" : "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return base + request.path + query
    }

    /// An empty TwiML answer (Twilio sends nothing back to the customer) with `status`.
    static func twiml(status: Int) -> HTTPResponse {
        var response = TwilioWebhook.emptyReply()
        response.status = status
        return response
    }
}
