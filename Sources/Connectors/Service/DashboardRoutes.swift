/// The dashboard's routes: sign-in and sign-out, the "Liste d’attente" list with its filters,
/// an entry's page, and the two actions (notify now, delete), each behind a session, a CSRF
/// token and the establishment check — an admin of one establishment gets a 404 for another's
/// entry, exactly as for an entry that does not exist.
import Foundation
import Runtime

extension WaitlistService {
    /// Routes `/admin/...` and `/dashboard...`; nil when the path is not the dashboard's.
    func handleDashboard(_ request: HTTPRequest, parts: [String]) -> HTTPResponse? {
        switch (request.method, parts.count) {
        case ("GET", 2) where parts == ["admin", "login"]:
            return dashboardPage(200, Pages.login(error: nil, email: "", csrf: nil))
        case ("POST", 2) where parts == ["admin", "login"]:
            return handleLogin(request)
        case ("POST", 2) where parts == ["dashboard", "logout"]:
            return withSession(request, form: true) { session, _ in
                try? self.admins.logout(token: session.token)
                return self.redirect("/admin/login", cookie: self.admins.clearingCookie(secure: self.securePublicURL))
            }
        case ("GET", 2) where parts == ["dashboard", "export.csv"]:
            return withSession(request, form: false) { session, _ in self.dashboardExport(request, session: session) }
        case (_, _) where parts.count >= 3 && parts[0] == "api" && parts[1] == "v1" && parts[2] == "admin":
            return handleAdminAPI(request, parts: parts)
        case ("GET", 2) where parts == ["dashboard", "stats"]:
            return withSession(request, form: false) { session, _ in self.dashboardStats(request, session: session) }
        case ("GET", 1) where parts == ["dashboard"]:
            return withSession(request, form: false) { session, _ in self.dashboardList(request, session: session) }
        case ("GET", 4) where parts[0] == "dashboard" && parts[1] == "entries": return dashboardEntryWithHistory(request, parts: parts)
        case ("POST", 5) where parts[0] == "dashboard" && parts[1] == "entries" && ["notify", "delete"].contains(parts[4]):
            return withSession(request, form: true) { session, fields in
                self.dashboardAction(parts[4], business: parts[2], id: parts[3], fields: fields, session: session)
            }
        case ("POST", 5) where parts[0] == "dashboard" && parts[1] == "entries" && parts[4] == "priority": return dashboardPriority(request, parts: parts)
        case ("GET", 2) where parts == ["dashboard", "journal"]: return dashboardJournal(request)
        case (_, 2...) where parts[0] == "dashboard" && parts[1] == "regles": return handleRulesEditor(request, parts: parts)
        case (_, 2...) where parts[0] == "dashboard" && parts[1] == "donnees":
            return handleDashboardPrivacy(request, parts: parts)
        case ("GET", 2) where parts == ["assets", "dashboard.css"]:
            return HTTPResponse(status: 200, headers: [("Content-Type", "text/css; charset=utf-8"), ("Cache-Control", "public, max-age=86400")],
                                body: Array(DashboardStylesheet.css.utf8))
        default:
            return parts.first == "dashboard" || parts.first == "admin" ? dashboardPage(404, Pages.notFound()) : nil
        }
    }

    var securePublicURL: Bool { configuration.publicURL?.hasPrefix("https://") ?? false }

    func dashboardPage(_ status: Int, _ html: String) -> HTTPResponse {
        pageResponse(status: status, html: html, noStore: true)
    }

    func redirect(_ location: String, cookie: String? = nil) -> HTTPResponse {
        var headers: [(name: String, value: String)] = [("Location", location)] + SecurityHeaders.page(noStore: true)
        if let cookie { headers.append(("Set-Cookie", cookie)) }
        return HTTPResponse(status: 303, headers: headers)
    }

