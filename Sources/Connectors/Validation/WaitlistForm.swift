import Foundation

/// Reads a submitted waitlist form (the decoded `application/x-www-form-urlencoded` pairs)
/// into either a clean `ValidWaitlistForm` or French messages per field. Pure: nothing is
/// written until every field is right, so bad input changes nothing.

/// Validates the public waitlist form.
public enum WaitlistForm {
    /// The longest first or last name accepted.
    public static let maximumNameLength = 60

    /// The customer-facing messages, verbatim, so tests and pages can refer to them.
    public enum Message {
        /// `prenom` empty.
        public static let firstNameMissing = "Indiquez votre prénom."
        /// `prenom` over 60 characters.
        public static let firstNameTooLong = "Le prénom ne doit pas dépasser 60 caractères."
        /// `nom` empty.
        public static let lastNameMissing = "Indiquez votre nom."
        /// `nom` over 60 characters.
        public static let lastNameTooLong = "Le nom ne doit pas dépasser 60 caractères."
        /// `telephone` empty.
        public static let phoneMissing = "Indiquez votre numéro de téléphone."
        /// `telephone` not a phone number `PhoneNumber.normalize` accepts.
        public static let phoneInvalid = "Numéro de téléphone invalide, par exemple 06 12 34 56 78."
        /// `email` empty.
        public static let emailMissing = "Indiquez votre adresse e-mail."
        /// `email` refused by `EmailAddress.isValid` (the spec's wording, no final period).
        public static let emailInvalid = "Adresse e-mail invalide, par exemple nom@exemple.fr"
        /// `couverts` empty when asked.
        public static let partySizeMissing = "Indiquez le nombre de couverts."
        /// No `creneaux` ticked.
        public static let noSlot = "Choisissez au moins un créneau."
        /// A `creneaux` value the page did not offer (or no longer offers).
        public static let slotWithdrawn = "Ce créneau n’est plus proposé."
        /// A control character or direction override in a field.
        public static let forbiddenCharacters = "Ce champ contient des caractères non autorisés."
        /// A single-valued field sent more than once.
        public static let sentTwice = "Ce champ a été envoyé plusieurs fois."

        /// `Indiquez un nombre de couverts entre 1 et 8.`
        public static func partySizeOutOfRange(_ range: ClosedRange<Int>) -> String {
            "Indiquez un nombre de couverts entre \(range.lowerBound) et \(range.upperBound)."
        }
    }

    /// Checks every field and returns the clean form, or all the errors at once.
    ///
    /// - Parameters:
    ///   - fields: the form's name/value pairs in order; unknown names are ignored.
    ///   - allowedSlots: the slot values the page offered; anything else is refused.
    ///   - partySizeRange: when set, `couverts` is required and must fall in it; when nil it is ignored.
    public static func validate(fields: [(name: String, value: String)], allowedSlots: Set<String>,
                                partySizeRange: ClosedRange<Int>?) -> Result<ValidWaitlistForm, WaitlistFormErrors> {
        var reader = FieldReader(fields: fields)
        let firstName = reader.name(.firstName, missing: Message.firstNameMissing, tooLong: Message.firstNameTooLong)
        let lastName = reader.name(.lastName, missing: Message.lastNameMissing, tooLong: Message.lastNameTooLong)
        let phone = reader.phone()
        let email = reader.email()
        let partySize = partySizeRange.flatMap { reader.partySize(in: $0) }
        let slots = reader.slots(allowed: allowedSlots)

        if reader.messages.isEmpty, let firstName, let lastName, let phone, let email, !slots.isEmpty,
           partySizeRange == nil || partySize != nil {
            return .success(ValidWaitlistForm(firstName: firstName, lastName: lastName, phone: phone, email: email,
                                              partySize: partySize, slots: slots))
        }
        return .failure(WaitlistFormErrors(messages: reader.messages, values: reader.values))
    }
}

/// Walks the submitted pairs field by field, collecting both the messages and the values to
/// show again. One per validation, never shared.
private struct FieldReader {
    let fields: [(name: String, value: String)]
    var messages: [String: String] = [:]
    var values = WaitlistFormValues()

    init(fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// The single trimmed value of `field` ("" when absent), or nil after recording an error.
    /// `show` receives what to put back in the form either way.
    mutating func single(_ field: WaitlistFormField, show: (inout WaitlistFormValues, String) -> Void) -> String? {
        let sent = fields.filter { $0.name == field.rawValue }.map { $0.value.trimmingCharacters(in: .whitespacesAndNewlines) }
        let value = sent.first ?? ""
        show(&values, TextSafety.removingForbiddenCharacters(value))
        if sent.count > 1 { return fail(field, WaitlistForm.Message.sentTwice) }
        if TextSafety.containsForbiddenCharacters(value) { return fail(field, WaitlistForm.Message.forbiddenCharacters) }
        return value
    }

    mutating func name(_ field: WaitlistFormField, missing: String, tooLong: String) -> String? {
        let shown: (inout WaitlistFormValues, String) -> Void = field == .firstName ? { $0.firstName = $1 } : { $0.lastName = $1 }
        guard let value = single(field, show: shown) else { return nil }
        if value.isEmpty { return fail(field, missing) }
        if value.count > WaitlistForm.maximumNameLength { return fail(field, tooLong) }
        return value
    }

    mutating func phone() -> String? {
        guard let value = single(.phone, show: { $0.phone = $1 }) else { return nil }
        if value.isEmpty { return fail(.phone, WaitlistForm.Message.phoneMissing) }
        guard let e164 = PhoneNumber.normalize(value) else { return fail(.phone, WaitlistForm.Message.phoneInvalid) }
        return e164
    }

    mutating func email() -> String? {
        guard let value = single(.email, show: { $0.email = $1 }) else { return nil }
        if value.isEmpty { return fail(.email, WaitlistForm.Message.emailMissing) }
        guard EmailAddress.isValid(value) else { return fail(.email, WaitlistForm.Message.emailInvalid) }
        return value
    }

    mutating func partySize(in range: ClosedRange<Int>) -> Int? {
        guard let value = single(.partySize, show: { _, _ in }) else { return nil }
        if value.isEmpty { return fail(.partySize, WaitlistForm.Message.partySizeMissing) }
        guard value.count <= 4, value.allSatisfy(\.isASCIIDigit), let size = Int(value), range.contains(size) else {
            return fail(.partySize, WaitlistForm.Message.partySizeOutOfRange(range))
        }
        values.partySize = size
        return size
    }

    /// The chosen slots in sent order without repeats; only offered ones are shown again.
    mutating func slots(allowed: Set<String>) -> [String] {
        var chosen: [String] = []
        var withdrawn = false
        for field in fields where field.name == WaitlistFormField.slots.rawValue {
            let value = field.value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard allowed.contains(value) else { withdrawn = true; continue }
            if !chosen.contains(value) { chosen.append(value) }
        }
        values.selectedSlots = Set(chosen)
        if withdrawn {
            record(.slots, WaitlistForm.Message.slotWithdrawn)
        } else if chosen.isEmpty {
            record(.slots, WaitlistForm.Message.noSlot)
        }
        return chosen
    }

    /// Records the message for `field` and returns nil, for `return fail(…)` in getters.
    private mutating func fail<T>(_ field: WaitlistFormField, _ message: String) -> T? {
        record(field, message)
        return nil
    }

    /// Records the message for `field`; the first one wins.
    private mutating func record(_ field: WaitlistFormField, _ message: String) {
        if messages[field.rawValue] == nil { messages[field.rawValue] = message }
    }
}
