/// The dashboard's "Liste d’attente" screens in French: the filtered list of entries (the
/// columns the product spec asks for) and one entry with its history and actions. Pure
/// renderers: the service passes the rows, the viewer and the filters.
import Runtime

/// French labels of the entry statuses (the spec's: en attente / contacté / confirmé / refusé / expiré).
public enum DashboardStatusLabel {
    public static func label(_ status: String) -> String {
        switch status {
        case "invited": return "invité (formulaire non rempli)"
        case "waiting": return "en attente"
        case "offered": return "contacté"
        case "confirmed": return "confirmé"
        case "declined": return "refusé"
        case "expired": return "expiré"
        case "removed": return "supprimé"
        default: return status
        }
    }
}

/// One row of the list, already formatted.
public struct DashboardEntryLine: Sendable, Equatable {
    public var business: String
    public var id: Int
    public var name: String
    public var phone: String
    public var email: String
    public var requested: String
    public var alternatives: String
    public var status: String
    public var joined: String
    /// Place in the queue of its requested slot (1 = next), nil when not waiting.
    public var priority: Int?
    public init(business: String, id: Int, name: String, phone: String, email: String, requested: String,
                alternatives: String, status: String, joined: String, priority: Int?) {
        self.business = business; self.id = id; self.name = name; self.phone = phone; self.email = email
        self.requested = requested; self.alternatives = alternatives; self.status = status; self.joined = joined
        self.priority = priority
    }
}

/// The list's filters as the form shows them (strings, kept in the URL).
public struct DashboardFilters: Sendable, Equatable {
    public var date = ""
    public var slot = ""
    public var status = ""
    public var sort = "newest"
    public init() {}

    /// The query string of these filters plus `page`.
    public func query(page: Int) -> String {
        var parts: [String] = []
        if !date.isEmpty { parts.append("date=\(FormEncoding.escape(date))") }
        if !slot.isEmpty { parts.append("creneau=\(FormEncoding.escape(slot))") }
        if !status.isEmpty { parts.append("statut=\(FormEncoding.escape(status))") }
        if sort != "newest" { parts.append("tri=\(FormEncoding.escape(sort))") }
        parts.append("page=\(page)")
        return parts.joined(separator: "&")
    }
}

public enum DashboardPages {
    /// The list of entries.
    public static func list(viewer: DashboardViewer, filters: DashboardFilters, lines: [DashboardEntryLine],
                            page: Int, pageCount: Int, total: Int, error: String?) -> String {
        let statusOptions = HTML.lines([("", "Tous les statuts")] .map { option($0.0, $0.1, selected: filters.status) }
            + ["waiting", "offered", "confirmed", "declined", "expired", "invited", "removed"].map {
                option($0, DashboardStatusLabel.label($0), selected: filters.status)
            })
        let sortOptions = HTML.lines([("newest", "Inscription la plus récente"), ("requested", "Créneau le plus proche"),
                                      ("status", "Statut")].map { option($0.0, $0.1, selected: filters.sort) })
        let rows = HTML.lines(lines.map(row))
        let table: HTML = lines.isEmpty
            ? "<p class=\"empty\">Aucune entrée ne correspond à ces filtres.</p>"
            : """
              <table>
              <thead><tr><th scope="col">Nom / Prénom</th><th scope="col">Téléphone / Email</th><th scope="col">Créneau demandé</th><th scope="col">Créneaux alternatifs</th><th scope="col">Statut</th><th scope="col">Inscription</th><th scope="col">Priorité</th></tr></thead>
              <tbody>
              \(rows)
              </tbody>
              </table>
              """
        let previous: HTML = page > 1 ? "<a class=\"button secondary\" href=\"/dashboard?\(filters.query(page: page - 1))\">← Précédent</a>" : "<span></span>"
        let next: HTML = page < pageCount ? "<a class=\"button secondary\" href=\"/dashboard?\(filters.query(page: page + 1))\">Suivant →</a>" : "<span></span>"
        let content: HTML = """
            \(HTML.when(error != nil, "<p class=\"notice error\" role=\"alert\">\(error ?? "")</p>"))
            <form class="panel filters" method="get" action="/dashboard" aria-label="Filtres">
            <label>Date<input type="date" name="date" value="\(filters.date)"></label>
            <label>Créneau<input type="time" name="creneau" value="\(filters.slot)" step="900"></label>
            <label>Statut<select name="statut">\(statusOptions)</select></label>
            <label>Tri<select name="tri">\(sortOptions)</select></label>
            <button class="button" type="submit">Filtrer</button>
            <a class="button secondary" href="/dashboard">Réinitialiser</a>
            </form>
            <section class="panel" aria-label="Entrées">
            <p class="muted">\(pageSummary(total: total, singular: "entrée", plural: "entrées", page: page, pageCount: pageCount))</p>
            <p><a class="button secondary" href="/dashboard/export.csv?\(filters.query(page: 1))" download>Exporter en CSV</a></p>
            \(table)
            <nav class="pager" aria-label="Pages">\(previous)\(next)</nav>
            </section>
            """
        return DashboardLayout.document(title: "Liste d’attente", viewer: viewer, content: content)
    }