    /// Runs `body` for a signed-in admin; a POST must also pass the origin and CSRF checks.
    func withSession(_ request: HTTPRequest, form: Bool,
                             _ body: (AdminSession, [(name: String, value: String)]) -> HTTPResponse) -> HTTPResponse {
        guard let session = admins.session(cookieHeader: request.header("cookie")) else {
            return redirect("/admin/login")
        }
        guard form else { return body(session, []) }
        guard OriginCheck.allows(request: request, publicOrigin: configuration.publicURL ?? ""),
              let fields = FormDecoding.decode(request.body),
              admins.checkCSRF(session: session, formValue: FormDecoding.value("csrf", in: fields)) else {
            return dashboardPage(403, Pages.error(status: 403, title: "Action refusée",
                                                  message: "Ce formulaire a expiré ou ne provient pas du tableau de bord. Rechargez la page et recommencez."))
        }
        return body(session, fields)
    }

    private func handleLogin(_ request: HTTPRequest) -> HTTPResponse {
        guard OriginCheck.allows(request: request, publicOrigin: configuration.publicURL ?? ""),
              let fields = FormDecoding.decode(request.body) else {
            return dashboardPage(403, Pages.login(error: "Demande refusée. Rechargez la page.", email: "", csrf: nil))
        }
        let email = FormDecoding.value("email", in: fields) ?? ""
        switch admins.login(email: email, password: FormDecoding.value("password", in: fields) ?? "", remoteAddress: request.remoteAddress) {
        case .success(let session):
            telemetry.log(.info, "admin signed in", ["business": .string(session.business ?? "(platform)")])
            return redirect("/dashboard", cookie: admins.cookie(for: session, secure: securePublicURL))
        case .failure(let failure):
            let status: Int
            switch failure {
            case .throttled: status = 429
            case .invalidCredentials: status = 401
            case .unavailable: status = 503
            }
            var response = dashboardPage(status, Pages.login(error: failure.pageMessage ?? "Service momentanément indisponible.", email: email, csrf: nil))
            if case .throttled(let wait) = failure { response.headers.append(("Retry-After", String(wait))) }
            return response
        }
    }

    func viewer(_ session: AdminSession) -> DashboardViewer {
        let scope = session.business.map { id in runtime(id)?.state.withLock { $0.engine.rules.establishment.name } ?? id }
            ?? "Tous les établissements"
        let unreadable = visibleBusinesses(session).filter { calendarHealth($0)?.unavailable == true }
            .map { id in runtime(id)?.state.withLock { $0.engine.rules.establishment.name } ?? id }
        return DashboardViewer(email: session.email, scope: scope, csrf: session.csrf, unreadableCalendars: unreadable)
    }

    func visibleBusinesses(_ session: AdminSession) -> [String] {
        session.business.map { [$0] } ?? businessIDs
    }

    private func dashboardList(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        var filters = DashboardFilters()
        filters.date = request.queryValue("date") ?? ""
        filters.slot = request.queryValue("creneau") ?? ""
        filters.status = request.queryValue("statut") ?? ""
        filters.sort = request.queryValue("tri") ?? "newest"
        let query: EntryQuery
        switch entryQuery(EntryListFilter(businesses: visibleBusinesses(session), date: filters.date, slot: filters.slot,
                                          status: filters.status, sort: filters.sort, page: request.queryValue("page"))) {
        case .success(let valid): query = valid
        case .failure(let problem):
            return dashboardPage(400, DashboardPages.list(viewer: viewer(session), filters: filters, lines: [], page: 1,
                                                          pageCount: 1, total: 0, error: problem.french))
        }
        do {
            let page = try store.entryPage(query)
            // Past the last page is a 404 even for an empty list: never « page 9 sur 1 ».
            if query.page > max(page.pageCount, 1) {
                return dashboardPage(404, DashboardPages.list(viewer: viewer(session), filters: filters, lines: [], page: query.page,
                                                              pageCount: page.pageCount, total: page.total,
                                                              error: DashboardPages.missingPage(pageCount: page.pageCount)))
            }
            return dashboardPage(200, DashboardPages.list(viewer: viewer(session), filters: filters, lines: dashboardLines(page.rows),
                                                          page: query.page, pageCount: page.pageCount, total: page.total, error: nil))
        } catch {
            return dashboardPage(503, Pages.error(status: 503, title: "Service momentanément indisponible", message: "Réessayez dans un instant."))
        }
    }

