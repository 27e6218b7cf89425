/// Google event ids derived from our booking uids. events.insert accepts a client-chosen id
/// made of base32hex characters (lower-case `0-9a-v`), 5 to 1024 long; choosing it from the
/// uid means a retried insert names the same event, so it cannot create a second one.

/// Maps `speedai-booking-N` / `speedai-hold-N` to a valid Google event id and back.
public enum GoogleEventID {
    private static let alphabet = Array("0123456789abcdefghijklmnopqrstuv".utf8)

    /// The event id of a uid: its UTF-8 bytes in unpadded lower-case base32hex (RFC 4648
    /// section 7), padded with `0` up to the 5-character minimum.
    public static func from(uid: String) -> String {
        var output: [UInt8] = []
        var buffer: UInt32 = 0
        var bits = 0
        for byte in uid.utf8 {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                output.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
            buffer &= (1 << UInt32(bits)) - 1
        }
        if bits > 0 { output.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        while output.count < 5 { output.append(alphabet[0]) }
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether Google would accept `id` as a client-chosen event id.
    public static func isValid(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        return (5...1024).contains(bytes.count) && bytes.allSatisfy { alphabet.contains($0) }
    }
}
