/// HMAC-SHA1 through OpenSSL libcrypto. SHA-1 is weak as a plain hash, but HMAC-SHA1 is still
/// sound as a MAC, and it is what Twilio signs its webhooks with (`X-Twilio-Signature`), so
/// the service needs it to tell Twilio's requests from forged ones.
import CCrypto

extension Digest {
    /// HMAC-SHA1 of `message` under `key` (20 bytes).
    public static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        hmac(EVP_sha1(), name: "SHA-1", key: key, message: message)
    }
}
