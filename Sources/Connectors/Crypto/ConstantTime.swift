/// Comparison of secrets in time that does not depend on where they differ, so an attacker
/// timing responses learns nothing about a stored digest or signature.
import CCrypto

/// Constant-time equality for secrets and digests.
public enum ConstantTime {
    /// Whether `a` and `b` hold the same bytes. Lengths are not secret: different lengths
    /// answer false at once, without looking at the contents.
    public static func equals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { left in
            b.withUnsafeBytes { right in CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0 }
        }
    }

    /// Whether the UTF-8 encodings of `a` and `b` are the same bytes.
    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }
}
