/// The frame of every dashboard page: the top bar with the main "Liste d’attente" entry
/// point, who is signed in and the sign-out button (a POST with the CSRF token), then a wide
/// content area.
import RuleLang

/// Who is looking, for the frame.
public struct DashboardViewer: Sendable, Equatable {
    public var email: String
    /// The establishment's name, or "Toutes les établissements" for the platform admin.
    public var scope: String
    public var csrf: String
    /// Names of the viewer's establishments whose calendar cannot be read: every page shows
    /// a banner while this is not empty.
    public var unreadableCalendars: [String]
    public init(email: String, scope: String, csrf: String, unreadableCalendars: [String] = []) {
        self.email = email; self.scope = scope; self.csrf = csrf; self.unreadableCalendars = unreadableCalendars
    }
}

enum DashboardLayout {
    static func document(title: String, viewer: DashboardViewer, content: HTML) -> String {
        let page: HTML = """
            \(PageLayout.head(title: "\(title) · SpeedAI", stylesheet: DashboardStylesheet.path))
            <body>
            <header class="topbar">
            <nav aria-label="Navigation principale"><a class="nav-main" href="/dashboard">Liste d’attente</a> <a href="/dashboard/stats">Statistiques</a> <a href="/dashboard/journal">Journal</a> <a href="/dashboard/regles">Règles</a> <a href="/dashboard/donnees">Données personnelles</a></nav>
            <div><span class="muted-on-dark">\(viewer.scope) · \(viewer.email)</span></div>
            <form method="post" action="/dashboard/logout"><input type="hidden" name="csrf" value="\(viewer.csrf)"><button class="link-button" type="submit">Se déconnecter</button></form>
            </header>
            <main class="wrap">
            \(calendarBanner(viewer.unreadableCalendars))
            <h1>\(title)</h1>
            \(content)
            </main>
            </body>
            </html>

            """
        // French spacing at render time, on text nodes only (the rules editor's source is left alone).
        return FrenchTypography.applyToHTML(page.markup)
    }

    /// The banner of establishments whose calendar cannot be read, in the admin's words.
    static func calendarBanner(_ names: [String]) -> HTML {
        guard !names.isEmpty else { return .empty }
        let list = names.map { "« \($0) »" }.joined(separator: ", ")
        let subject = names.count == 1 ? "L’agenda de \(list) ne peut pas être lu" : "Les agendas de \(list) ne peuvent pas être lus"
        return """
            <div class="banner-alert" role="alert"><strong>\(subject).</strong> Les disponibilités ne sont plus sûres : l’API de disponibilité répond « agenda indisponible » et aucune offre ne part tant que l’agenda n’est pas relu. Vérifiez l’adresse, l’identifiant et le mot de passe de l’agenda (<code>speedai-rules check-config --live</code>).</div>
            """
    }
}
