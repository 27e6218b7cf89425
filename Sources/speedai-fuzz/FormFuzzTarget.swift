/// The `form` target: the bytes of a public page's form body (or query string) go through
/// `FormDecoding`, `QueryString` and `WaitlistForm.validate`, the first code that touches
/// what a stranger's browser posts. Invariants: no crash; encoding decoded fields and
/// decoding again gives the same fields; a query string with `?` reads like the bare body;
/// a form that validated, written back as fields, validates again to the same value.
import Connectors
import Foundation

/// Fuzzes form decoding and waitlist form validation.
enum FormFuzzTarget {
    /// The slots the fuzzed page offers.
    static let offeredSlots: Set<String> = ["2025-01-18T19:30", "2025-01-18T20:00", "2025-01-19T12:30"]

    static func run(_ bytes: [UInt8]) {
        let fields = FormDecoding.decode(bytes)
        if let text = String(validating: bytes, as: UTF8.self) {
            let query = QueryString.parse("?" + text)
            FuzzCheck.require(sameFields(query, fields), "QueryString.parse(\"?\" + body) differs from FormDecoding.decode(body)")
        }
        guard let fields else { return }
        let again = FormDecoding.decode(Array(FormEncoding.encode(fields).utf8))
        FuzzCheck.require(sameFields(again, fields), "decode(encode(fields)) differs from fields: \(fields)")
        for range in [1...8, nil] as [ClosedRange<Int>?] {
            guard case .success(let form) = WaitlistForm.validate(fields: fields, allowedSlots: offeredSlots,
                                                                  partySizeRange: range) else { continue }
            checkClean(form, range: range)
            let revalidated = WaitlistForm.validate(fields: fieldsOf(form), allowedSlots: offeredSlots, partySizeRange: range)
            FuzzCheck.require(revalidated == .success(form), "a valid form written back does not validate to itself: \(form) → \(revalidated)")
        }
    }

    /// What `ValidWaitlistForm` documents about its fields.
    private static func checkClean(_ form: ValidWaitlistForm, range: ClosedRange<Int>?) {
        for name in [form.firstName, form.lastName] {
            FuzzCheck.require(!name.isEmpty && name.count <= WaitlistForm.maximumNameLength, "name out of bounds: \(name)")
            FuzzCheck.require(name == name.trimmingCharacters(in: .whitespacesAndNewlines), "name not trimmed: \(name)")
        }
        FuzzCheck.require(form.phone.hasPrefix("+") && form.phone.utf8.dropFirst().allSatisfy { (0x30...0x39).contains($0) }, "phone not E.164: \(form.phone)")
        FuzzCheck.require(!form.slots.isEmpty && form.slots.allSatisfy(offeredSlots.contains), "slots not offered: \(form.slots)")
        FuzzCheck.require(Set(form.slots).count == form.slots.count, "slots repeated: \(form.slots)")
        if let range {
            FuzzCheck.require(form.partySize.map(range.contains) == true, "party size outside \(range): \(String(describing: form.partySize))")
        } else {
            FuzzCheck.require(form.partySize == nil, "party size read though not asked")
        }
    }

    /// The form as the page would post it.
    private static func fieldsOf(_ form: ValidWaitlistForm) -> [(name: String, value: String)] {
        var fields: [(name: String, value: String)] = [
            (WaitlistFormField.firstName.rawValue, form.firstName), (WaitlistFormField.lastName.rawValue, form.lastName),
            (WaitlistFormField.phone.rawValue, form.phone), (WaitlistFormField.email.rawValue, form.email),
        ]
        if let size = form.partySize { fields.append((WaitlistFormField.partySize.rawValue, String(size))) }
        fields += form.slots.map { (WaitlistFormField.slots.rawValue, $0) }
        return fields
    }

    static func sameFields(_ a: [(name: String, value: String)]?, _ b: [(name: String, value: String)]?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }
}
