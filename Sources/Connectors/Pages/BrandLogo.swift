import Foundation

/// The logo at the top of a branded page: the establishment's own image when it has one on
/// this site, otherwise a monogram of its initials drawn as an SVG `data:` URL, which the
/// CSP allows (`img-src 'self' data:`) and which needs neither a file nor inline styles.

/// Chooses and draws the establishment's logo.
enum BrandLogo {
    /// Words that do not count towards the initials (`Le Bistrot du Port` → `BP`).
    private static let minorWords: Set<String> = ["le", "la", "les", "l", "un", "une", "du", "de", "des", "d",
                                                  "et", "au", "aux", "chez", "à", "en", "the", "and", "of"]

    /// The `<img>` source for `brand`: its logo path when it is a plain same-site path, else the monogram.
    static func source(for brand: EstablishmentBrand) -> String {
        if let path = brand.logoPath, isSameSitePath(path) { return path }
        return monogramDataURL(initials: initials(of: brand.name))
    }

    /// `/assets/logo/demo.svg` yes; `https://…`, `//host/…`, `/\host`, `javascript:…` no.
    static func isSameSitePath(_ path: String) -> Bool {
        path.hasPrefix("/") && !path.hasPrefix("//") && !path.contains("\\")
            && !path.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F }
    }

    /// Up to two capital initials of the name's significant words; `?` when it has no letter.
    static func initials(of name: String) -> String {
        let words = name.split { !$0.isLetter && !$0.isNumber }.map(String.init)
        let significant = words.filter { !minorWords.contains($0.lowercased()) }
        let chosen = (significant.isEmpty ? words : significant).prefix(2)
        let letters = chosen.compactMap(\.first).map { String($0).uppercased() }.joined()
        return letters.isEmpty ? "?" : letters
    }

    /// A navy disc with white initials, base64-encoded so the URL needs no further escaping.
    static func monogramDataURL(initials: String) -> String {
        let svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="112" height="112" viewBox="0 0 112 112">\
            <circle cx="56" cy="56" r="56" fill="#1d3557"/>\
            <text x="56" y="56" dy="0.35em" text-anchor="middle" fill="#ffffff" font-size="44" font-weight="600" \
            font-family="system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif">\(HTML.escape(initials))</text>\
            </svg>
            """
        return "data:image/svg+xml;base64," + Data(svg.utf8).base64EncodedString()
    }
}
