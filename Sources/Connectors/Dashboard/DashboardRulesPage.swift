/// The « Règles » screen: the establishment's rule file in a large monospace editor with line
/// numbers beside it (no JavaScript: the text area is as tall as the file, so the page
/// scrolls both together), the checker's diagnostics at their lines, the side-by-side
/// preview on last week's activity, the stale-save diff, and the version history with its
/// diffs and restore button.
import Foundation
import RuleLang
import Runtime

/// What the rules editor shows.
struct RulesEditorView {
    var business: String
    /// Every establishment the viewer may pick (more than one only for the platform admin).
    var businesses: [String]
    /// The text in the editor.
    var source: String
    /// The digest of the file version the text was based on (stale-save protection).
    var baseDigest: String
    var check: RuleCheck?
    var preview: RulePreview?
    /// The changes between the file on disk and the admin's text, after a stale save.
    var staleDiff: [LineDiff.Hunk]?
    var versions: [RuleVersionLine] = []
    var notice: String?
    var error: String?
}

/// One version in the history list.
struct RuleVersionLine {
    var version: Int
    var author: String
    var savedAt: String
    var added: Int
    var removed: Int
    var isCurrent: Bool
}

extension DashboardPages {
    /// The editor page.
    static func rules(viewer: DashboardViewer, view: RulesEditorView) -> String {
        let lineCount = LineDiff.lines(of: view.source).count
        // Room to add lines before the text area scrolls on its own (and leaves the numbers behind).
        let rows = max(24, lineCount + 12)
        let gutter = HTML.lines((1...rows).map { "<span id=\"L\($0)\">\($0)</span>" })
        let picker: HTML = view.businesses.count > 1 ? """
            <form class="panel filters" method="get" action="/dashboard/regles" aria-label="Établissement">
            <label>Établissement<select name="etablissement">\(HTML.lines(view.businesses.map { option($0, $0, selected: view.business) }))</select></label>
            <button class="button secondary" type="submit">Afficher</button>
            </form>
            """ : .empty
        let content: HTML = """
            \(HTML.when(view.error != nil, "<p class=\"notice error\" role=\"alert\">\(view.error ?? "")</p>"))
            \(HTML.when(view.notice != nil, "<p class=\"notice\" role=\"status\">\(view.notice ?? "")</p>"))
            \(picker)
            \(view.check.map(diagnostics) ?? .empty)
            \(view.staleDiff.map { staleSection($0) } ?? .empty)
            \(view.preview.map(previewSection) ?? .empty)
            <form class="panel rules-form" method="post" action="/dashboard/regles/verifier" aria-label="Fichier de règles">
            <input type="hidden" name="csrf" value="\(viewer.csrf)">
            <input type="hidden" name="etablissement" value="\(view.business)">
            <input type="hidden" name="base" value="\(view.baseDigest)">
            <p class="muted">Fichier <code>\(view.business).rules</code> · \(lineCount) ligne\(lineCount > 1 ? "s" : "") · la syntaxe est décrite dans la documentation des règles.</p>
            <div class="rules-editor">
            <pre class="rules-gutter" aria-hidden="true">\(gutter)</pre>
            <textarea name="source" rows="\(rows)" wrap="off" spellcheck="false" autocapitalize="off" autocomplete="off" aria-label="Règles de \(view.business)">
            \(view.source)</textarea>
            </div>
            <div class="rules-actions">
            <button class="button secondary" type="submit" formaction="/dashboard/regles/verifier">Vérifier</button>
            <button class="button secondary" type="submit" formaction="/dashboard/regles/apercu">Aperçu sur la semaine passée</button>
            <button class="button" type="submit" formaction="/dashboard/regles/enregistrer">Enregistrer</button>
            </div>
            <p class="muted">Un fichier qui ne passe pas la vérification n’est jamais enregistré. L’enregistrement s’applique immédiatement.</p>
            </form>
            \(versionsSection(view))
            """
        return DashboardLayout.document(title: "Règles", viewer: viewer, content: content)
    }

