/// The dashboard screens: the spec's columns and French statuses, the main entry point,
/// escaping, filters kept in the pager links, no script and no inline style.
import Testing
@testable import Connectors

@Suite("Dashboard pages")
struct DashboardPagesTests {
    let viewer = DashboardViewer(email: "gerant@bistrot.fr", scope: "Le Bistrot", csrf: "csrf-token")
    let line = DashboardEntryLine(business: "bistrot", id: 7, name: "Perrin <Camille>", phone: "06 12 34 56 78",
                                  email: "camille@example.fr", requested: "samedi 18 janvier à 19h30",
                                  alternatives: "20h, 20h30", status: "offered", joined: "jeudi 16 janvier à 11h05", priority: nil)

    @Test("the list shows the spec's columns, French statuses and keeps filters in the pager")
    func list() {
        var filters = DashboardFilters()
        filters.status = "waiting"
        filters.date = "2025-01-18"
        let html = DashboardPages.list(viewer: viewer, filters: filters, lines: [line], page: 2, pageCount: 3, total: 120, error: nil)
        for text in ["Liste d’attente", "Nom / Prénom", "Téléphone / Email", "Créneau demandé", "Créneaux alternatifs",
                     "Statut", "Inscription", "Priorité", "contacté", "120 entrées · page 2 sur 3"] {
            #expect(html.contains(text), "missing \(text)")
        }
        #expect(html.contains("class=\"nav-main\" href=\"/dashboard\">Liste d’attente</a>"))
        #expect(html.contains("Perrin &lt;Camille&gt;"))
        #expect(html.contains("/dashboard?date=2025-01-18&amp;statut=waiting&amp;page=3") || html.contains("/dashboard?date=2025-01-18&statut=waiting&page=3"))
        #expect(!html.contains("<script") && !html.contains("style="))
    }

    @Test("an unreadable calendar puts a French banner on every page; none otherwise")
    func calendarBanner() {
        var unreadable = viewer
        unreadable.unreadableCalendars = ["Le Bistrot <1>"]
        let html = DashboardPages.list(viewer: unreadable, filters: DashboardFilters(), lines: [line], page: 1, pageCount: 1, total: 1, error: nil)
        #expect(html.contains("<div class=\"banner-alert\" role=\"alert\"><strong>L’agenda de «\u{00A0}Le Bistrot &lt;1&gt;\u{00A0}» ne peut pas être lu.</strong>"))
        #expect(html.contains("aucune offre ne part tant que l’agenda n’est pas relu"))
        let plain = DashboardPages.list(viewer: viewer, filters: DashboardFilters(), lines: [line], page: 1, pageCount: 1, total: 1, error: nil)
        #expect(!plain.contains("banner-alert"))
    }

    @Test("an open entry offers confirmed actions with the CSRF token; a closed one none")
    func entry() {
        let open = DashboardPages.entry(viewer: viewer, line: line, history: [("16/01 11:05", "inscrit")],
                                        notifySlots: [DashboardNotifyChoice(value: "2025-01-18T20:00", label: "20h", selected: true)], notice: nil)
        #expect(open.contains("Notifier maintenant") && open.contains("Supprimer"))
        #expect(open.contains("name=\"csrf\" value=\"csrf-token\""))
        var closed = line
        closed.status = "confirmed"
        let page = DashboardPages.entry(viewer: viewer, line: closed, history: [], notifySlots: [], notice: nil)
        #expect(!page.contains("Notifier maintenant"))
        #expect(page.contains("confirmé"))
    }
}
