/// The names of the waitlist form's fields, shared by the page that writes the form and the
/// validator that reads it back, so the two can never disagree on a spelling.

/// One field of the public waitlist form; the raw value is the HTML `name`.
public enum WaitlistFormField: String, Sendable, CaseIterable {
    /// First name (`given-name`).
    case firstName = "prenom"
    /// Last name (`family-name`).
    case lastName = "nom"
    /// Phone number, normalised to E.164.
    case phone = "telephone"
    /// E-mail address.
    case email = "email"
    /// Party size, shown only when the establishment asks for it.
    case partySize = "couverts"
    /// The chosen slots: one repeated checkbox, values are `SlotOption.value`.
    case slots = "creneaux"

    /// The order errors are listed in, matching the order the fields appear on the page.
    public static let pageOrder: [WaitlistFormField] = [.firstName, .lastName, .phone, .email, .partySize, .slots]
}
