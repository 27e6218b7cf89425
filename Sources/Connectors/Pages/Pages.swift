/// The customer-facing pages of the waitlist, in French, as complete HTML documents. Pure
/// functions of their view models: the HTTP handler picks the page and the status code.
/// Every page links only `Pages.stylesheetPath` and runs no script, matching the CSP
/// `default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'`.

/// Renders the public pages.
public enum Pages {
    /// 404 for a token that matches nothing. Shows no brand, so it reveals nothing.
    public static func notFound() -> String {
        message(title: "Lien introuvable", paragraphs: [
            "Ce lien n’est pas valide. Vérifiez qu’il a été copié en entier depuis le SMS reçu.",
        ])
    }

    /// 410 for a token that has expired. Says nothing about the entry it belonged to.
    public static func gone() -> String {
        message(title: "Ce lien a expiré", paragraphs: [
            "Ce lien n’est plus valable.",
            "Si vous souhaitez toujours un rendez-vous, contactez directement l’établissement.",
        ])
    }

    /// Any other failure (`400`, `429`, `500`, …): the status, a title and one message.
    public static func error(status: Int, title: String, message text: String) -> String {
        let content = HTML.lines([
            "<p class=\"lead\">\(text)</p>",
            "<p class=\"muted\">Code d’erreur : \(status)</p>",
        ])
        return PageLayout.document(title: title, brand: nil, heading: "\(title)", content: content)
    }

    /// An unbranded page with a heading and a few paragraphs.
    private static func message(title: String, paragraphs: [String]) -> String {
        let content = HTML.lines(paragraphs.enumerated().map { index, text -> HTML in
            index == 0 ? "<p class=\"lead\">\(text)</p>" : "<p>\(text)</p>"
        })
        return PageLayout.document(title: title, brand: nil, heading: "\(title)", content: content)
    }
}
