/// The « Données personnelles » screen: a customer asks what is held about them, or to be
/// forgotten. One form with one phone field (POST + CSRF, so the number never lands in a URL
/// or an access log) and two buttons: « Exporter (JSON) » downloads everything held,
/// « Effacer » (the server insists on the confirmation box, which export ignores) erases it
/// within the admin's establishments.

enum DashboardPrivacyPage {
    /// The page, with the phone as typed, and a notice or an error after an action.
    static func page(viewer: DashboardViewer, phone: String, notice: String?, error: String?) -> String {
        let content: HTML = """
            \(HTML.when(notice != nil, "<p class=\"notice\" role=\"status\">\(notice ?? "")</p>"))
            \(HTML.when(error != nil, "<p class=\"error\" role=\"alert\">\(error ?? "")</p>"))
            <section class="panel privacy" aria-label="Demande d’un client">
            <p>Un client vous demande ce que vous conservez sur lui, ou de l’oublier\u{00A0}? Saisissez son numéro de téléphone. \
            L’effacement retire ses noms, son numéro et son e-mail de toutes ses inscriptions\u{00A0}; les statistiques restent, \
            anonymes. Un numéro qui a répondu STOP ne recevra toujours aucun SMS.</p>
            <form method="post" action="/dashboard/donnees/export" class="privacy-form">
            <input type="hidden" name="csrf" value="\(viewer.csrf)">
            <div class="filters">
            <label>Téléphone<input type="tel" name="telephone" value="\(phone)" autocomplete="off" required></label>
            <button class="button" type="submit" formaction="/dashboard/donnees/export">Exporter (JSON)</button>
            </div>
            <div class="filters danger-zone">
            <label><span><input type="checkbox" name="confirmation" value="oui"> Je confirme l’effacement définitif des données de ce numéro</span></label>
            <button class="button danger" type="submit" formaction="/dashboard/donnees/effacer">Effacer</button>
            </div>
            </form>
            </section>
            """
        return DashboardLayout.document(title: "Données personnelles", viewer: viewer, content: content)
    }

    /// « 3 entrées effacées pour +33 6 12 34 56 78 ».
    static func erasedNotice(count: Int, phone: String) -> String {
        count == 1 ? "1 entrée effacée pour \(phone)" : "\(count) entrées effacées pour \(phone)"
    }
}
