/// What a correctly filled waitlist form says, already cleaned: trimmed text, an E.164
/// phone number, slot values known to the page. The store can take it as is.

/// A waitlist form that passed `WaitlistForm.validate`.
public struct ValidWaitlistForm: Sendable, Equatable {
    /// First name, trimmed, 1–60 characters.
    public var firstName: String
    /// Last name, trimmed, 1–60 characters.
    public var lastName: String
    /// Phone number in E.164 (`+33612345678`).
    public var phone: String
    /// E-mail address, trimmed, as typed.
    public var email: String
    /// Party size, when the form asked for it.
    public var partySize: Int?
    /// The chosen slot values in the order they were sent, without repeats; never empty.
    public var slots: [String]

    /// A valid form from its parts.
    public init(firstName: String, lastName: String, phone: String, email: String, partySize: Int?, slots: [String]) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.partySize = partySize
        self.slots = slots
    }
}
