/// Every route the service serves, as method and OpenAPI path template (`{token}` matches one
/// path segment). The router answers a known path asked with another method with 405 and an
/// `Allow` header (RFC 9110 §15.5.6) instead of a 404, and `openapi.yaml` is kept equal to this
/// table by a test, so the description, the router and the 405s cannot drift apart.

/// The route table.
enum ServiceRoutes {
    /// Method (lower case, as in OpenAPI) and path template of every route.
    static let all: [(method: String, path: String)] = [
        ("post", "/api/v1/waitlist/trigger"), ("get", "/api/v1/availability"),
        ("post", "/api/v1/admin/sessions"), ("delete", "/api/v1/admin/sessions/current"),
        ("get", "/api/v1/admin/entries"), ("get", "/api/v1/admin/entries.csv"),
        ("get", "/api/v1/admin/entries/{business}/{id}"), ("delete", "/api/v1/admin/entries/{business}/{id}"),
        ("post", "/api/v1/admin/entries/{business}/{id}/notify"), ("post", "/api/v1/admin/entries/{business}/{id}/delete"),
        ("get", "/api/v1/admin/stats"), ("post", "/api/v1/admin/entries/{business}/{id}/priority"),
        ("get", "/api/v1/admin/privacy/export"), ("post", "/api/v1/admin/privacy/erase"),
        ("get", "/dashboard/donnees"), ("post", "/dashboard/donnees/export"), ("post", "/dashboard/donnees/effacer"),
        ("get", "/waitlist/{token}"), ("post", "/waitlist/{token}"), ("get", "/waitlist/{token}/merci"),
        ("get", "/o/{token}/{answer}"), ("post", "/o/{token}/{answer}"),
        ("get", "/assets/waitlist.css"), ("get", "/assets/dashboard.css"),
        ("get", "/admin/login"), ("post", "/admin/login"), ("post", "/dashboard/logout"),
        ("get", "/dashboard"), ("get", "/dashboard/export.csv"), ("get", "/dashboard/stats"),
        ("get", "/dashboard/entries/{business}/{id}"), ("post", "/dashboard/entries/{business}/{id}/notify"),
        ("post", "/dashboard/entries/{business}/{id}/delete"), ("post", "/dashboard/entries/{business}/{id}/priority"),
        ("get", "/dashboard/journal"), ("get", "/dashboard/regles"), ("post", "/dashboard/regles/verifier"),
        ("post", "/dashboard/regles/apercu"), ("post", "/dashboard/regles/enregistrer"),
        ("get", "/dashboard/regles/versions/{version}"), ("post", "/dashboard/regles/versions/{version}/restaurer"),
        ("post", "/webhooks/twilio/sms"), ("post", "/webhooks/twilio/status"), ("post", "/webhooks/google/calendar"),
        ("get", "/healthz"), ("get", "/metrics"), ("post", "/_test/clock"),
        ]

    /// Templates split into segments once, filed by segment count and first segment (never a
    /// parameter), so a request compares against the few routes of its shape: this runs on
    /// every request, the trigger endpoint's included.
    private static let templates: [String: [(method: String, segments: [Substring])]] = Dictionary(grouping: all.map {
        ($0.method.uppercased(), $0.path.split(separator: "/"))
    }, by: { "\($0.1.count)/\($0.1.first ?? "")" })

    /// The route table's template of a path (`/waitlist/{token}`), or nil for a path no route
    /// has: the metrics label, so a typed path (a link secret, a made-up page) never becomes a
    /// series of its own. Where two templates fit, the one with more literal segments wins.
    static func template(_ parts: [String], testClock: Bool) -> String? {
        if parts.first == "_test" && !testClock { return nil }
        var best: (path: String, literals: Int)?
        for template in templates["\(parts.count)/\(parts.first ?? "")"] ?? [] {
            var literals = 0
            let matches = zip(template.segments, parts).allSatisfy { segment, part in
                if segment.hasPrefix("{") { return true }
                literals += 1
                return segment == part
            }
            guard matches, literals > (best?.literals ?? -1) else { continue }
            best = ("/" + template.segments.joined(separator: "/"), literals)
        }
        return best?.path
    }

    /// The methods a path takes (`GET` implies `HEAD`), or nil when no route has that shape.
    /// `/_test/clock` only exists with the test clock.
    static func allowedMethods(_ parts: [String], testClock: Bool) -> [String]? {
        var methods: [String] = []
        for template in templates["\(parts.count)/\(parts.first ?? "")"] ?? [] {
            let matches = zip(template.segments, parts).allSatisfy { segment, part in
                segment.hasPrefix("{") || segment == part
            }
            guard matches else { continue }
            if parts.first == "_test" && !testClock { continue }
            if !methods.contains(template.method) { methods.append(template.method) }
        }
        guard !methods.isEmpty else { return nil }
        if methods.contains("GET") { methods.append("HEAD") }
        return methods
    }
}
