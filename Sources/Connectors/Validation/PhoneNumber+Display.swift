/// Phone numbers as a French customer reads them on the form: `06 12 34 56 78`.

extension PhoneNumber {
    /// The national spelling of a French E.164 number in pairs (`+33612345678` →
    /// `06 12 34 56 78`); other numbers unchanged.
    public static func display(_ e164: String) -> String {
        guard e164.hasPrefix("+33"), e164.count == 12 else { return e164 }
        let national = Array("0" + e164.dropFirst(3))
        return stride(from: 0, to: national.count, by: 2).map { String(national[$0..<min($0 + 2, national.count)]) }
            .joined(separator: " ")
    }
}
