/// `GET /api/v1/admin/stats?business=&from=&to=`: the statistics page's figures
/// (`WaitlistStatistics`) as JSON, over local dates `[from, to]` (the last 30 days by default,
/// three years at most), for one establishment the session may see.
import Foundation
import Runtime

extension WaitlistService {
    /// Handles the statistics endpoint.
    func adminAPIStats(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        if let refusal = adminAPIRefuseQuery(request, allowed: ["business", "from", "to"]) { return refusal }
        let business = request.queryValue("business") ?? session.business ?? businessIDs.first ?? ""
        guard session.canSee(business: business), let runtime = runtime(business) else {
            return JSONResponse.error(status: 404, code: "unknown_business", message: "no business '\(business)' is visible here",
                                      field: "business")
        }
        let zone = runtime.state.withLock { $0.engine.zone }
        let period = StatisticsPeriod(fromText: request.queryValue("from"), toText: request.queryValue("to"), now: clock.now(), zone: zone)
        let figures: WaitlistStatistics
        switch period.bounds {
        case .failure(.from):
            return JSONResponse.error(status: 400, code: "invalid_parameter", message: "'from' must be a local date like 2030-03-01", field: "from")
        case .failure(.to):
            return JSONResponse.error(status: 400, code: "invalid_parameter", message: "'to' must be a local date like 2030-03-31", field: "to")
        case .failure(.range):
            return JSONResponse.error(status: 400, code: "invalid_parameter",
                                      message: "'to' must be on or after 'from', at most three years later", field: "to")
        case .success(let bounds):
            do { figures = try statistics(business: business, from: bounds.from, to: bounds.to, zone: zone) } catch {
                return serviceFailure(.storage(error))
            }
        }
        let fromText = period.fromText, toText = period.toText
        return APIJSON.response(status: 200, [
            "business": business, "from": fromText, "to": toText,
            "invited": figures.invited, "joined": figures.joined, "offered": figures.offered, "confirmed": figures.confirmed,
            "conversion_rate": figures.conversionRate ?? NSNull(),
            "offers_sent": figures.offersSent, "declines": figures.declines, "timeouts": figures.timeouts,
            "median_refill_seconds": figures.medianRefillSeconds ?? NSNull(),
            "refilled_per_week": figures.refilledPerWeek.map { ["week_start": $0.weekStart, "count": $0.count] as [String: Any] },
            "sms": ["count": figures.smsCount, "segments": figures.smsSegments, "gsm7": figures.smsGSM7Count, "ucs2": figures.smsUCS2Count],
        ])
    }
}
