/// `GET /api/v1/availability?business_id=demo&around=2025-01-18T19:30:00[&service=dinner]` —
/// what is free at and around a requested time, so the voice agent can propose another slot
/// before offering the waitlist (the spec's step 4).
import Foundation
import RuleLang
import Runtime

extension WaitlistService {
    /// Handles the availability endpoint.
    func handleAvailability(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = guardAPI(request, expectsJSONBody: false) { return refusal }
        guard let business = request.queryValue("business_id"), !business.isEmpty else {
            return JSONResponse.error(status: 400, code: "missing_field", message: "'business_id' is required", field: "business_id")
        }
        guard let runtime = runtime(business) else {
            let hint = Suggestions.didYouMean(business, among: businessIDs).map { " (\($0))" } ?? ""
            return JSONResponse.error(status: 404, code: "unknown_business", message: "no business '\(business)' is served here\(hint)",
                                      field: "business_id")
        }
        guard let around = request.queryValue("around"), !around.isEmpty else {
            return JSONResponse.error(status: 400, code: "missing_field", message: "'around' is required (2025-01-18T19:30:00)", field: "around")
        }
        let service = request.queryValue("service")
        let (zone, rules) = runtime.state.withLock { ($0.engine.zone, $0.engine.rules) }
        guard let start = LocalTimeText.parse(around, zone: zone) else {
            return JSONResponse.error(status: 400, code: "invalid_slot",
                                      message: "'\(around)' is not a date and time; use 2025-01-18T19:30:00", field: "around")
        }
        if let gap = LocalTimeText.gapMessage(around, zone: zone) {
            return JSONResponse.error(status: 400, code: "invalid_slot", message: gap, field: "around")
        }
        if let service, rules.slots.service(service) == nil {
            return JSONResponse.error(status: 400, code: "unknown_service", message: "unknown service '\(service)'", field: "service")
        }
        let now = clock.now()
        let (availability, health) = runtime.state.withLock { state -> (Availability, CalendarHealth) in
            (state.engine.availability(around: start, service: service), CalendarHealth(state, now: now))
        }
        // An unreadable calendar must not look empty: a full evening would read as free.
        if health.stale { return Self.calendarUnavailableResponse(business) }
        return APIJSON.response(status: 200, Self.availabilityObject(availability, business: business, around: start, zone: zone, now: now))
    }

    /// The availability answer's JSON object (also the body of a trigger's `slot_available` 409).
    static func availabilityObject(_ availability: Availability, business: String, around start: Instant, zone: ZoneConverter,
                                   now: Instant) -> [String: Any] {
        func slot(_ info: SlotInfo, free: Int) -> [String: Any] {
            ["start": LocalTimeText.withOffset(info.start, zone: zone), "end": LocalTimeText.withOffset(info.end, zone: zone),
             "service": info.key.service, "resource": info.key.resource, "capacity": info.capacity, "free": free,
             "bookable": free > 0 && info.start > now]
        }
        var object: [String: Any] = [
            "business_id": business,
            "around": LocalTimeText.withOffset(start, zone: zone),
            "alternatives": availability.alternatives.sorted { $0.slot.start < $1.slot.start }.map { slot($0.slot, free: $0.free) },
        ]
        object["requested"] = availability.requested.map { slot($0, free: availability.requestedFree) } ?? NSNull()
        object["waitlist_available"] = availability.requested.map { $0.start > now && availability.requestedFree == 0 } ?? false
        return object
    }
}
