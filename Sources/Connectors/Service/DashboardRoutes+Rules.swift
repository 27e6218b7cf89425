/// The routes of the « Règles » screen under `/dashboard/regles`: the editor (GET), check,
/// preview and save (POST), a version's diff (GET) and its restore (POST). Every route needs a
/// session, every POST the origin check and the CSRF token; an establishment admin asking for
/// another establishment gets the same 404 as for one that does not exist. A text that fails
/// `check` is never written: 422 with the diagnostics, file and engine untouched.
import Foundation
import RuleLang
import Runtime

extension WaitlistService {
    /// How many versions the editor lists.
    static let listedRuleVersions = 50

    /// Routes `/dashboard/regles...` (`parts[0...1] == ["dashboard", "regles"]`).
    func handleRulesEditor(_ request: HTTPRequest, parts: [String]) -> HTTPResponse {
        switch (request.method, parts.count) {
        case ("GET", 2):
            return withSession(request, form: false) { session, _ in
                guard let business = self.editableBusiness(request.queryValue("etablissement"), session: session) else {
                    return self.dashboardPage(404, Pages.notFound())
                }
                let notices = ["enregistre": "Règles enregistrées et appliquées.", "inchange": "Ce texte est déjà celui en service : rien n’a changé.",
                               "restaure": "Version restaurée : elle est maintenant en service."]
                var view = self.editorView(business: business, session: session)
                view.notice = request.queryValue("ok").flatMap { notices[$0] }
                return self.dashboardPage(200, DashboardPages.rules(viewer: self.viewer(session), view: view))
            }
        case ("POST", 3) where ["verifier", "apercu", "enregistrer"].contains(parts[2]):
            return withSession(request, form: true) { session, fields in
                guard let business = self.editableBusiness(FormDecoding.value("etablissement", in: fields), session: session) else {
                    return self.dashboardPage(404, Pages.notFound())
                }
                guard let source = FormDecoding.value("source", in: fields), let base = FormDecoding.value("base", in: fields) else {
                    var view = self.editorView(business: business, session: session)
                    view.error = "Le formulaire est incomplet : rechargez la page et recommencez."
                    return self.dashboardPage(400, DashboardPages.rules(viewer: self.viewer(session), view: view))
                }
                switch parts[2] {
                case "verifier": return self.rulesCheck(source, base: base, business: business, session: session)
                case "apercu": return self.rulesPreview(source, base: base, business: business, session: session)
                default: return self.rulesSave(source, base: base, business: business, session: session)
                }
            }
        case ("GET", 4) where parts[2] == "versions":
            return withSession(request, form: false) { session, _ in
                guard let business = self.editableBusiness(request.queryValue("etablissement"), session: session),
                      let number = Int(parts[3]) else { return self.dashboardPage(404, Pages.notFound()) }
                return self.rulesVersionPage(business: business, number: number, session: session, status: 200, error: nil, check: nil)
            }
        case ("POST", 5) where parts[2] == "versions" && parts[4] == "restaurer":
            return withSession(request, form: true) { session, fields in
                guard let business = self.editableBusiness(FormDecoding.value("etablissement", in: fields), session: session),
                      let number = Int(parts[3]), let version = try? self.store.ruleVersion(business: business, version: number) else {
                    return self.dashboardPage(404, Pages.notFound())
                }
                guard FormDecoding.value("confirmation", in: fields) == "oui" else {
                    return self.rulesVersionPage(business: business, number: number, session: session, status: 400,
                                                 error: "Cochez la case de confirmation puis recommencez.", check: nil)
                }
                let base = FormDecoding.value("base", in: fields) ?? ""
                switch self.saveRules(version.source, business: business, basedOn: base, author: session.email) {
                case .saved, .unchanged:
                    return self.redirect("/dashboard/regles?etablissement=\(business)&ok=restaure")
                case .invalid(let check):
                    return self.rulesVersionPage(business: business, number: number, session: session, status: 422,
                                                 error: check.foreignID.map { Self.foreignIDRefusal($0, business: business) }
                                                     ?? "Cette version ne passe plus la vérification : elle n’a pas été restaurée.", check: check)
                case .stale:
                    return self.rulesVersionPage(business: business, number: number, session: session, status: 409,
                                                 error: "Le fichier a changé depuis l’ouverture de cette page : rien n’a été restauré. Vérifiez la version en service puis recommencez.",
                                                 check: nil)
                case .missing:
                    return self.dashboardPage(404, Pages.notFound())
                case .failed:
                    return self.unavailablePage()
                }
            }
        default:
            return dashboardPage(404, Pages.notFound())
        }
    }