    /// The statistics page: one establishment (the admin's, or `?etablissement=` for the
    /// platform), over `?du=…&au=…` (local dates, the last 30 days by default).
    private func dashboardStats(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        let business = session.business ?? request.queryValue("etablissement") ?? businessIDs.first ?? ""
        guard session.canSee(business: business), let runtime = runtime(business) else { return dashboardPage(404, Pages.notFound()) }
        let zone = runtime.state.withLock { $0.engine.zone }
        let period = StatisticsPeriod(fromText: request.queryValue("du"), toText: request.queryValue("au"), now: clock.now(), zone: zone)
        guard case .success(let bounds) = period.bounds else {
            return dashboardPage(400, DashboardPages.stats(viewer: viewer(session), business: business, fromText: period.fromText,
                                                           toText: period.toText, statistics: WaitlistStatistics(from: clock.now(), to: clock.now()),
                                                           error: "Période invalide : dates AAAA-MM-JJ, la fin après le début, trois ans au plus."))
        }
        do {
            let figures = try statistics(business: business, from: bounds.from, to: bounds.to, zone: zone)
            return dashboardPage(200, DashboardPages.stats(viewer: viewer(session), business: business, fromText: period.fromText,
                                                           toText: period.toText, statistics: figures, error: nil))
        } catch {
            return dashboardPage(503, Pages.error(status: 503, title: "Service momentanément indisponible", message: "Réessayez dans un instant."))
        }
    }

    /// The entry if the session may see it.
    func visibleEntry(business: String, id: String, session: AdminSession) -> (BusinessRuntime, WaitlistEntry)? {
        guard session.canSee(business: business), let number = Int(id), let runtime = runtime(business),
              let entry = runtime.state.withLock({ $0.engine.state.entry(number) }) else { return nil }
        return (runtime, entry)
    }

    private func dashboardAction(_ action: String, business: String, id: String, fields: [(name: String, value: String)],
                                 session: AdminSession) -> HTTPResponse {
        let requested: EntryAction = action == "notify" ? .notify(slot: FormDecoding.value("creneau", in: fields)) : .delete
        let outcome = performEntryAction(requested, business: business, id: id,
                                         confirmed: FormDecoding.value("confirmation", in: fields) == "oui", session: session)
        guard case .done(let entry) = outcome else { return entryActionRefusal(outcome) }
        return action == "notify" ? redirect("/dashboard/entries/\(business)/\(entry.id)?ok=notifie") : redirect("/dashboard?statut=&page=1")
    }

    /// The page for an action that changed nothing, in the admin's words.
    func entryActionRefusal(_ outcome: EntryActionOutcome) -> HTTPResponse {
        let unchanged = "rien n’a été modifié."
        switch outcome {
        case .notFound:
            return dashboardPage(404, Pages.notFound())
        case .confirmationRequired:
            return dashboardPage(400, Pages.error(status: 400, title: "Confirmation requise", message: "Cochez la case de confirmation puis recommencez."))
        case .closed(let status):
            return dashboardPage(409, Pages.error(status: 409, title: "Entrée close",
                                                  message: "Cette entrée est déjà \(DashboardStatusLabel.label(status)) : \(unchanged)"))
        case .invalidSlot:
            return dashboardPage(400, Pages.error(status: 400, title: "Créneau invalide", message: "Choisissez un créneau à venir."))
        case .manualPriorityUnused:
            return dashboardPage(409, Pages.error(status: 409, title: "Priorité manuelle inutilisée",
                                                  message: "Les règles de cet établissement n’utilisent pas la priorité manuelle : \(unchanged)"))
        case .priorityLimit(let delta):
            return dashboardPage(409, Pages.error(status: 409, title: "Limite atteinte",
                                                  message: "La priorité de cette entrée est déjà \(delta > 0 ? "au maximum" : "au minimum") : \(unchanged)"))
        case let .offerRefused(reason, zone):
            let when = { (instant: Instant) in FrenchFormat.dateAndTime(zone.local(instant)) }
            return dashboardPage(409, Pages.error(status: 409, title: "Offre non envoyée",
                                                  message: "Aucun SMS n’a été envoyé : \(HistoryText.refusal(reason, when: when))."))
        case .unavailable, .done:
            return dashboardPage(503, Pages.error(status: 503, title: "Service momentanément indisponible", message: "Rien n’a été modifié. Réessayez."))
        }
    }
}