    /// « 3 entrées · page 1 sur 2 »; a page past the last one (a 404) gets no « page 9 sur 1 ».
    static func pageSummary(total: Int, singular: String, plural: String, page: Int, pageCount: Int) -> String {
        let count = "\(total) \(total > 1 ? plural : singular)"
        return page <= pageCount ? "\(count) · page \(page) sur \(pageCount)" : count
    }

    /// The notice of a page past the last one.
    static func missingPage(pageCount: Int) -> String {
        pageCount > 1 ? "Cette page n’existe pas : il y a \(pageCount) pages." : "Cette page n’existe pas : il n’y a qu’une page."
    }

    static func option(_ value: String, _ label: String, selected: String) -> HTML {
        "<option value=\"\(value)\"\(HTML.when(value == selected, " selected"))>\(label)</option>"
    }

    static func row(_ line: DashboardEntryLine) -> HTML {
        """
        <tr>
        <td data-label="Nom"><a href="/dashboard/entries/\(line.business)/\(line.id)">\(line.name.isEmpty ? "—" : line.name)</a></td>
        <td data-label="Contact">\(line.phone)<br><span class="muted">\(line.email)</span></td>
        <td data-label="Créneau demandé">\(line.requested)</td>
        <td data-label="Alternatives">\(line.alternatives.isEmpty ? "—" : line.alternatives)</td>
        <td data-label="Statut"><span class="status status-\(line.status)">\(DashboardStatusLabel.label(line.status))</span></td>
        <td data-label="Inscription">\(line.joined)</td>
        <td data-label="Priorité">\(line.priority.map { "\($0)" } ?? "—")</td>
        </tr>
        """
    }

    /// One entry: details, history and actions (`priority`: the « Monter » / « Descendre » panel).
    public static func entry(viewer: DashboardViewer, line: DashboardEntryLine, history: [(at: String, text: String)],
                             notifySlots: [DashboardNotifyChoice], notice: String?,
                             priority: DashboardPriorityPanel? = nil, partySize: Int = 1) -> String {
        let items = HTML.lines(history.map { "<li><span class=\"muted\">\($0.at)</span> — \($0.text)</li>" })
        // A slot too small for the party stays listed (the admin sees why) but cannot be picked.
        var options = notifySlots.map { choice -> HTML in
            "<option value=\"\(choice.value)\"\(HTML.when(choice.selected, " selected"))\(HTML.when(!choice.fits, " disabled"))>\(choice.label)</option>"
        }
        if !notifySlots.contains(where: \.fits) {
            let why = notifySlots.isEmpty ? "Aucun créneau ne peut encore être proposé" : DashboardNotifyChoice.noneFits(party: partySize)
            options.insert("<option value=\"\" selected disabled>\(why)</option>", at: 0)
        }
        let slots = HTML.lines(options)
        let open = ["invited", "waiting", "offered"].contains(line.status)
        let actions: HTML = open ? """
            <section class="panel" aria-label="Actions">
            <h2>Actions</h2>
            <form method="post" action="/dashboard/entries/\(line.business)/\(line.id)/notify" class="filters">
            <input type="hidden" name="csrf" value="\(viewer.csrf)">
            <label>Créneau à proposer<select name="creneau">\(slots)</select></label>
            <label><span><input type="checkbox" name="confirmation" value="oui" required> Je confirme l’envoi du SMS</span></label>
            <button class="button" type="submit">Notifier maintenant</button>
            </form>
            <form method="post" action="/dashboard/entries/\(line.business)/\(line.id)/delete" class="filters">
            <input type="hidden" name="csrf" value="\(viewer.csrf)">
            <label><span><input type="checkbox" name="confirmation" value="oui" required> Supprimer définitivement cette entrée</span></label>
            <button class="button danger" type="submit">Supprimer</button>
            </form>
            </section>
            """ : .empty
        let content: HTML = """
            \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice ?? "")</p>"))
            <section class="panel" aria-label="Entrée">
            <p><strong>\(line.name.isEmpty ? "—" : line.name)</strong> · <span class="status status-\(line.status)">\(DashboardStatusLabel.label(line.status))</span></p>
            <p>\(line.phone) · \(line.email)</p>
            <p>Créneau demandé : \(line.requested)<br>Créneaux alternatifs : \(line.alternatives.isEmpty ? "—" : line.alternatives)</p>
            <p class="muted">Inscription : \(line.joined)\(line.priority.map { " · priorité \($0)" } ?? "")</p>
            </section>
            \(actions)
            \(priority?.html(line: line, viewer: viewer) ?? .empty)
            <section class="panel" aria-label="Historique">
            <h2>Historique</h2>
            <ul class="history">\(items)</ul>
            </section>
            """
        return DashboardLayout.document(title: "Entrée n° \(line.id)", viewer: viewer, content: content)
    }
}
