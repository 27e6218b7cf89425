/// The dashboard routes of the history work: the entry page with its history in French (the
/// engine's lines through `HistoryText`, merged in time order with the SMS the outbox carried),
/// the « Monter » / « Descendre » actions that go through the engine as a logged event, and the
/// establishment's "Journal" screen. Same guards as every dashboard route: a session, origin +
/// CSRF on POST, and a 404 for another establishment's data.
import Foundation
import Runtime

extension WaitlistService {
    /// The journal screen's page size.
    static let journalPageSize = 50
    /// Dead-lettered SMS read for the journal (newest first): enough for any real backlog.
    static let journalDeadSMSLimit = 500
    /// Security events read for the journal (newest first); the store keeps 1 000 per journal.
    static let journalSecurityLimit = 200

    /// `GET /dashboard/entries/{business}/{id}`.
    func dashboardEntryWithHistory(_ request: HTTPRequest, parts: [String]) -> HTTPResponse {
        withSession(request, form: false) { session, _ in
            self.entryPage(business: parts[2], id: parts[3], session: session, notice: request.queryValue("ok"))
        }
    }

    private func entryPage(business: String, id: String, session: AdminSession, notice: String?) -> HTTPResponse {
        guard let (runtime, entry) = visibleEntry(business: business, id: id, session: session) else {
            return dashboardPage(404, Pages.notFound())
        }
        let now = clock.now()
        let line = dashboardLines([EffectBatchBuilder.row(business: business, entry: entry, now: now)])[0]
        let (zone, offerable, rulesUseIt) = runtime.state.withLock {
            ($0.engine.zone, $0.engine.manualOfferSlots(entryID: entry.id), $0.engine.rules.priority.readsManualPriority)
        }
        // Engine lines first on equal times: the SMS an event queued follows the line saying why.
        var timeline: [(at: Instant, order: Int, text: String)] = entry.history.enumerated().map {
            ($1.at, $0, HistoryText.french($1, zone: zone))
        }
        let sms = (try? store.smsHistory(business: business, entryID: entry.id)) ?? []
        // An SMS sits where the engine asked for it; its text says how delivery went since.
        timeline += sms.enumerated().map { ($1.createdAt, entry.history.count + $0, DashboardHistoryPages.smsText($1, zone: zone)) }
        timeline.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        let history = timeline.map { item -> (at: String, text: String) in
            let local = zone.local(item.at)
            return ("\(FrenchFormat.date(local)) \(FrenchFormat.clock(local))", item.text)
        }
        let slots = DashboardNotifyChoice.choices(offerable.map { ($0.slot.start, $0.free) },
                                                  chosen: Set(entry.form?.slots ?? [entry.requested]),
                                                  party: entry.form?.partySize ?? 1, zone: zone)
        let notices = ["notifie": "Notification envoyée.", "supprime": "Entrée supprimée.",
                       "priorite": DashboardHistoryPages.priorityNotice(position: line.priority)]
        return dashboardPage(200, DashboardPages.entry(viewer: viewer(session), line: line, history: history, notifySlots: slots,
                                                       notice: notice.flatMap { notices[$0] },
                                                       priority: DashboardPriorityPanel(manualPriority: entry.manualPriority,
                                                                                        rulesUseIt: rulesUseIt)))
    }

    /// `POST /dashboard/entries/{business}/{id}/priority` with `sens=monter|descendre`.
    func dashboardPriority(_ request: HTTPRequest, parts: [String]) -> HTTPResponse {
        withSession(request, form: true) { session, fields in
            self.changePriority(business: parts[2], id: parts[3], fields: fields, session: session)
        }
    }

