/// Unpredictable bytes from OpenSSL's CSPRNG, for link secrets and API tokens. A secret that
/// a customer's link carries must not be guessable, so `SystemRandomNumberGenerator` (fine
/// for shuffles) is not what we want here: RAND_bytes is the audited source.
import CCrypto

/// Cryptographically secure random bytes and tokens.
public enum SecureRandom {
    /// `count` random bytes. Stops the process if the CSPRNG fails: no secret is better than a
    /// guessable one, and a failing CSPRNG cannot be recovered from.
    public static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0 && count <= Int(Int32.max), "SecureRandom.bytes: count \(count) out of range")
        if count == 0 { return [] }
        var buffer = [UInt8](repeating: 0, count: count)
        let status = buffer.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        if status != 1 { fatalError("OpenSSL RAND_bytes failed: the system's random generator is unavailable") }
        return buffer
    }

    /// A 256-bit secret as base64url without padding (43 characters), safe in URLs and SMS.
    public static func token() -> String {
        Base64URL.encode(bytes(32))
    }
}
