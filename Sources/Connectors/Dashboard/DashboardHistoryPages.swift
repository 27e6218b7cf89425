/// The dashboard pieces of the history work: the entry page's "Priorité" panel (« Monter » /
/// « Descendre », or a calm explanation when the rules ignore manual priority), the SMS lines
/// merged into an entry's history, and the establishment's "Journal" screen. Pure renderers.
import Runtime

/// What the entry page's priority panel shows.
public struct DashboardPriorityPanel: Sendable, Equatable {
    /// The entry's `manualPriority` (−100…100).
    public var manualPriority: Int
    /// Whether the establishment's `priority` block reads `entry.priority`.
    public var rulesUseIt: Bool
    /// A panel from its parts.
    public init(manualPriority: Int, rulesUseIt: Bool) {
        self.manualPriority = manualPriority
        self.rulesUseIt = rulesUseIt
    }

    /// The panel for an open entry (closed entries get none).
    func html(line: DashboardEntryLine, viewer: DashboardViewer) -> HTML {
        guard ["invited", "waiting", "offered"].contains(line.status) else { return .empty }
        guard rulesUseIt else {
            return """
                <section class="panel" aria-label="Priorité">
                <h2>Priorité</h2>
                <p class="muted">Les règles de cet établissement n’utilisent pas la priorité manuelle.</p>
                </section>
                """
        }
        let value = manualPriority > 0 ? "+\(manualPriority)" : "\(manualPriority)"
        let action = "/dashboard/entries/\(line.business)/\(line.id)/priority"
        return """
            <section class="panel" aria-label="Priorité">
            <h2>Priorité</h2>
            <p class="muted">Ajustement manuel : \(value). Chaque point avance ou recule l’entrée dans la file, selon les règles de l’établissement.</p>
            <div class="priority-actions">
            <form method="post" action="\(action)"><input type="hidden" name="csrf" value="\(viewer.csrf)"><input type="hidden" name="sens" value="monter"><button class="button secondary" type="submit">▲ Monter</button></form>
            <form method="post" action="\(action)"><input type="hidden" name="csrf" value="\(viewer.csrf)"><input type="hidden" name="sens" value="descendre"><button class="button secondary" type="submit">▼ Descendre</button></form>
            </div>
            </section>
            """
    }
}

/// One line of the journal screen, already in French.
public struct DashboardJournalLine: Sendable, Equatable {
    /// When, formatted.
    public var at: String
    /// What happened.
    public var text: String
    /// `engine`, `sms` or `calendar`: the badge shown next to it.
    public var kind: String
    /// A line from its parts.
    public init(at: String, text: String, kind: String) { self.at = at; self.text = text; self.kind = kind }
}

public enum DashboardHistoryPages {
    /// `1re place`, `2e place`: the entry's place in its queue.
    public static func place(_ position: Int) -> String { position == 1 ? "1re place" : "\(position)e place" }

    /// The notice after « Monter » / « Descendre ».
    public static func priorityNotice(position: Int?) -> String {
        position.map { "Priorité mise à jour : \(place($0)) dans la file." } ?? "Priorité mise à jour."
    }

    /// An outbox SMS in French: « SMS « offre » envoyé — pris en charge par l’opérateur », or,
    /// once the provider reported on it, « … envoyé — remis le jeudi 14 mars à 19h02 » (dates in
    /// `zone`, the establishment's), « … envoyé — non remis (erreur 30003 : …) ».
    public static func smsText(_ sms: SMSHistoryRow, zone: ZoneConverter? = nil) -> String {
        let name = "SMS « \(templateLabel(sms.template)) »"
        let tries = sms.attempts > 1 ? "\(sms.attempts) tentatives" : "\(sms.attempts) tentative"
        switch sms.status {
        case .sent:
            if let status = sms.deliveryStatus,
               let outcome = SMSDeliveryText.outcome(status: status, error: sms.deliveryError, deliveredAt: sms.deliveredAt, zone: zone) {
                return "\(name) envoyé — \(outcome)"
            }
            return "\(name) envoyé — pris en charge par l’opérateur"
        case .pending where sms.attempts == 0:
            return "\(name) en cours d’envoi"
        case .pending:
            return "\(name) : nouvel essai prévu (\(tries)\(sms.lastError.map { " ; dernière erreur : \($0)" } ?? ""))"
        case .dead:
            return "\(name) : échec définitif après \(tries)\(sms.lastError.map { " (\($0))" } ?? "")"
        }
    }

    /// The French name of a rule file's SMS template.
    public static func templateLabel(_ template: String) -> String {
        switch template {
        case "initial": return "invitation"
        case "offer": return "offre"
        case "confirmed": return "confirmation"
        case "declined": return "refus"
        case "expired": return "offre expirée"
        case "offer_taken": return "créneau déjà pris"
        case "": return "message"
        default: return template
        }
    }

    /// The establishment's journal, newest first. `businesses` lists the establishments a
    /// platform admin may pick (empty for an establishment admin).
    public static func journal(viewer: DashboardViewer, business: String, businesses: [String], lines: [DashboardJournalLine],
                               page: Int, pageCount: Int, total: Int, error: String?) -> String {
        let picker: HTML = businesses.isEmpty ? .empty : """
            <form class="panel filters" method="get" action="/dashboard/journal" aria-label="Établissement">
            <label>Établissement<select name="etablissement">\(HTML.lines(businesses.map { DashboardPages.option($0, $0, selected: business) }))</select></label>
            <button class="button" type="submit">Afficher</button>
            </form>
            """
        let items = HTML.lines(lines.map { line -> HTML in
            "<li><span class=\"muted\">\(line.at)</span> <span class=\"journal-kind journal-\(line.kind)\">\(kindLabel(line.kind))</span> \(line.text)</li>"
        })
        let list: HTML = lines.isEmpty
            ? "<p class=\"empty\">Rien à signaler pour le moment.</p>"
            : "<ul class=\"history journal\">\(items)</ul>"
        let base = "/dashboard/journal?" + (businesses.isEmpty ? "" : "etablissement=\(FormEncoding.escape(business))&")
        let previous: HTML = page > 1 ? "<a class=\"button secondary\" href=\"\(base)page=\(page - 1)\">← Plus récent</a>" : "<span></span>"
        let next: HTML = page < pageCount ? "<a class=\"button secondary\" href=\"\(base)page=\(page + 1)\">Plus ancien →</a>" : "<span></span>"
        let content: HTML = """
            \(HTML.when(error != nil, "<p class=\"notice error\" role=\"alert\">\(error ?? "")</p>"))
            \(picker)
            <section class="panel" aria-label="Journal">
            <p class="muted">\(DashboardPages.pageSummary(total: total, singular: "événement", plural: "événements", page: page, pageCount: pageCount))</p>
            \(list)
            <nav class="pager" aria-label="Pages">\(previous)\(next)</nav>
            </section>
            """
        return DashboardLayout.document(title: "Journal", viewer: viewer, content: content)
    }

    static func kindLabel(_ kind: String) -> String {
        switch kind {
        case "sms": return "SMS"
        case "calendar": return "Agenda"
        case "rules": return "Règles"
        case "security": return "Sécurité"
        default: return "Liste d’attente"
        }
    }

    /// The badge of an engine journal line: rule file changes apart from the waitlist's own.
    static func journalKind(_ line: HistoryLine) -> String {
        switch line.code {
        case .rulesReloaded?, .rulesRefused?: return "rules"
        case .calendarStale?, .calendarReadAgain?: return "calendar"
        default: return "engine"
        }
    }
}