    private func changePriority(business: String, id: String, fields: [(name: String, value: String)],
                                session: AdminSession) -> HTTPResponse {
        guard let delta = ["monter": 1, "descendre": -1][FormDecoding.value("sens", in: fields) ?? ""] else {
            guard visibleEntry(business: business, id: id, session: session) != nil else { return dashboardPage(404, Pages.notFound()) }
            return dashboardPage(400, Pages.error(status: 400, title: "Action inconnue",
                                                  message: "Choisissez « Monter » ou « Descendre » : rien n’a été modifié."))
        }
        let outcome = performEntryAction(.priority(delta: delta), business: business, id: id, confirmed: true, session: session)
        guard case .done(let entry) = outcome else { return entryActionRefusal(outcome) }
        return redirect("/dashboard/entries/\(business)/\(entry.id)?ok=priorite")
    }

    /// `GET /dashboard/journal[?etablissement=…][&page=N]`.
    func dashboardJournal(_ request: HTTPRequest) -> HTTPResponse {
        withSession(request, form: false) { session, _ in self.journalPage(request, session: session) }
    }

    private func journalPage(_ request: HTTPRequest, session: AdminSession) -> HTTPResponse {
        let business = session.business ?? request.queryValue("etablissement") ?? businessIDs.first ?? ""
        guard session.canSee(business: business), let runtime = runtime(business) else { return dashboardPage(404, Pages.notFound()) }
        let pickable = session.business == nil ? businessIDs : []
        var page = 1
        if let text = request.queryValue("page") {
            guard let number = Int(text), number >= 1 else {
                return dashboardPage(400, DashboardHistoryPages.journal(viewer: viewer(session), business: business, businesses: pickable,
                                                                        lines: [], page: 1, pageCount: 1, total: 0,
                                                                        error: "Numéro de page invalide."))
            }
            page = number
        }
        let (zone, journal) = runtime.state.withLock { ($0.engine.zone, $0.engine.state.journal) }
        var items: [(at: Instant, order: Int, text: String, kind: String)] = journal.enumerated().map {
            ($1.at, $0, HistoryText.french($1, zone: zone), DashboardHistoryPages.journalKind($1))
        }
        do {
            let dead = try store.deadSMS(business: business, limit: Self.journalDeadSMSLimit)
            items += dead.map { sms in
                let target = sms.entryID.map { " (entrée n° \($0))" } ?? ""
                return (sms.createdAt, journal.count, DashboardHistoryPages.smsText(sms, zone: zone) + target, "sms")
            }
            // Sign-in failures and slowdowns: the establishment's accounts, and for a platform
            // admin also the platform's (platform accounts, unknown emails).
            var security = try store.securityEvents(business: business, limit: Self.journalSecurityLimit)
            if session.business == nil { security += try store.securityEvents(business: nil, limit: Self.journalSecurityLimit) }
            items += security.map { ($0.at, journal.count, $0.business == nil ? "Plateforme\u{00A0}: " + $0.text : $0.text, "security") }
            if let sync = try store.calendarSync(business: business), let problem = sync.lastError {
                items.append((sync.lastPolledAt, journal.count, "Synchronisation de l’agenda (\(sync.provider)) en échec : \(problem)", "calendar"))
            }
        } catch {
            return dashboardPage(503, Pages.error(status: 503, title: "Service momentanément indisponible", message: "Réessayez dans un instant."))
        }
        items.sort { ($0.at, $0.order) > ($1.at, $1.order) }
        let pageCount = max(1, (items.count + Self.journalPageSize - 1) / Self.journalPageSize)
        guard page <= pageCount else {
            return dashboardPage(404, DashboardHistoryPages.journal(viewer: viewer(session), business: business, businesses: pickable,
                                                                    lines: [], page: page, pageCount: pageCount, total: items.count,
                                                                    error: "Cette page n’existe pas (\(pageCount) pages)."))
        }
        let lines = items.dropFirst((page - 1) * Self.journalPageSize).prefix(Self.journalPageSize).map { item in
            let local = zone.local(item.at)
            return DashboardJournalLine(at: "\(FrenchFormat.date(local)) \(FrenchFormat.clock(local))", text: item.text, kind: item.kind)
        }
        return dashboardPage(200, DashboardHistoryPages.journal(viewer: viewer(session), business: business, businesses: pickable,
                                                                lines: Array(lines), page: page, pageCount: pageCount,
                                                                total: items.count, error: nil))
    }
}
