/// The response headers that lock pages and API answers down in the browser: no scripts,
/// no framing, no referrer leaking the secret token in a page URL, no MIME sniffing.

/// Security headers for HTML pages and JSON answers.
public enum SecurityHeaders {
    /// The pages have no scripts at all; styles and images come from this origin only, and
    /// forms may only post back here.
    public static let pageContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Headers for an HTML page. `noStore` keeps personal pages (a customer's waitlist
    /// position, an offer) out of shared and browser caches.
    public static func page(noStore: Bool) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            (name: "Content-Security-Policy", value: pageContentSecurityPolicy),
            (name: "Referrer-Policy", value: "no-referrer"),
            (name: "X-Content-Type-Options", value: "nosniff"),
            (name: "X-Frame-Options", value: "DENY"),
            (name: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), interest-cohort=()"),
        ]
        if noStore { headers.append((name: "Cache-Control", value: "no-store")) }
        return headers
    }

    /// Headers for a JSON answer: never cached, never sniffed, never rendered as a document.
    public static let api: [(name: String, value: String)] = [
        (name: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'"),
        (name: "Referrer-Policy", value: "no-referrer"),
        (name: "X-Content-Type-Options", value: "nosniff"),
        (name: "Cache-Control", value: "no-store"),
    ]
}
