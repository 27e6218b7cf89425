/// `POST /api/v1/waitlist/trigger` — triggerWaitlistFlow: the voice agent puts a caller on
/// the way to the waitlist. Validates everything before anything changes, mints the link
/// secret, applies the trigger, and answers only once the entry and its SMS are committed.
import Foundation
import RuleLang
import Runtime

/// A validated trigger.
struct TriggerInput {
    var business: String
    var phone: String
    var requested: Instant
    var source: String
    var service: String?
}

extension WaitlistService {
    /// Handles the trigger endpoint.
    func handleTrigger(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = guardAPI(request, expectsJSONBody: true) { return refusal }
        let scope = String(decoding: apiKeyDigest, as: UTF8.self)
        let key = request.header("idempotency-key")
        if let key {
            guard !key.isEmpty, key.utf8.count <= 255, key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F }) else {
                return JSONResponse.error(status: 400, code: "invalid_idempotency_key",
                                          message: "Idempotency-Key must be 1 to 255 visible ASCII characters", field: "Idempotency-Key")
            }
            guard idempotency.claim(scope: scope, key: key) else {
                return JSONResponse.error(status: 409, code: "idempotency_key_in_use",
                                          message: "another request with this Idempotency-Key is being processed; retry later")
            }
        }
        defer { if let key { idempotency.release(scope: scope, key: key) } }
        let requestDigest = Digest.sha256Hex("\(request.method) \(request.path)\n" + String(decoding: request.body, as: UTF8.self))
        if let key {
            let stored: IdempotencyRow?
            do { stored = try store.idempotencyRecord(scope: scope, key: key) } catch {
                return JSONResponse.error(status: 503, code: "unavailable", message: "storage unavailable; retry")
            }
            if let stored {
                guard stored.requestDigest == requestDigest else {
                    return JSONResponse.error(status: 409, code: "idempotency_key_reused",
                                              message: "this Idempotency-Key was used with a different request body")
                }
                guard let body = replayedBody(stored.responseBody) else {
                    return JSONResponse.error(status: 503, code: "unavailable", message: "storage unavailable; retry")
                }
                var response = HTTPResponse(status: stored.status, headers: [("Content-Type", "application/json; charset=utf-8"),
                                                                              ("Idempotent-Replayed", "true")],
                                            body: Array(body.utf8))
                response.headers += SecurityHeaders.api
                return response
            }
        }
        let input: TriggerInput
        switch parseTrigger(request) {
        case .success(let value): input = value
        case .failure(let refusal): return refusal.response
        }
        // A duplicate sends no SMS, so only a trigger that may create an entry spends the budget.
        // A number that sent STOP and was then erased is only known by its digest.
        let phoneDigest = Digest.sha256Hex(input.phone)
        let (isDuplicate, isErasedOptOut) = runtime(input.business)?.state.withLock {
            ($0.engine.openEntry(phone: input.phone, requested: input.requested) != nil, $0.engine.isErasedOptOut(digest: phoneDigest))
        } ?? (false, false)
        guard isDuplicate || invitationLimiter.allow("\(input.business)|\(input.phone)") else {
            var response = JSONResponse.error(status: 429, code: "too_many_invitations",
                                              message: "this phone number already received \(configuration.invitationsPerPhonePerHour) waitlist invitations in the last hour",
                                              field: "phone")
            response.headers.append(("Retry-After", "3600"))
            return response
        }
        if isErasedOptOut {
            return JSONResponse.error(status: 409, code: "opted_out",
                                      message: "this phone number answered STOP; it will not be texted", field: "phone")
        }
        let secret = SecureRandom.token()
        let engineToken = Digest.sha256Hex(secret)
        let event = LoggedEvent.trigger(phone: input.phone, requested: input.requested, source: input.source,
                                        token: engineToken, service: input.service)
        do {
            let applied = try apply(event, to: input.business, minted: [engineToken: secret]) { engine, builder -> TriggerOutcome in
                let publicURL = engine.rules.establishment.publicURL
                let outcome: TriggerOutcome
                if let entry = engine.entry(byToken: engineToken) {
                    let url = builder.entryLink(entryID: entry.id, engine: engine, publicURL: publicURL) ?? ""
                    outcome = .created(Self.triggerBody(entry: entry, url: url, engine: engine, duplicate: false))
                } else if let existing = engine.openEntry(phone: input.phone, requested: input.requested) {
                    let url = builder.entryLink(entryID: existing.id, engine: engine, publicURL: publicURL) ?? ""
                    outcome = .duplicate(Self.triggerBody(entry: existing, url: url, engine: engine, duplicate: true))
                } else {
                    outcome = .optedOut
                }
                // The stored answer keeps no link: a copy of the database must open none. A
                // replay mints a fresh secret for the entry (`replayedBody`).
                if let key, case .created = outcome, let entry = engine.entry(byToken: engineToken) {
                    builder.batch.idempotency = IdempotencyRow(scope: scope, key: key, requestDigest: requestDigest, status: 201,
                                                               responseBody: Self.triggerBody(entry: entry, url: "", engine: engine, duplicate: false),
                                                               createdAt: builder.now)
                } else if let key, case .duplicate = outcome, let existing = engine.openEntry(phone: input.phone, requested: input.requested) {
                    builder.batch.idempotency = IdempotencyRow(scope: scope, key: key, requestDigest: requestDigest, status: 200,
                                                               responseBody: Self.triggerBody(entry: existing, url: "", engine: engine, duplicate: true),
                                                               createdAt: builder.now)
                }
                return outcome
            }
            switch applied.result {
            case .created(let body):
                telemetry.log(.info, "waitlist invitation queued", ["business": .string(input.business),
                                                                    "phone": .string(Redaction.phone(input.phone))])
                return Self.json(status: 201, body: body)
            case .duplicate(let body):
                return Self.json(status: 200, body: body)
            case .optedOut:
                return JSONResponse.error(status: 409, code: "opted_out",
                                          message: "this phone number answered STOP; it will not be texted", field: "phone")
            }
        } catch {
            return serviceFailure(error)
        }
    }

    /// A stored trigger answer made whole again: its `url` (stored empty) becomes a link with a
    /// freshly minted secret to the same entry, as a duplicate trigger gets, while the entry
    /// is open; otherwise the answer as stored. Nil when the new link could not be committed.
    func replayedBody(_ stored: String) -> String? {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(stored.utf8))) as? [String: Any],
              object["url"] as? String == "", let entryID = object["entry_id"] as? Int,
              let establishment = object["business_id"] as? String else { return stored }
        let business = runtime(establishment) != nil ? establishment : businessIDs.first {
            runtime($0)?.state.withLock { $0.engine.rules.establishment.id } == establishment
        }
        guard let business, let runtime = runtime(business) else { return stored }
        let link = runtime.state.withLock { state -> (token: String, expires: Instant, publicURL: String)? in
            guard let entry = state.engine.state.entry(entryID), !entry.status.isFinal, entry.anonymisedAt == nil else { return nil }
            return (entry.token, entry.tokenExpires, state.engine.rules.establishment.publicURL)
        }
        guard let link else { return stored }
        let secret = SecureRandom.token()
        var batch = StoreBatch()
        batch.tokens = [PublicTokenRow(digest: Digest.sha256Hex(secret), business: business, kind: "entry", engineToken: link.token,
                                       entryID: entryID, createdAt: clock.now(), expiresAt: link.expires)]
        do { try store.commit(batch) } catch { return nil }
        object["url"] = "\(link.publicURL)/waitlist/\(secret)"
        return APIJSON.text(object)
    }

    /// The 201/200 body: the entry, its link, and what happens next.
    static func triggerBody(entry: WaitlistEntry, url: String, engine: WaitlistEngine, duplicate: Bool) -> String {
        let object: [String: Any] = [
            "entry_id": entry.id,
            "url": url,
            "status": entry.status.rawValue,
            "business_id": engine.rules.establishment.id,
            "requested_slot": LocalTimeText.withOffset(entry.requested, zone: engine.zone),
            "link_expires_at": LocalTimeText.withOffset(entry.tokenExpires, zone: engine.zone),
            "sms": duplicate ? "not_sent_duplicate" : "queued",
            "duplicate": duplicate,
        ]
        return APIJSON.text(object)
    }

    static func json(status: Int, body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + SecurityHeaders.api,
                     body: Array(body.utf8))
    }

    /// The JSON answer for a failure inside the service.
    func serviceFailure(_ error: ServiceError) -> HTTPResponse {
        switch error {
        case .unknownBusiness(let id):
            return JSONResponse.error(status: 404, code: "unknown_business", message: "no business '\(id)' is served here",
                                      field: "business_id")
        case .storage:
            var response = JSONResponse.error(status: 503, code: "unavailable", message: "the request could not be saved; nothing was done, retry")
            response.headers.append(("Retry-After", "2"))
            return response
        case .rules(_, let message):
            return JSONResponse.error(status: 503, code: "rules_unavailable", message: message)
        }
    }

    /// Reads and validates the trigger's JSON body.
    func parseTrigger(_ request: HTTPRequest) -> Result<TriggerInput, HTTPResponseBox> {
        let payload: TriggerPayload
        switch TriggerPayload.decode(request.body) {
        case .success(let value): payload = value
        case .failure(let error): return .failure(HTTPResponseBox(error.response))
        }
        func fail(_ field: String, _ code: String, _ message: String) -> Result<TriggerInput, HTTPResponseBox> {
            .failure(HTTPResponseBox(JSONResponse.error(status: 400, code: code, message: message, field: field)))
        }
        func string(_ field: String, required: Bool) -> (String?, Result<TriggerInput, HTTPResponseBox>?) {
            switch payload.value(field) {
            case .absent: return (nil, required ? fail(field, "missing_field", "'\(field)' is required") : nil)
            case .notString: return (nil, fail(field, "invalid_type", "'\(field)' must be a string"))
            case .text(let text): return (text, nil)
            }
        }
        let (businessText, businessError) = string("business_id", required: true)
        if let businessError { return businessError }
        let business = businessText ?? ""
        guard let runtime = runtime(business) else {
            let hint = Suggestions.didYouMean(business, among: businessIDs).map { " (\($0))" } ?? ""
            return .failure(HTTPResponseBox(JSONResponse.error(status: 404, code: "unknown_business",
                                                               message: "no business '\(business)' is served here\(hint)",
                                                               field: "business_id")))
        }
        let (phoneText, phoneError) = string("phone", required: true)
        if let phoneError { return phoneError }
        guard let phone = PhoneNumber.normalize(phoneText ?? "") else {
            return fail("phone", "invalid_phone", "'\(phoneText ?? "")' is not a valid phone number; use +33612345678 or 06 12 34 56 78")
        }
        let (sourceText, sourceError) = string("source", required: false)
        if let sourceError { return sourceError }
        let source = sourceText ?? "voice_agent"
        guard configuration.allowedSources.contains(source) else {
            let hint = Suggestions.didYouMean(source, among: configuration.allowedSources).map { " (\($0))" } ?? ""
            return fail("source", "unknown_source",
                        "unknown source '\(source)'\(hint); sources are \(configuration.allowedSources.sorted().joined(separator: ", "))")
        }
        let (serviceText, serviceError) = string("service", required: false)
        if let serviceError { return serviceError }
        let (slotText, slotError) = string("requested_slot", required: true)
        if let slotError { return slotError }
        // One look at the engine: the business's lock is what concurrent triggers queue on.
        let slot = slotText ?? ""
        let now = clock.now()
        typealias Checked = (zone: ZoneConverter, requested: Instant?, unknownService: [String]?, bookable: Bool, free: Availability?)
        let checked = runtime.state.withLock { state -> Checked in
            let engine = state.engine
            guard let requested = LocalTimeText.parse(slot, zone: engine.zone) else { return (engine.zone, nil, nil, false, nil) }
            if let serviceText, engine.rules.slots.service(serviceText) == nil {
                return (engine.zone, requested, engine.rules.slots.services.map(\.label), false, nil)
            }
            guard let slot = engine.slot(startingAt: requested, service: serviceText) else { return (engine.zone, requested, nil, false, nil) }
            // Free places are only known from a calendar copy fit to answer from; on a stale one
            // the caller joins the list (a full slot must never be refused as free). The
            // alternatives are worked out only for the refusal, off the common path.
            guard engine.freePlaces(in: slot) > 0, !CalendarHealth(state, now: now).stale else {
                return (engine.zone, requested, nil, true, nil)
            }
            let availability = engine.availability(around: requested, service: serviceText)
            return (engine.zone, requested, nil, true, availability.requestedFree > 0 ? availability : nil)
        }
        let zone = checked.zone
        guard let requested = checked.requested else {
            return fail("requested_slot", "invalid_slot",
                        "'\(slot)' is not a date and time; use 2025-01-18T19:30:00 (local time of the establishment) or add an offset")
        }
        if let gap = LocalTimeText.gapMessage(slot, zone: zone) {
            return fail("requested_slot", "invalid_slot", gap)
        }
        guard requested > now else {
            return fail("requested_slot", "slot_in_past", "the requested slot \(slot) is in the past")
        }
        guard requested - now <= .seconds(400 * 86_400) else {
            return fail("requested_slot", "slot_too_far", "the requested slot is more than 400 days ahead")
        }
        if let serviceText, let names = checked.unknownService {
            let hint = Suggestions.didYouMean(serviceText, among: names).map { " (\($0))" } ?? ""
            return fail("service", "unknown_service", "unknown service '\(serviceText)'\(hint); services are \(names.joined(separator: ", "))")
        }
        guard checked.bookable else {
            return fail("requested_slot", "slot_not_bookable",
                        "no bookable slot starts at \(LocalTimeText.local(requested, zone: zone)) (local time); see GET /api/v1/availability")
        }
        if let availability = checked.free {
            return .failure(HTTPResponseBox(Self.slotAvailableResponse(availability, business: business, requested: requested,
                                                                         zone: zone, now: now)))
        }
        return .success(TriggerInput(business: business, phone: phone, requested: requested, source: source, service: serviceText))
    }

    /// The 409 for a trigger on a slot that still has free places: the caller can simply book
    /// it. Carries what the availability API would answer (free places, alternatives), so the
    /// voice agent can book without asking again. No SMS goes out and nothing is stored.
    static func slotAvailableResponse(_ availability: Availability, business: String, requested: Instant, zone: ZoneConverter,
                                      now: Instant) -> HTTPResponse {
        var object = availabilityObject(availability, business: business, around: requested, zone: zone, now: now)
        let places = availability.requestedFree
        object["free"] = places
        object["error"] = ["code": "slot_available", "field": "requested_slot",
                           "message": "the requested slot \(LocalTimeText.local(requested, zone: zone)) (local time) still has \(places) free "
                               + (places == 1 ? "place" : "places") + "; book it instead of joining the waitlist"]
        return APIJSON.response(status: 409, object)
    }
}

/// What a trigger came to.
enum TriggerOutcome: Sendable {
    case created(String)
    case duplicate(String)
    case optedOut
}
