/// Decodes `application/x-www-form-urlencoded` bodies, the only thing the public pages' forms
/// post. Malformed input (a bad `%` escape, bytes that are not UTF-8) yields nil so the page
/// can answer 400 instead of acting on a mangled value.

/// The form body decoder.
public enum FormDecoding {
    /// The fields of a form body in order (`a=1&b=deux+mots` → `[("a","1"),("b","deux mots")]`),
    /// or nil when an escape is malformed or a name or value is not UTF-8.
    public static func decode(_ body: [UInt8]) -> [(name: String, value: String)]? {
        var fields: [(name: String, value: String)] = []
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let name: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = pair.firstIndex(of: UInt8(ascii: "=")) {
                name = pair[pair.startIndex..<equals]
                value = pair[(equals + 1)...]
            } else {
                name = pair
                value = []
            }
            guard let decodedName = percentDecode(name), let decodedValue = percentDecode(value) else { return nil }
            fields.append((name: decodedName, value: decodedValue))
        }
        return fields
    }

    /// The first value for `name` in decoded fields.
    public static func value(_ name: String, in fields: [(name: String, value: String)]) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// `+` as space and `%XX` as a byte, then strict UTF-8; nil on a bad escape or bad UTF-8.
    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                out.append(UInt8(ascii: " "))
                index += 1
            case UInt8(ascii: "%"):
                guard index + 2 < bytes.endIndex,
                      let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else { return nil }
                out.append(high << 4 | low)
                index += 3
            default:
                out.append(byte)
                index += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
