/// The admin API's entries: the filtered list (the HTML list's rules, via `entryQuery`), one
/// entry with its history, its CSV export, and the notify / delete actions (the HTML form's
/// rules, via `performEntryAction`). An entry of an establishment the session may not see is a
/// 404 exactly like a missing one.
import Foundation
import RuleLang
import Runtime

extension WaitlistService {
    /// The list's query parameters.
    static let adminListParameters = ["business", "date", "slot", "status", "sort", "page", "per_page"]

    /// The filter of an API request, or the refusal (unknown parameter, invalid value, or a
    /// `business` the session may not see: 404 like one that does not exist).
    func adminAPIQuery(_ request: HTTPRequest, session: AdminSession, paged: Bool) -> Result<EntryQuery, HTTPResponseBox> {
        let allowed = paged ? Self.adminListParameters : Self.adminListParameters.filter { $0 != "page" && $0 != "per_page" }
        if let refusal = adminAPIRefuseQuery(request, allowed: allowed) { return .failure(HTTPResponseBox(refusal)) }
        var businesses = visibleBusinesses(session)
        if let business = request.queryValue("business") {
            guard session.canSee(business: business), runtime(business) != nil else {
                return .failure(HTTPResponseBox(JSONResponse.error(status: 404, code: "unknown_business",
                                                                   message: "no business '\(business)' is visible here", field: "business")))
            }
            businesses = [business]
        }
        let filter = EntryListFilter(businesses: businesses, date: request.queryValue("date") ?? "", slot: request.queryValue("slot") ?? "",
                                     status: request.queryValue("status") ?? "", sort: request.queryValue("sort") ?? "newest",
                                     page: paged ? request.queryValue("page") : nil, perPage: paged ? request.queryValue("per_page") : nil)
        return entryQuery(filter).mapError { problem in
            HTTPResponseBox(JSONResponse.error(status: 400, code: "invalid_parameter", message: problem.english, field: problem.field))
        }
    }

    /// `GET /api/v1/admin/entries` → `{entries, page, per_page, total, page_count}`; a page past
    /// the end is an empty list.
    func adminAPIList(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        let query: EntryQuery
        switch adminAPIQuery(request, session: session, paged: true) {
        case .success(let value): query = value
        case .failure(let refusal): return refusal.response
        }
        do {
            let page = try store.entryPage(query)
            return APIJSON.response(status: 200, ["entries": entryObjects(page.rows), "page": query.page, "per_page": query.pageSize,
                                                  "total": page.total, "page_count": page.pageCount])
        } catch {
            return serviceFailure(.storage(error))
        }
    }

    /// `GET /api/v1/admin/entries.csv`: every matching entry as CSV (see `exportResponse`).
    func adminAPIExport(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        switch adminAPIQuery(request, session: session, paged: false) {
        case .failure(let refusal): return refusal.response
        case .success(let query):
            do { return try exportResponse(query) } catch { return serviceFailure(.storage(error)) }
        }
    }

    /// `GET /api/v1/admin/entries/{business}/{id}` → `{entry, history}`.
    func adminAPIEntry(_ request: HTTPRequest, business: String, id: String, session: AdminSession) -> HTTPResponse {
        if let refusal = adminAPIRefuseQuery(request, allowed: []) { return refusal }
        guard let (runtime, entry) = visibleEntry(business: business, id: id, session: session) else { return Self.entryNotFound() }
        let zone = runtime.state.withLock { $0.engine.zone }
        // The engine's own lines, with their codes: the same French text as the entry page.
        let history = entry.history.map { line -> [String: Any] in
            ["at": line.at.description, "from": line.from?.rawValue ?? NSNull(), "to": line.to?.rawValue ?? NSNull(),
             "reason": line.reason, "text": HistoryText.french(line, zone: zone)]
        }
        do {
            let sms = try store.smsHistory(business: business, entryID: entry.id).map { row -> [String: Any] in
                ["template": row.template, "status": row.status.rawValue, "attempts": row.attempts,
                 "last_error": row.lastError ?? NSNull(), "created_at": row.createdAt.description,
                 "sent_at": row.sentAt?.description ?? NSNull(), "delivery_status": row.deliveryStatus ?? NSNull(),
                 "delivery_error": row.deliveryError ?? NSNull(), "delivered_at": row.deliveredAt?.description ?? NSNull(),
                 "text": DashboardHistoryPages.smsText(row, zone: zone)]
            }
            return APIJSON.response(status: 200, ["entry": entryObject(entry, business: business), "history": history, "sms": sms])
        } catch {
            return serviceFailure(.storage(error))
        }
    }

    /// `POST .../{id}/notify` `{"slot": "2030-03-14T20:00"}`, `POST .../{id}/delete` or
    /// `DELETE .../{id}` → 200 `{entry}`; 409 when closed, 400 for a bad slot, 404 when hidden.
    func adminAPIAction(_ request: HTTPRequest, _ action: EntryAction, business: String, id: String,
                        session: AdminSession) -> HTTPResponse {
        if let refusal = adminAPIRefuseQuery(request, allowed: []) { return refusal }
        let isNotify = action != .delete
        let object: [String: Any]
        switch adminAPIBody(request, fields: isNotify ? ["slot"] : [], required: isNotify) {
        case .success(let value): object = value
        case .failure(let refusal): return refusal.response
        }
        if let slot = object["slot"], !(slot is String) {
            return JSONResponse.error(status: 400, code: "invalid_type", message: "'slot' must be a string like 2030-03-14T20:00", field: "slot")
        }
        let requested: EntryAction = isNotify ? .notify(slot: object["slot"] as? String) : .delete
        return entryActionJSON(performEntryAction(requested, business: business, id: id, confirmed: true, session: session),
                               business: business)
    }

    static func entryNotFound() -> HTTPResponse {
        JSONResponse.error(status: 404, code: "not_found", message: "no such entry")
    }

    // MARK: JSON shape

    /// An engine entry as the API shows it.
    func entryObject(_ entry: WaitlistEntry, business: String) -> [String: Any] {
        entryObjects([EffectBatchBuilder.row(business: business, entry: entry, now: clock.now())])[0]
    }

    /// Projected rows as the API shows them, with queue positions.
    func entryObjects(_ rows: [EntryRow]) -> [[String: Any]] {
        zip(rows, dashboardLines(rows)).map { row, line in
            let zone = runtime(row.business)?.state.withLock { $0.engine.zone } ?? ZoneConverter(identifier: "UTC")!
            func slot(_ instant: Instant) -> [String: Any] {
                ["local": LocalTimeText.local(instant, zone: zone), "utc": instant.description]
            }
            return ["id": row.id, "business": row.business, "first_name": row.firstName, "last_name": row.lastName,
                    "phone": row.phone, "email": row.email, "service": row.service, "party_size": row.partySize,
                    "source": row.source, "requested_slot": slot(row.requested),
                    "alternatives": row.slots.filter { $0 != row.requested }.map(slot),
                    "status": row.status, "status_label": DashboardStatusLabel.label(row.status),
                    "joined_at": row.createdAt.description, "updated_at": row.updatedAt.description,
                    "queue_position": line.priority ?? NSNull()]
        }
    }
}
