/// Base64url (RFC 4648 §5) without padding: the alphabet of link secrets, which travel in
/// URLs and SMS where `+`, `/` and `=` would need escaping.
import Foundation

/// Base64url encoding without padding.
public enum Base64URL {
    /// `bytes` in base64url, no `=` padding.
    public static func encode(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.last == "=" { text.removeLast() }
        return String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }

    /// The bytes of an unpadded base64url text, or nil when it is not one: a character outside
    /// the alphabet, padding, an impossible length, or non-zero unused trailing bits (so each
    /// byte string has exactly one accepted spelling).
    public static func decode(_ text: String) -> [UInt8]? {
        var standard = ""
        standard.reserveCapacity(text.utf8.count + 3)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "A"..."Z", "a"..."z", "0"..."9": standard.unicodeScalars.append(scalar)
            case "-": standard.append("+")
            case "_": standard.append("/")
            default: return nil
            }
        }
        switch standard.utf8.count % 4 {
        case 1: return nil
        case 2: standard += "=="
        case 3: standard += "="
        default: break
        }
        guard let data = Data(base64Encoded: standard) else { return nil }
        let bytes = [UInt8](data)
        return encode(bytes) == text ? bytes : nil
    }
}
