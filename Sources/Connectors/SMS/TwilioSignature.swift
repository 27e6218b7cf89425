/// Twilio's webhook signature (`X-Twilio-Signature`): how the service knows an inbound SMS or
/// a status callback really comes from Twilio. Twilio documents the scheme ("Webhooks
/// security"): take the full URL Twilio requested (scheme, host, path, query), append each
/// POST parameter's name then value, sorted by name, HMAC-SHA1 the result with the account's
/// auth token, and base64 the digest. Anyone without the auth token cannot produce it.
import Foundation

/// Computes and checks `X-Twilio-Signature` values.
public enum TwilioSignature {
    /// The signature Twilio sends for a form-encoded POST to `url` with `parameters`.
    /// Parameters are ordered by name (byte order), then by value for repeated names.
    public static func compute(url: String, parameters: [(name: String, value: String)], authToken: String) -> String {
        let ordered = parameters.sorted { left, right in
            if left.name != right.name { return left.name.utf8.lexicographicallyPrecedes(right.name.utf8) }
            return left.value.utf8.lexicographicallyPrecedes(right.value.utf8)
        }
        var data = Array(url.utf8)
        for parameter in ordered {
            data += Array(parameter.name.utf8)
            data += Array(parameter.value.utf8)
        }
        let digest = Digest.hmacSHA1(key: Array(authToken.utf8), message: data)
        return Data(digest).base64EncodedString()
    }

    /// Whether `signature` (the header's value; nil when absent) is Twilio's for this request.
    /// Like Twilio's own helper libraries, the URL is also tried with its scheme's default
    /// port added or removed (`https://host/x` and `https://host:443/x`), because proxies
    /// and load balancers disagree on whether Twilio saw a port. Compared in constant time.
    public static func isValid(_ signature: String?, url: String, parameters: [(name: String, value: String)],
                               authToken: String) -> Bool {
        guard let signature, !signature.isEmpty, !authToken.isEmpty else { return false }
        var matched = false
        // Every candidate is checked (no early exit) so timing says nothing about which matched.
        for candidate in urlVariants(url) {
            let expected = compute(url: candidate, parameters: parameters, authToken: authToken)
            if ConstantTime.equals(expected, signature) { matched = true }
        }
        return matched
    }

    /// `url` as given, plus the same URL with its scheme's default port toggled.
    static func urlVariants(_ url: String) -> [String] {
        guard let schemeEnd = url.range(of: "://") else { return [url] }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        let defaultPort: String
        switch scheme {
        case "https": defaultPort = "443"
        case "http": defaultPort = "80"
        default: return [url]
        }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        let tail = rest[authorityEnd...]
        let prefix = url[..<schemeEnd.upperBound]
        // An IPv6 literal's colons sit inside brackets; the port colon comes after `]`.
        let hostEnd = authority.lastIndex(of: "]") ?? authority.startIndex
        if let colon = authority[hostEnd...].lastIndex(of: ":") {
            guard authority[authority.index(after: colon)...] == defaultPort else { return [url] }
            return [url, String(prefix + authority[..<colon] + tail)]
        }
        return [url, String(prefix + authority + ":" + defaultPort + tail)]
    }
}
