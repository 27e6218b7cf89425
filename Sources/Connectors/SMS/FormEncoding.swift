/// Encodes `application/x-www-form-urlencoded` bodies and query strings for the requests the
/// service makes to providers (Twilio's API takes form fields, not JSON). The inverse of
/// `FormDecoding`: what one encodes, the other decodes to the same fields.

/// The form encoder.
public enum FormEncoding {
    /// `fields` as `name=value&...`, every byte outside RFC 3986's unreserved set
    /// (`A-Z a-z 0-9 - . _ ~`) percent-encoded, so `+` in a phone number survives as `%2B`.
    public static func encode(_ fields: [(name: String, value: String)]) -> String {
        fields.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// `text` with every byte outside the unreserved set percent-encoded (UTF-8).
    public static func escape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(byte)
            default:
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
