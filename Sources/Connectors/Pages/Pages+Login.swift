/// The dashboard's sign-in page, in French, in the public pages' design: one card with the
/// email and password fields, an error above them when the last attempt failed.

extension Pages {
    /// The login page's copy.
    public enum LoginCopy {
        static let title = "Espace établissement – Connexion"
        static let email = "Adresse e-mail"
        static let password = "Mot de passe"
        static let submit = "Se connecter"
        /// Wrong password or unknown email (one message for both).
        public static let invalidCredentials = "Adresse e-mail ou mot de passe incorrect."
        /// Consecutive failures: the next attempt must wait `seconds` (at most 30).
        public static func throttled(seconds: Int64) -> String {
            "Trop de tentatives. Réessayez dans \(seconds)\u{00A0}seconde\(seconds > 1 ? "s" : "")."
        }
    }

    /// The sign-in form (`GET /admin/login`, and again after a refused `POST`). `email` is
    /// put back in its field; `csrf`, when given, travels as a hidden `csrf` field.
    public static func login(error: String?, email: String, csrf: String?) -> String {
        let describedBy: HTML = error == nil ? "" : " aria-describedby=\"login-error\" aria-invalid=\"true\""
        let content = HTML.lines([
            error.map { message -> HTML in
                "<div class=\"error-summary\" role=\"alert\" id=\"login-error\"><p>\(message)</p></div>"
            } ?? .empty,
            "<form class=\"form\" method=\"post\" action=\"/admin/login\" novalidate>",
            csrf.map { token -> HTML in "<input type=\"hidden\" name=\"csrf\" value=\"\(token)\">" } ?? .empty,
            "<div class=\"field\">",
            "<label class=\"label\" for=\"email\">\(LoginCopy.email)</label>",
            "<input class=\"input\" id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" autocapitalize=\"off\" spellcheck=\"false\" value=\"\(email)\" required\(describedBy)>",
            "</div>",
            "<div class=\"field\">",
            "<label class=\"label\" for=\"password\">\(LoginCopy.password)</label>",
            "<input class=\"input\" id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required\(describedBy)>",
            "</div>",
            "<button class=\"button\" type=\"submit\">\(LoginCopy.submit)</button>",
            "</form>",
        ])
        let title = error == nil ? LoginCopy.title : "Erreur : " + LoginCopy.title
        return PageLayout.document(title: title, brand: nil, heading: "\(LoginCopy.title)", content: content)
    }
}
