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

    /// `chef@bistro.fr` → `c…@bistro.fr`: the first character and the domain, enough to tell
    /// accounts apart in a log without writing who they are.
    public static func email(_ email: String) -> String {
        guard let at = email.lastIndex(of: "@"), at > email.startIndex else { return email.isEmpty ? "" : String(email.prefix(1)) + "…" }
        return String(email[..<email.index(after: email.startIndex)]) + "…" + String(email[at...].prefix(80))
    }

    /// `192.0.2.66` → `192.0.2.…`, `2001:db8:1:2::7` → `2001:db8:1:…`: the network, not the host.
    public static func address(_ address: String) -> String {
        if address.contains(":") {
            return address.split(separator: ":", omittingEmptySubsequences: false).prefix(3).joined(separator: ":") + ":…"
        }
        let parts = address.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return "…" }
        return parts.prefix(3).joined(separator: ".") + ".…"
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
        // The access log masks every request's path. In ASCII without CR (every real request
        // path) a byte is a character, so the byte walk gives what the character walk below does.
        if path.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return asciiPath(Array(path.utf8)) }
        return characterPath(path)
    }

    /// `path(_:)` for ASCII text without CR, one byte per character.
    static func asciiPath(_ bytes: [UInt8]) -> String {
        let slash = UInt8(ascii: "/")
        let end = bytes.firstIndex(of: UInt8(ascii: "?")) ?? bytes.count
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 4)
        var start = 0
        var index = 0
        var firstIsEmpty = false
        var secondIsPrefix = false
        while true {
            let stop = bytes[start..<end].firstIndex(of: slash) ?? end
            let segment = bytes[start..<stop]
            if index > 0 { out.append(slash) }
            let followsPrefix = index == 2 && firstIsEmpty && secondIsPrefix
            let looksLikeToken = segment.count >= tokenLikeSegmentLength && segment.allSatisfy(isBase64URLByte)
            if (followsPrefix && !segment.isEmpty) || looksLikeToken {
                if segment.count > 4 { out += segment.prefix(4) }
                out += "…".utf8
            } else {
                out += segment
            }
            if index == 0 { firstIsEmpty = segment.isEmpty }
            if index == 1 { secondIsPrefix = secretPathPrefixes.contains(String(decoding: segment, as: UTF8.self)) }
            if stop == end { break }
            start = stop + 1
            index += 1
        }
        if end < bytes.count { out += "?…".utf8 }
        return String(decoding: out, as: UTF8.self)
    }

    /// `path(_:)` for any text, character by character.
    static func characterPath(_ path: String) -> String {
        var pathPart = Substring(path)
        var suffix = ""
        if let question = path.firstIndex(of: "?") {
            pathPart = path[..<question]
            suffix = "?…"
        }
        let segments = pathPart.split(separator: "/", omittingEmptySubsequences: false)
        var masked = ""
        masked.reserveCapacity(pathPart.utf8.count + suffix.utf8.count)
        for (index, segment) in segments.enumerated() {
            if index > 0 { masked += "/" }
            // Only the page routes carry secrets: `/waitlist/SECRET`, not `/api/v1/waitlist/trigger`.
            let followsPrefix = index == 2 && segments[0].isEmpty && secretPathPrefixes.contains(String(segments[1]))
            // Base64url characters are ASCII: then bytes and characters count the same.
            let looksLikeToken = segment.utf8.count >= tokenLikeSegmentLength && segment.unicodeScalars.allSatisfy(isBase64URL)
            if (followsPrefix && !segment.isEmpty) || looksLikeToken {
                masked += token(String(segment))
            } else {
                masked += segment
            }
        }
        return masked + suffix
    }

    /// Free text with every E.164-looking number (`+` and 8 to 15 digits) masked as by
    /// `phone`, and every run of 43 or more base64url characters masked as by `token`.
    public static func text(_ text: String) -> String {
        guard mayNeedMasking(text) else { return text }
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

    /// False when `text` has neither a `+` nor a run of `issuedTokenLength` base64url
    /// characters, so `text(_:)` would hand it back unchanged: most log strings (methods,
    /// addresses, masked paths, messages) are answered without copying them scalar by scalar.
    /// Base64url characters are ASCII, so counting UTF-8 bytes counts them exactly.
    private static func mayNeedMasking(_ text: String) -> Bool {
        var run = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "+") { return true }
            run = isBase64URLByte(byte) ? run + 1 : 0
            if run >= issuedTokenLength { return true }
        }
        return false
    }

    private static func isBase64URLByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    private static func isBase64URL(_ scalar: Unicode.Scalar) -> Bool {
        ("A"..."Z").contains(scalar) || ("a"..."z").contains(scalar) || isDigit(scalar) || scalar == "-" || scalar == "_"
    }
}
