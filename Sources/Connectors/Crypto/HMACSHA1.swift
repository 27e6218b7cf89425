/// HMAC-SHA1 through OpenSSL libcrypto. SHA-1 is weak as a plain hash, but HMAC-SHA1 is still
/// sound as a MAC, and it is what Twilio signs its webhooks with (`X-Twilio-Signature`), so
/// the service needs it to tell Twilio's requests from forged ones.
import CCrypto

extension Digest {
    /// HMAC-SHA1 of `message` under `key` (20 bytes).
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        precondition(key.count <= Int(Int32.max), "HMAC key too long")
        // An empty key still needs a valid pointer for OpenSSL; its length stays 0.
        let keyBytes: [UInt8] = key.isEmpty ? [0] : key
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = keyBytes.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                output.withUnsafeMutableBufferPointer { out in
                    HMAC(EVP_sha1(), keyBuffer.baseAddress, Int32(key.count), messageBuffer.baseAddress,
                         messageBuffer.count, out.baseAddress, &length)
                }
            }
        }
        // HMAC fails only when OpenSSL cannot allocate or lacks SHA-1: unrecoverable.
        if result == nil { fatalError("OpenSSL HMAC(SHA-1) failed") }
        return Array(output.prefix(Int(length)))
    }
}
