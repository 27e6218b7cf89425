/// The dashboard's sign-in page: the French copy, the fields and their autocomplete, the
/// error in an alert, the CSRF field, escaping, and the same CSP-safe head as public pages.
import Testing
@testable import Connectors

@Suite("Login page")
struct LoginPageTests {
    @Test("title, labels, button; no error, no alert")
    func copy() {
        let html = Pages.login(error: nil, email: "", csrf: nil)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"fr\">"))
        #expect(html.contains("<title>Espace établissement – Connexion</title>"))
        #expect(html.contains("<h1>Espace établissement – Connexion</h1>"))
        #expect(html.contains("<label class=\"label\" for=\"email\">Adresse e-mail</label>"))
        #expect(html.contains("<label class=\"label\" for=\"password\">Mot de passe</label>"))
        #expect(html.contains("<button class=\"button\" type=\"submit\">Se connecter</button>"))
        #expect(html.contains("method=\"post\" action=\"/admin/login\""))
        #expect(html.contains("autocomplete=\"username\"") && html.contains("autocomplete=\"current-password\""))
        #expect(html.contains("type=\"password\""))
        #expect(!html.contains("role=\"alert\"") && !html.contains("name=\"csrf\""))
        #expect(!html.lowercased().contains("<script") && !html.contains("style="))
    }

    @Test("errors in an alert tied to the fields; the email is kept, the password never")
    func errors() {
        #expect(Pages.LoginCopy.throttled(seconds: 8) == LoginCopyText.throttled)
        for message in [LoginCopyText.invalid, LoginCopyText.throttled] {
            let html = Pages.login(error: message, email: "chef@bistro.fr", csrf: nil)
            #expect(html.contains("<title>Erreur : Espace établissement – Connexion</title>"))
            #expect(html.contains("role=\"alert\" id=\"login-error\"><p>\(message)</p>"))
            #expect(html.contains("value=\"chef@bistro.fr\""))
            #expect(html.contains("aria-describedby=\"login-error\""))
            #expect(html.ranges(of: "value=").count == 1)
        }
    }

    @Test("the CSRF token travels as a hidden field; values are escaped")
    func csrfAndEscaping() {
        let html = Pages.login(error: "<b>", email: "\"><script>x</script>", csrf: "abc-_123")
        #expect(html.contains("<input type=\"hidden\" name=\"csrf\" value=\"abc-_123\">"))
        #expect(!html.contains("<script>") && html.contains("&quot;&gt;&lt;script&gt;"))
        #expect(html.contains("<p>&lt;b&gt;</p>"))
    }
}

/// The spec's messages, spelled out here so a change of copy fails a test.
enum LoginCopyText {
    static let invalid = "Adresse e-mail ou mot de passe incorrect."
    static let throttled = "Trop de tentatives. Réessayez dans 8\u{00A0}secondes."
}