    /// Each diagnostic at its line: position (a link to the line), severity, message, the
    /// renderer's excerpt with its caret, and the suggestion.
    static func diagnostics(_ check: RuleCheck) -> HTML {
        guard !check.diagnostics.isEmpty else {
            return "<section class=\"panel\" aria-label=\"Vérification\"><p class=\"notice\" role=\"status\">Vérification réussie : aucun problème, ce fichier peut être enregistré.</p></section>"
        }
        let errors = check.diagnostics.filter { $0.severity == .error }.count
        let warnings = check.diagnostics.count - errors
        var counts: [String] = []
        if errors > 0 { counts.append(errors == 1 ? "1 erreur" : "\(errors) erreurs") }
        if warnings > 0 { counts.append(warnings == 1 ? "1 avertissement" : "\(warnings) avertissements") }
        let renderer = DiagnosticRenderer()
        let items = HTML.lines(check.diagnostics.map { diagnostic -> HTML in
            let start = check.file.location(of: diagnostic.range.start)
            // The renderer's excerpt (gutter, line, caret) without its English header and notes.
            let excerpt = renderer.render(diagnostic, in: check.file).split(separator: "\n", omittingEmptySubsequences: false)
                .dropFirst().filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("=") && !$0.isEmpty }
                .joined(separator: "\n")
            // French only: a help or note the table does not know is left out rather than shown in English.
            let notes = HTML.lines(diagnostic.notes.compactMap(DiagnosticFrench.note).map { "<p class=\"muted\">Note : \($0)</p>" })
            let help: HTML = diagnostic.help.flatMap(DiagnosticFrench.help).map { "<p>Suggestion : \($0)</p>" } ?? .empty
            return """
                <li class="diagnostic diagnostic-\(diagnostic.severity.rawValue)">
                <p><a href="#L\(start.line)">Ligne \(start.line), colonne \(start.column)</a> · <strong>\(severityLabel(diagnostic.severity))</strong> : \(DiagnosticFrench.message(diagnostic))</p>
                <pre class="excerpt">\(excerpt)</pre>
                \(notes)
                \(help)
                </li>
                """
        })
        let verdict = errors > 0 ? "Ce fichier ne peut pas être enregistré tant que les erreurs ne sont pas corrigées." : "Ce fichier peut être enregistré."
        return """
            <section class="panel" aria-label="Vérification">
            <h2>Vérification : \(counts.joined(separator: " et "))</h2>
            <p class="muted">\(verdict)</p>
            <ul class="diagnostics">\(items)</ul>
            </section>
            """
    }

    static func severityLabel(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: "erreur"
        case .warning: "avertissement"
        case .note: "note"
        }
    }

    /// The two replays side by side, differences marked.
    static func previewSection(_ preview: RulePreview) -> HTML {
        func conversion(_ summary: TranscriptSummary) -> String {
            let confirmed = summary.byStatus[.confirmed, default: 0]
            guard summary.joined > 0 else { return "—" }
            let tenths = (confirmed * 1000 + summary.joined / 2) / summary.joined
            return "\(tenths / 10),\(tenths % 10) %"
        }
        let figures: [(String, (TranscriptSummary) -> Int)] = [
            ("Entrées créées", { $0.entries }), ("Inscrits", { $0.joined }), ("Offres envoyées", { $0.offers }),
            ("Offres acceptées", { $0.accepted }), ("Refus", { $0.declined }), ("Sans réponse (délai dépassé)", { $0.expired }),
            ("Réservations", { $0.bookings }), ("Créneaux remplis", { $0.slotsRefilled }), ("SMS envoyés", { $0.sms }),
            ("Segments SMS", { $0.segments }),
        ]
        var rows = figures.map { label, value -> HTML in
            let (before, after) = (value(preview.current), value(preview.edited))
            let delta = after - before
            return "<tr\(HTML.when(delta != 0, " class=\"changed\""))><th scope=\"row\">\(label)</th><td>\(before)</td><td>\(after)</td><td>\(delta == 0 ? "=" : (delta > 0 ? "+\(delta)" : "−\(-delta)"))</td></tr>"
        }
        let (before, after) = (conversion(preview.current), conversion(preview.edited))
        rows.insert("<tr\(HTML.when(before != after, " class=\"changed\""))><th scope=\"row\">Taux de conversion</th><td>\(before)</td><td>\(after)</td><td>\(before == after ? "=" : "≠")</td></tr>", at: 7)
        let milliseconds = Int(preview.elapsed.components.seconds * 1000 + preview.elapsed.components.attoseconds / 1_000_000_000_000_000)
        return """
            <section class="panel" aria-label="Aperçu">
            <h2>Aperçu sur les sept derniers jours</h2>
            <p class="muted">L’activité réelle de la semaine (\(preview.tapeEvents) événements, personnes anonymisées) rejouée avec les règles en service puis avec votre version. Rien n’est envoyé.</p>
            <table class="preview">
            <thead><tr><th scope="col">Indicateur</th><th scope="col">Règles en service</th><th scope="col">Votre version</th><th scope="col">Écart</th></tr></thead>
            <tbody>\(HTML.lines(rows))</tbody>
            </table>
            <p class="muted">Calculé en \(milliseconds) ms sur \(preview.loggedEvents) événements enregistrés.</p>
            </section>
            """
    }

    /// What changed on disk since the admin started editing.
    static func staleSection(_ hunks: [LineDiff.Hunk]) -> HTML {
        """
        <section class="panel" aria-label="Modifications concurrentes">
        <h2>Le fichier a changé entre-temps</h2>
        <p>Quelqu’un (ou le dossier des règles) a modifié ce fichier depuis que vous l’avez ouvert : rien n’a été enregistré. Voici ce que votre texte change par rapport à la version actuelle ; enregistrer à nouveau la remplacera.</p>
        \(diffBlock(hunks))
        </section>
        """
    }

    /// Hunks as a unified diff, one line per row, coloured by CSS class.
    static func diffBlock(_ hunks: [LineDiff.Hunk]) -> HTML {
        guard !hunks.isEmpty else { return "<p class=\"muted\">Aucune différence.</p>" }
        var lines: [HTML] = []
        for hunk in hunks {
            lines.append("<span class=\"diff-hunk\">\(hunk.header)</span>")
            for line in hunk.lines {
                switch line {
                case .same(let text): lines.append("<span class=\"diff-same\"> \(text)</span>")
                case .removed(let text): lines.append("<span class=\"diff-removed\">-\(text)</span>")
                case .added(let text): lines.append("<span class=\"diff-added\">+\(text)</span>")
                }
            }
        }
        return "<pre class=\"diff\">\(HTML.lines(lines))</pre>"
    }

    static func versionsSection(_ view: RulesEditorView) -> HTML {
        guard !view.versions.isEmpty else {
            return "<section class=\"panel\" aria-label=\"Versions\"><h2>Versions</h2><p class=\"empty\">Aucune version enregistrée.</p></section>"
        }
        let rows = HTML.lines(view.versions.map { line -> HTML in
            """
            <tr><td data-label="Version">\(line.version)\(HTML.when(line.isCurrent, " <span class=\"status status-confirmed\">en service</span>"))</td><td data-label="Auteur">\(line.author)</td><td data-label="Date">\(line.savedAt)</td><td data-label="Lignes"><span class="diff-added-count">+\(line.added)</span> <span class="diff-removed-count">−\(line.removed)</span></td><td><a href="/dashboard/regles/versions/\(line.version)?etablissement=\(view.business)">Différences et restauration</a></td></tr>
            """
        })
        return """
            <section class="panel" aria-label="Versions">
            <h2>Versions</h2>
            <table>
            <thead><tr><th scope="col">Version</th><th scope="col">Auteur</th><th scope="col">Date</th><th scope="col">Lignes</th><th scope="col"><span class="visually-hidden">Détails</span></th></tr></thead>
            <tbody>\(rows)</tbody>
            </table>
            </section>
            """
    }

    /// One version: its diff against the previous one, and the restore form.
    static func ruleVersion(viewer: DashboardViewer, business: String, line: RuleVersionLine, hunks: [LineDiff.Hunk],
                            currentDigest: String, error: String?, check: RuleCheck?) -> String {
        let restore: HTML = line.isCurrent ? "<p class=\"muted\">Cette version est celle en service.</p>" : """
            <form class="panel filters" method="post" action="/dashboard/regles/versions/\(line.version)/restaurer" aria-label="Restaurer">
            <input type="hidden" name="csrf" value="\(viewer.csrf)">
            <input type="hidden" name="etablissement" value="\(business)">
            <input type="hidden" name="base" value="\(currentDigest)">
            <label><span><input type="checkbox" name="confirmation" value="oui" required> Je confirme remplacer les règles en service par cette version</span></label>
            <button class="button danger" type="submit">Restaurer cette version</button>
            </form>
            """
        let content: HTML = """
            \(HTML.when(error != nil, "<p class=\"notice error\" role=\"alert\">\(error ?? "")</p>"))
            \(check.map(diagnostics) ?? .empty)
            <section class="panel" aria-label="Version">
            <p>Version \(line.version) · \(line.author) · \(line.savedAt) · <span class="diff-added-count">+\(line.added)</span> <span class="diff-removed-count">−\(line.removed)</span></p>
            <h2>Différences avec la version précédente</h2>
            \(diffBlock(hunks))
            </section>
            \(restore)
            <p><a href="/dashboard/regles?etablissement=\(business)">← Retour à l’éditeur</a></p>
            """
        return DashboardLayout.document(title: "Règles · version \(line.version)", viewer: viewer, content: content)
    }
}