    /// The establishment the session may edit: its own (another one asked for is nil, a
    /// 404), or for the platform admin the one asked for, else the first served.
    func editableBusiness(_ requested: String?, session: AdminSession) -> String? {
        let asked = requested.flatMap { $0.isEmpty ? nil : $0 }
        let business: String
        if let own = session.business {
            if let asked, asked != own { return nil }
            business = own
        } else {
            guard let chosen = asked ?? businessIDs.first else { return nil }
            business = chosen
        }
        return session.canSee(business: business) && runtime(business) != nil ? business : nil
    }

    /// The editor over the file as it is on disk, with the version history.
    func editorView(business: String, session: AdminSession) -> RulesEditorView {
        let current = currentRuleFile(business)
        var view = RulesEditorView(business: business, businesses: session.business == nil ? businessIDs : [business],
                                   source: current?.source ?? "", baseDigest: current?.digest ?? "")
        view.versions = versionLines(business: business)
        if current == nil { view.error = "Le fichier de règles de cet établissement est introuvable dans le dossier des règles." }
        return view
    }

    /// The newest versions with their line counts against the version before each.
    func versionLines(business: String) -> [RuleVersionLine] {
        guard let rows = try? store.ruleVersions(business: business, limit: Self.listedRuleVersions + 1) else { return [] }
        let zone = runtime(business)?.state.withLock { $0.engine.zone }
        let running = runtime(business)?.state.withLock { $0.ruleDigest }
        return rows.prefix(Self.listedRuleVersions).enumerated().map { index, row in
            let previous = index + 1 < rows.count ? rows[index + 1].source : ""
            let counts = LineDiff.counts(LineDiff.diff(previous, row.source))
            return RuleVersionLine(version: row.version, author: row.author,
                                   savedAt: zone.map { FrenchFormat.dateAndTime($0.local(row.savedAt)) } ?? "\(row.savedAt)",
                                   added: counts.added, removed: counts.removed, isCurrent: index == 0 && row.digest == running)
        }
    }

    func rulesCheck(_ source: String, base: String, business: String, session: AdminSession) -> HTTPResponse {
        var view = editorView(business: business, session: session)
        let check = checkRules(source, business: business)
        view.source = Self.normalisedRuleText(source)
        view.baseDigest = base
        view.check = check
        return dashboardPage(200, DashboardPages.rules(viewer: viewer(session), view: view))
    }

    func rulesPreview(_ source: String, base: String, business: String, session: AdminSession) -> HTTPResponse {
        var view = editorView(business: business, session: session)
        view.source = Self.normalisedRuleText(source)
        view.baseDigest = base
        let status: Int
        switch previewRules(source, business: business) {
        case .preview(let preview):
            view.preview = preview
            status = 200
            telemetry.log(.info, "rules preview", ["business": .string(business), "events": .int(preview.loggedEvents),
                                                   "milliseconds": .int(Int(preview.elapsed.components.seconds * 1000
                                                                             + preview.elapsed.components.attoseconds / 1_000_000_000_000_000))])
        case .tooLarge(let events):
            view.error = "La semaine passée compte \(events) événements : l’aperçu est limité à \(Self.previewEventLimit) pour ne pas ralentir le service."
            status = 422
        case .empty:
            view.notice = "Aucune activité enregistrée ces sept derniers jours : il n’y a rien à rejouer."
            status = 200
        case .invalid(let check):
            view.check = check
            view.error = "L’aperçu demande un fichier sans erreur : corrigez les erreurs ci-dessous."
            status = 422
        case .failed(let reason):
            telemetry.log(.error, "rules preview failed", ["business": .string(business), "error": .string(reason)])
            view.error = "L’aperçu n’a pas pu être calculé sur l’activité enregistrée. Vos règles n’ont pas été modifiées."
            status = 500
        }
        return dashboardPage(status, DashboardPages.rules(viewer: viewer(session), view: view))
    }

