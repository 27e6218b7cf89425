/// The admin API's actions beyond notify and delete: moving an entry in its queue, and a
/// customer's personal data exported or erased by phone number. Each goes through the same
/// service functions as the dashboard's forms, so both refuse the same things and change
/// state the same way; only the rendering differs.
import Foundation
import Runtime

extension WaitlistService {
    /// `POST /api/v1/admin/entries/{business}/{id}/priority` `{"direction": "up" | "down"}`.
    func adminAPIPriority(_ request: HTTPRequest, business: String, id: String, session: AdminSession) -> HTTPResponse {
        if let refusal = adminAPIRefuseQuery(request, allowed: []) { return refusal }
        let object: [String: Any]
        switch adminAPIBody(request, fields: ["direction"], required: true) {
        case .success(let value): object = value
        case .failure(let refusal): return refusal.response
        }
        guard let direction = object["direction"] as? String, let delta = ["up": 1, "down": -1][direction] else {
            return JSONResponse.error(status: 400, code: object["direction"] == nil ? "missing_field" : "invalid_value",
                                      message: "'direction' must be \"up\" or \"down\"", field: "direction")
        }
        return entryActionJSON(performEntryAction(.priority(delta: delta), business: business, id: id, confirmed: true, session: session),
                               business: business)
    }

    /// An entry action's outcome as the API answers it: 200 with the entry, or the refusal.
    func entryActionJSON(_ outcome: EntryActionOutcome, business: String) -> HTTPResponse {
        switch outcome {
        case .notFound:
            return Self.entryNotFound()
        case .confirmationRequired, .invalidSlot:
            return JSONResponse.error(status: 400, code: "invalid_slot",
                                      message: "'slot' must be a future local time like 2030-03-14T20:00 (or with an offset)", field: "slot")
        case .closed(let status):
            return JSONResponse.error(status: 409, code: "entry_closed", message: "the entry is already \(status); nothing was changed")
        case .manualPriorityUnused:
            return JSONResponse.error(status: 409, code: "manual_priority_unused",
                                      message: "this establishment's rules never read entry.priority, so moving would change nothing; nothing was changed")
        case .priorityLimit(let delta):
            return JSONResponse.error(status: 409, code: "priority_limit",
                                      message: "the manual priority is already at its \(delta > 0 ? "maximum" : "minimum") (\(WaitlistEngine.manualPriorityRange)); nothing was changed")
        case .unavailable:
            return serviceFailure(.storage(.closed))
        case .done(let entry):
            return APIJSON.response(status: 200, ["entry": entryObject(entry, business: business)])
        }
    }

    /// `GET /api/v1/admin/privacy/export?phone=…` → everything held about the number in the
    /// establishments the session may see (`establishments` empty when nothing is held).
    func adminAPIPrivacyExport(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        if let refusal = adminAPIRefuseQuery(request, allowed: ["phone"]) { return refusal }
        let phone = request.queryValue("phone") ?? ""
        do {
            guard let object = try privacyExport(phone: phone, businesses: visibleBusinesses(session)) else {
                return Self.invalidPhone(phone)
            }
            return APIJSON.response(status: 200, object)
        } catch {
            return serviceFailure(error)
        }
    }

    /// `POST /api/v1/admin/privacy/erase` `{"phone": "…"}` → what was erased, per establishment
    /// (`erased` empty when nothing was held).
    func adminAPIPrivacyErase(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        if let refusal = adminAPIRefuseQuery(request, allowed: []) { return refusal }
        let object: [String: Any]
        switch adminAPIBody(request, fields: ["phone"], required: true) {
        case .success(let value): object = value
        case .failure(let refusal): return refusal.response
        }
        guard let phone = object["phone"] as? String else {
            return JSONResponse.error(status: 400, code: object["phone"] == nil ? "missing_field" : "invalid_type",
                                      message: "'phone' is required and must be a string", field: "phone")
        }
        do {
            guard let erasures = try privacyErase(phone: phone, businesses: visibleBusinesses(session), by: session.email) else {
                return Self.invalidPhone(phone)
            }
            telemetry.log(.info, "personal data erased (api)", ["establishments": .int(erasures.count)])
            if let unfinished = erasures.first(where: { $0.smsFileError != nil }) {
                var response = JSONResponse.error(status: 503, code: "erasure_incomplete", message: """
                    the data of \(PhoneNumber.normalize(phone) ?? phone) was erased from the database of \(unfinished.business), \
                    but the SMS file (sms.jsonl) could not be rewritten (\(unfinished.smsFileError ?? "")); the rewrite is \
                    pending and retried every minute, at start, and when this erasure is asked again
                    """)
                response.headers.append(("Retry-After", "60"))
                return response
            }
            return APIJSON.response(status: 200, [
                "phone": PhoneNumber.normalize(phone) ?? phone,
                "erased": erasures.map { ["business": $0.business, "entries": $0.entries, "sms_file_lines": $0.smsFileLines] as [String: Any] },
            ])
        } catch {
            return serviceFailure(error)
        }
    }

    static func invalidPhone(_ phone: String) -> HTTPResponse {
        JSONResponse.error(status: 400, code: "invalid_phone",
                           message: "'\(phone.prefix(40))' is not a phone number; write it like +33612345678 or 06 12 34 56 78",
                           field: "phone")
    }
}
