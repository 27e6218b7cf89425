/// Cross-site request forgery defence for the public pages' form POSTs. The pages carry no
/// cookies (the secret token in the URL is the credential), so the risk is another site
/// making a visitor's browser post to a link it learnt; browsers say where a request comes
/// from, and this check refuses anything that admits to coming from elsewhere.

import Foundation

/// The same-origin test for state-changing requests.
public enum OriginCheck {
    /// True when the POST may proceed:
    /// - `Sec-Fetch-Site` is absent (older browsers, non-browser clients), `same-origin`, or
    ///   `none` (typed or bookmarked by the user); `same-site` and `cross-site` are refused;
    /// - and `Origin` is absent (non-browser clients), `null`, `publicOrigin`, or
    ///   `http(s)://` plus the request's `Host` (the service reached directly or via a proxy
    ///   that keeps `Host`).
    ///
    /// `Origin: null` must pass because the pages are served with `Referrer-Policy:
    /// no-referrer`, which makes browsers send `null` on their own form posts. Refusing it
    /// would break every form; a forged cross-site post still fails on `Sec-Fetch-Site`.
    public static func allows(request: HTTPRequest, publicOrigin: String) -> Bool {
        if let site = request.header("Sec-Fetch-Site")?.trimmingCharacters(in: .whitespaces).lowercased(),
           site != "same-origin", site != "none" {
            return false
        }
        guard let origin = request.header("Origin").map(normalized) else { return true }
        if origin == "null" || origin == normalized(publicOrigin) { return true }
        if let host = request.header("Host").map(normalized), !host.isEmpty {
            return origin == "http://" + host || origin == "https://" + host
        }
        return false
    }

    /// Lower-cased, trimmed, without a trailing slash: origins compare case-insensitively.
    private static func normalized(_ value: String) -> String {
        var text = value.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
