/// SHA-256 and HMAC-SHA-256 through OpenSSL libcrypto. The store keeps only digests of link
/// secrets and API keys; issue 5 verifies Twilio webhook signatures with the HMAC.
import CCrypto

/// One-shot message digests.
public enum Digest {
    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = bytes.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                EVP_Digest(input.baseAddress, input.count, out.baseAddress, &length, EVP_sha256(), nil)
            }
        }
        // EVP_Digest fails only when OpenSSL cannot allocate or lacks SHA-256: unrecoverable.
        if status != 1 { fatalError("OpenSSL EVP_Digest(SHA-256) failed") }
        return Array(output.prefix(Int(length)))
    }

    /// SHA-256 of `bytes` as 64 lowercase hexadecimal digits.
    public static func sha256Hex(bytes: [UInt8]) -> String {
        hex(sha256(bytes: bytes))
    }

    /// SHA-256 of the UTF-8 encoding of `text` as 64 lowercase hexadecimal digits.
    public static func sha256Hex(_ text: String) -> String {
        sha256Hex(bytes: Array(text.utf8))
    }

    /// HMAC-SHA-256 of `message` under `key` (32 bytes).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        hmac(EVP_sha256(), name: "SHA-256", key: key, message: message)
    }

    /// HMAC of `message` under `key` with OpenSSL's digest `md`.
    static func hmac(_ md: OpaquePointer?, name: String, key: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(key.count <= Int(Int32.max), "HMAC key too long")
        // An empty key still needs a valid pointer for OpenSSL; its length stays 0.
        let keyBytes: [UInt8] = key.isEmpty ? [0] : key
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = keyBytes.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                output.withUnsafeMutableBufferPointer { out in
                    HMAC(md, keyBuffer.baseAddress, Int32(key.count), messageBuffer.baseAddress,
                         messageBuffer.count, out.baseAddress, &length)
                }
            }
        }
        // HMAC fails only when OpenSSL cannot allocate or lacks the digest: unrecoverable.
        if result == nil { fatalError("OpenSSL HMAC(\(name)) failed") }
        return Array(output.prefix(Int(length)))
    }

    /// Lowercase hexadecimal digits of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
