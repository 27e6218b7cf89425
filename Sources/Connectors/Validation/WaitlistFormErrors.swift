/// Why a waitlist form was refused, in French for the customer, together with what they
/// typed so the page can be shown again with their input intact and each error beside its field.

/// The errors of a refused waitlist form.
public struct WaitlistFormErrors: Error, Sendable, Equatable {
    /// Field name (`prenom`, `creneaux`, …) → French message for the customer.
    public var messages: [String: String]
    /// The submitted values, trimmed, to fill the form again.
    public var values: WaitlistFormValues

    /// Errors from their parts.
    public init(messages: [String: String], values: WaitlistFormValues) {
        self.messages = messages
        self.values = values
    }

    /// The messages in the order their fields appear on the page.
    public var orderedMessages: [(field: WaitlistFormField, message: String)] {
        WaitlistFormField.pageOrder.compactMap { field in messages[field.rawValue].map { (field, $0) } }
    }
}
