/// Masks personal data and secrets before they reach a log line: customers' phone numbers,
/// and the bearer tokens in waitlist and offer links (anyone holding one can act for the
/// customer). Masks keep a few characters so an operator can still correlate lines.

/// Masking functions for log output.
public enum Redaction {
    /// Path segments whose next segment is a secret token (`/waitlist/<token>`, `/o/<token>/oui`).
    public static let secretPathPrefixes: Set<String> = ["waitlist", "o"]

    /// Segments at least this long made only of base64url characters are treated as tokens
    /// wherever they appear in a path.
    static let tokenLikeSegmentLength = 20

    /// Length of the tokens the service issues (32 random bytes in unpadded base64url).
    static let issuedTokenLength = 43

    /// `+33612345678` → `+336****78`: country code and first digit, then the last two.
    /// Values too short to mask meaningfully become `****`.
    public static func phone(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 6 else { return "****" }
        return String(characters.prefix(4)) + "****" + String(characters.suffix(2))
    }

    /// `abcdefgh…` → `abcd…`: the first four characters only.
    public static func token(_ token: String) -> String {
        let characters = Array(token)
        guard characters.count > 4 else { return "…" }
        return String(characters.prefix(4)) + "…"
    }

    /// A URL path with token segments masked: `/waitlist/SECRET` → `/waitlist/SECR…`,
    /// `/o/SECRET/oui` → `/o/SECR…/oui`. A query string, if present, is dropped to `?…`.
    public static func path(_ path: String) -> String {
        var pathPart = Substring(path)
        var suffix = ""
        if let question = path.firstIndex(of: "?") {
            pathPart = path[..<question]
            suffix = "?…"
        }
        let segments = pathPart.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        var masked: [String] = []
        masked.reserveCapacity(segments.count)
        for (index, segment) in segments.enumerated() {
            // Only the page routes carry secrets: `/waitlist/SECRET`, not `/api/v1/waitlist/trigger`.
            let followsPrefix = index == 2 && segments[0].isEmpty && secretPathPrefixes.contains(segments[1])
            let looksLikeToken = segment.count >= tokenLikeSegmentLength && segment.unicodeScalars.allSatisfy(isBase64URL)
            masked.append((followsPrefix && !segment.isEmpty) || looksLikeToken ? token(segment) : segment)
        }
        return masked.joined(separator: "/") + suffix
    }

    /// Free text with every E.164-looking number (`+` and 8 to 15 digits) masked as by
    /// `phone`, and every run of 43 or more base64url characters masked as by `token`.
    public static func text(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "+", index == 0 || !isBase64URL(scalars[index - 1]) {
                var end = index + 1
                while end < scalars.count, isDigit(scalars[end]) { end += 1 }
                let digits = end - index - 1
                if (8...15).contains(digits), end == scalars.count || !isBase64URL(scalars[end]) {
                    out.append(contentsOf: phone(String(String.UnicodeScalarView(scalars[index..<end]))).unicodeScalars)
                    index = end
                    continue
                }
            }
            if isBase64URL(scalar) {
                var end = index
                while end < scalars.count, isBase64URL(scalars[end]) { end += 1 }
                let run = String(String.UnicodeScalarView(scalars[index..<end]))
                out.append(contentsOf: (end - index >= issuedTokenLength ? token(run) : run).unicodeScalars)
                index = end
                continue
            }
            out.append(scalar)
            index += 1
        }
        return String(out)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isBase64URL(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || isDigit(scalar) || scalar == "-" || scalar == "_"
    }
}
