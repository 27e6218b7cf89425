/// Password storage for dashboard admins: PBKDF2-HMAC-SHA256 through libcrypto
/// (`PKCS5_PBKDF2_HMAC`), a random salt per password and a work factor high enough that a
/// stolen database does not give up its passwords cheaply. The encoded form carries its own
/// parameters, so the iteration count can be raised later without invalidating old hashes.
import CCrypto

/// Hashes and verifies passwords as `pbkdf2-sha256$<iterations>$<base64url salt>$<base64url hash>`.
public struct PasswordHasher: Sendable {
    /// OWASP's recommended PBKDF2-HMAC-SHA256 work factor.
    public static let defaultIterations = 310_000
    /// The scheme name that opens every encoded hash.
    public static let scheme = "pbkdf2-sha256"
    /// Salt length in bytes.
    public static let saltLength = 16
    /// Derived key length in bytes (SHA-256's output size).
    public static let hashLength = 32
    /// A stored hash asking for more iterations than this is refused rather than computed: a
    /// tampered row must not make one login cost minutes of CPU.
    public static let maximumIterations = 10_000_000

    /// The iteration count used by `hash`.
    public let iterations: Int

    /// A hasher with `iterations` rounds (tests use a low count; production keeps the default).
    public init(iterations: Int = PasswordHasher.defaultIterations) {
        precondition(iterations >= 1 && iterations <= Self.maximumIterations,
                     "PasswordHasher: iterations \(iterations) out of range")
        self.iterations = iterations
    }

    /// The encoded hash of `password` under a fresh random salt.
    public func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        let derived = Self.derive(password: Array(password.utf8), salt: salt, iterations: iterations,
                                  length: Self.hashLength)
        return "\(Self.scheme)$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))"
    }

    /// Whether `password` matches `stored`. The final comparison is constant time; a stored
    /// value that is not a well-formed hash of this scheme answers false.
    public func verify(_ password: String, against stored: String) -> Bool {
        guard let parsed = Self.parse(stored) else { return false }
        let derived = Self.derive(password: Array(password.utf8), salt: parsed.salt, iterations: parsed.iterations,
                                  length: parsed.hash.count)
        return ConstantTime.equals(derived, parsed.hash)
    }

    /// The parts of an encoded hash, or nil when it is malformed.
    static func parse(_ stored: String) -> (iterations: Int, salt: [UInt8], hash: [UInt8])? {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme,
              parts[1].allSatisfy(\.isASCII), let iterations = Int(parts[1]),
              iterations >= 1, iterations <= Self.maximumIterations,
              let salt = Base64URL.decode(String(parts[2])), !salt.isEmpty,
              let hash = Base64URL.decode(String(parts[3])), hash.count >= 16, hash.count <= 64
        else { return nil }
        return (iterations, salt, hash)
    }

    /// PBKDF2-HMAC-SHA256 of `password` and `salt` (RFC 8018 §5.2), `length` bytes.
    public static func derive(password: [UInt8], salt: [UInt8], iterations: Int, length: Int) -> [UInt8] {
        precondition(iterations >= 1 && iterations <= Int(Int32.max), "PBKDF2: iterations out of range")
        precondition(length >= 1 && length <= 1024, "PBKDF2: key length out of range")
        precondition(password.count <= Int(Int32.max) && salt.count <= Int(Int32.max), "PBKDF2: input too long")
        // OpenSSL wants valid pointers even for empty inputs; the lengths stay 0.
        let passwordBytes = password.isEmpty ? [0] : password
        let saltBytes = salt.isEmpty ? [0] : salt
        var output = [UInt8](repeating: 0, count: length)
        let status = passwordBytes.withUnsafeBytes { passwordBuffer in
            saltBytes.withUnsafeBufferPointer { saltBuffer in
                output.withUnsafeMutableBufferPointer { out in
                    PKCS5_PBKDF2_HMAC(passwordBuffer.baseAddress?.assumingMemoryBound(to: CChar.self),
                                      Int32(password.count), saltBuffer.baseAddress, Int32(salt.count),
                                      Int32(iterations), EVP_sha256(), Int32(length), out.baseAddress)
                }
            }
        }
        // Fails only when OpenSSL cannot allocate or lacks SHA-256: unrecoverable.
        if status != 1 { fatalError("OpenSSL PKCS5_PBKDF2_HMAC(SHA-256) failed") }
        return output
    }
}
