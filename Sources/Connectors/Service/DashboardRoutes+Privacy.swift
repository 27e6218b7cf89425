/// Routes of the « Données personnelles » screen: `GET /dashboard/donnees`, and the two POSTs
/// (`/export`, `/effacer`) behind the session, origin and CSRF checks. An establishment admin
/// acts on their establishment only; a platform admin on every one. A bad number or a missing
/// confirmation is a 400 that changes nothing.
import Foundation
import Runtime

extension WaitlistService {
    /// `/dashboard/donnees[/…]`.
    func handleDashboardPrivacy(_ request: HTTPRequest, parts: [String]) -> HTTPResponse {
        switch (request.method, parts.count == 3 ? parts[2] : parts.count == 2 ? nil : "") {
        case ("GET", nil):
            return withSession(request, form: false) { session, _ in
                self.dashboardPage(200, DashboardPrivacyPage.page(viewer: self.viewer(session), phone: "", notice: nil, error: nil))
            }
        case ("POST", "export"?), ("POST", "effacer"?):
            return withSession(request, form: true) { session, fields in
                self.privacyAction(parts[2], fields: fields, session: session)
            }
        default:
            return dashboardPage(404, Pages.notFound())
        }
    }

    private func privacyAction(_ action: String, fields: [(name: String, value: String)], session: AdminSession) -> HTTPResponse {
        let typed = FormDecoding.value("telephone", in: fields) ?? ""
        func page(_ status: Int, notice: String? = nil, error: String? = nil) -> HTTPResponse {
            dashboardPage(status, DashboardPrivacyPage.page(viewer: viewer(session), phone: String(typed.prefix(40)), notice: notice, error: error))
        }
        guard let phone = PhoneNumber.normalize(typed) else {
            return page(400, error: "Numéro de téléphone invalide\u{00A0}: écrivez-le comme 06 12 34 56 78 ou +33 6 12 34 56 78.")
        }
        let shown = PhoneNumber.display(phone)
        let businesses = visibleBusinesses(session)
        let nothing = "Aucune donnée n’est conservée pour \(shown)."
        do {
            if action == "export" {
                guard let object = try privacyExport(phone: phone, businesses: businesses),
                      let found = object["establishments"] as? [Any], !found.isEmpty else { return page(200, notice: nothing) }
                let json = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
                telemetry.log(.info, "personal data exported", ["by": .string(session.email)])
                return HTTPResponse(status: 200, headers: [("Content-Type", "application/json; charset=utf-8"),
                                                           ("Content-Disposition", "attachment; filename=\"donnees-personnelles.json\"")]
                                        + SecurityHeaders.page(noStore: true), body: Array(json))
            }
            guard FormDecoding.value("confirmation", in: fields) == "oui" else {
                return page(400, error: "Cochez la case de confirmation puis recommencez.")
            }
            let erased = try privacyErase(phone: phone, businesses: businesses, by: session.email) ?? []
            let count = erased.reduce(0) { $0 + $1.entries }
            if erased.contains(where: { $0.smsFileError != nil }) {
                return page(503, error: "Les données de \(shown) ont été effacées de la base, mais le fichier des SMS (sms.jsonl) "
                                 + "n’a pas pu être réécrit. L’effacement du fichier reste en attente et sera réessayé "
                                 + "automatiquement chaque minute\u{00A0}; vous pouvez aussi relancer cet effacement.")
            }
            return count == 0 ? page(200, notice: nothing) : page(200, notice: DashboardPrivacyPage.erasedNotice(count: count, phone: shown))
        } catch {
            return page(503, error: "Service momentanément indisponible\u{00A0}: rien n’a été modifié. Réessayez.")
        }
    }
}
