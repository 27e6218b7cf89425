/// The frame every page shares: the document head (language, viewport, `noindex`, no
/// referrer so the token in the URL never leaks to another site), the stylesheet, and the
/// centred card with the establishment's header.
import RuleLang

/// Wraps page content in the common document.
enum PageLayout {
    /// A full HTML document. `title` goes in `<title>` (after the establishment's name when
    /// branded), `heading` in the card's `<h1>`, `content` below it.
    static func document(title: String, brand: EstablishmentBrand?, heading: HTML, content: HTML) -> String {
        let fullTitle = brand.map { "\(title) · \($0.name)" } ?? title
        let page: HTML = """
            \(head(title: fullTitle, stylesheet: Pages.stylesheetPath))
            <body>
            <main class="page">
            <div class="card">
            <header class="header">
            \(HTML.lines([brand.map(brandBlock) ?? .empty, "<h1>\(heading)</h1>"]))
            </header>
            \(content)
            </div>
            </main>
            </body>
            </html>

            """
        // French spacing at render time, on text nodes only: copy strings stay plain and readable.
        return FrenchTypography.applyToHTML(page.markup)
    }

    /// The doctype and `<head>` every page shares (public pages and dashboard): French,
    /// mobile viewport, not indexed, no referrer, one stylesheet.
    static func head(title: String, stylesheet: String) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="fr">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex">
        <meta name="referrer" content="no-referrer">
        <meta name="color-scheme" content="light">
        <title>\(title)</title>
        <link rel="stylesheet" href="\(stylesheet)">
        </head>
        """
    }

    /// The logo, its alternative text being the name, and the name for sighted readers only
    /// (screen readers already heard it as the logo's alt text).
    private static func brandBlock(_ brand: EstablishmentBrand) -> HTML {
        """
        <div class="brand">
        <img class="logo" src="\(BrandLogo.source(for: brand))" alt="\(brand.name)" width="56" height="56">
        <span class="brand-name" aria-hidden="true">\(brand.name)</span>
        </div>
        """
    }
}
