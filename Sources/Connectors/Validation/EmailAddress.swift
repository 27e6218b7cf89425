/// E-mail addresses typed into the waitlist form. Pragmatic, not RFC 5322: it accepts what
/// real mailboxes look like and refuses what is surely a typo, so the SMS-first flow is not
/// held up by exotic syntax nobody uses on a phone keyboard.

/// Checks e-mail addresses.
public enum EmailAddress {
    /// The longest address SMTP can carry (RFC 5321 path limit).
    static let maximumLength = 254
    /// The longest local part (before `@`).
    static let maximumLocalLength = 64
    /// The longest domain label.
    static let maximumLabelLength = 63
    /// Punctuation allowed in a local part besides letters, digits and dots (RFC 5322 atext).
    private static let localPunctuation = Set("!#$%&'*+/=?^_`{|}~-")

    /// True when `address` is one `local@domain` with an ASCII local part of at most 64
    /// characters (no leading, trailing or doubled dot), a domain of two or more labels made
    /// of letters, digits and inner hyphens, a non-numeric last label, at most 254 in all,
    /// and no spaces or control characters.
    public static func isValid(_ address: String) -> Bool {
        guard !address.isEmpty, address.utf8.count <= maximumLength else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        return isValidLocal(parts[0]) && isValidDomain(parts[1])
    }

    private static func isValidLocal(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= maximumLocalLength,
              local.first != ".", local.last != ".", !local.contains("..") else { return false }
        return local.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || localPunctuation.contains($0)) }
    }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy(isValidLabel) else { return false }
        return !labels.last!.allSatisfy(\.isASCIIDigit)
    }

    private static func isValidLabel(_ label: Substring) -> Bool {
        guard !label.isEmpty, label.utf8.count <= maximumLabelLength,
              label.first != "-", label.last != "-" else { return false }
        return label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
    }
}