    func rulesSave(_ source: String, base: String, business: String, session: AdminSession) -> HTTPResponse {
        switch saveRules(source, business: business, basedOn: base, author: session.email) {
        case .saved:
            return redirect("/dashboard/regles?etablissement=\(business)&ok=enregistre")
        case .unchanged:
            return redirect("/dashboard/regles?etablissement=\(business)&ok=inchange")
        case .invalid(let check):
            var view = editorView(business: business, session: session)
            view.source = Self.normalisedRuleText(source)
            view.baseDigest = base
            view.check = check
            view.error = check.foreignID.map { Self.foreignIDRefusal($0, business: business) }
                ?? "Ces règles contiennent des erreurs : rien n’a été enregistré."
            return dashboardPage(422, DashboardPages.rules(viewer: viewer(session), view: view))
        case .stale(let currentSource, let currentDigest):
            var view = editorView(business: business, session: session)
            let edited = Self.normalisedRuleText(source)
            view.source = edited
            view.baseDigest = currentDigest
            view.staleDiff = LineDiff.hunks(LineDiff.diff(currentSource, edited))
            view.error = "Le fichier a été modifié depuis que vous l’avez ouvert : rien n’a été enregistré."
            return dashboardPage(409, DashboardPages.rules(viewer: viewer(session), view: view))
        case .missing:
            return dashboardPage(404, Pages.notFound())
        case .failed:
            return unavailablePage()
        }
    }

    func rulesVersionPage(business: String, number: Int, session: AdminSession, status: Int, error: String?,
                          check: RuleCheck?) -> HTTPResponse {
        guard let row = try? store.ruleVersion(business: business, version: number) else { return dashboardPage(404, Pages.notFound()) }
        let previous = number > 1 ? (try? store.ruleVersion(business: business, version: number - 1))?.source ?? "" : ""
        let script = LineDiff.diff(previous, row.source)
        let counts = LineDiff.counts(script)
        let zone = runtime(business)?.state.withLock { $0.engine.zone }
        let running = runtime(business)?.state.withLock { $0.ruleDigest }
        let latest = (try? store.ruleVersions(business: business, limit: 1).first?.version) ?? nil
        let line = RuleVersionLine(version: row.version, author: row.author,
                                   savedAt: zone.map { FrenchFormat.dateAndTime($0.local(row.savedAt)) } ?? "\(row.savedAt)",
                                   added: counts.added, removed: counts.removed, isCurrent: latest == number && row.digest == running)
        return dashboardPage(status, DashboardPages.ruleVersion(viewer: viewer(session), business: business, line: line,
                                                                hunks: LineDiff.hunks(script), currentDigest: currentRuleFile(business)?.digest ?? "",
                                                                error: error, check: check))
    }

    func unavailablePage() -> HTTPResponse {
        dashboardPage(503, Pages.error(status: 503, title: "Service momentanément indisponible",
                                       message: "L’enregistrement n’a pas abouti. Réessayez dans un instant."))
    }

    /// Why a file declaring another establishment's id is refused, in French.
    static func foreignIDRefusal(_ declared: String, business: String) -> String {
        "Ce fichier déclare l’identifiant «\u{00A0}\(declared)\u{00A0}», mais il s’agit des règles de l’établissement "
            + "«\u{00A0}\(business)\u{00A0}»\u{00A0}: écrivez id = \"\(business)\" ou retirez la ligne id. Rien n’a été enregistré."
    }
}
