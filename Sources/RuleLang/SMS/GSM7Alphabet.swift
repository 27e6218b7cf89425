/// The GSM 03.38 (3GPP TS 23.038) default alphabet: the only characters an SMS can carry
/// at 7 bits each. One character outside it turns the whole message into UCS-2, which
/// is why the tables must be exact, not "Latin-1-ish".

/// Membership tests for the GSM-7 default alphabet and its extension table.
enum GSM7Alphabet {
    /// The 127 printable entries of the basic table (0x1B, the escape to the extension
    /// table, is not a character). Note: `Ç` is in it, lowercase `ç` is not; `é è ù ì ò
    /// à` are in it, `ê â ô î û` are not.
    static let basic: Set<Unicode.Scalar> = Set(
        ("@£$¥èéùìòÇ\nØø\rÅå"
            + "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
            + " !\"#¤%&'()*+,-./"
            + "0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNO"
            + "PQRSTUVWXYZÄÖÑÜ§"
            + "¿abcdefghijklmno"
            + "pqrstuvwxyzäöñüà").unicodeScalars)

    /// Characters reached through the escape 0x1B, so each costs two septets.
    static let extended: Set<Unicode.Scalar> = Set("\u{0C}^{}\\[~]|€".unicodeScalars)

    /// Septets a scalar costs in GSM-7, or nil when GSM-7 cannot encode it.
    static func septets(for scalar: Unicode.Scalar) -> Int? {
        if scalar.isASCII {
            let cost = asciiSeptets[Int(scalar.value)]
            return cost == 0 ? nil : Int(cost)
        }
        return tableSeptets(for: scalar)
    }

    /// `septets(for:)` of the 128 ASCII scalars (0: not in GSM-7), so most characters of
    /// a message cost an array read instead of two set lookups (hashing).
    static let asciiSeptets: [UInt8] = (0..<128).map { UInt8(tableSeptets(for: Unicode.Scalar(UInt8($0))) ?? 0) }

    /// Septets from the two tables, or nil.
    private static func tableSeptets(for scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }
}
