/// Everything the waitlist page shows, as plain values: the handler fills it from the
/// engine's entry and, after a refused submission, from `WaitlistFormErrors`.

/// One slot the customer may tick.
public struct SlotOption: Sendable, Equatable {
    /// The checkbox value: local date-time `2025-01-18T19:30`.
    public var value: String
    /// What the customer reads: `19h30`.
    public var label: String
    /// An optional precision under the label: `complet pour l’instant`.
    public var detail: String?
    /// Whether the box is ticked when the page is shown.
    public var checked: Bool
    /// The slot the customer asked for on the phone; listed first and marked as such.
    public var isRequested: Bool

    /// A slot from its parts.
    public init(value: String, label: String, detail: String? = nil, checked: Bool = false, isRequested: Bool = false) {
        self.value = value
        self.label = label
        self.detail = detail
        self.checked = checked
        self.isRequested = isRequested
    }
}

/// What is typed in the form's fields (pre-filled phone, or a refused submission's input).
public struct WaitlistFormValues: Sendable, Equatable {
    /// `prenom`.
    public var firstName: String
    /// `nom`.
    public var lastName: String
    /// `telephone`, as typed or pre-filled.
    public var phone: String
    /// `email`.
    public var email: String
    /// `couverts`, when asked.
    public var partySize: Int?
    /// The ticked `creneaux` values.
    public var selectedSlots: Set<String>

    /// Values from their parts; all empty by default.
    public init(firstName: String = "", lastName: String = "", phone: String = "", email: String = "",
                partySize: Int? = nil, selectedSlots: Set<String> = []) {
        self.firstName = firstName
        self.lastName = lastName
        self.phone = phone
        self.email = email
        self.partySize = partySize
        self.selectedSlots = selectedSlots
    }
}

/// The public waitlist page (`GET /waitlist/<token>`).
public struct WaitlistPageModel: Sendable, Equatable {
    /// The establishment.
    public var brand: EstablishmentBrand
    /// The requested day in French: `samedi 18 janvier`.
    public var requestedDate: String
    /// The requested time in French: `19h30`.
    public var requestedTime: String
    /// The slots on offer; the requested one is listed first whatever its position here.
    public var slots: [SlotOption]
    /// What the fields contain.
    public var values: WaitlistFormValues
    /// Field name (`prenom`, …) → French error message shown beside it and in the summary.
    public var errors: [String: String]
    /// Where the form posts: `/waitlist/<token>`.
    public var formAction: String
    /// Whether to ask for the party size (`couverts`).
    public var showPartySize: Bool
    /// The entry already joined: the page says its choices can be changed.
    public var isUpdate: Bool

    /// A page model from its parts.
    public init(brand: EstablishmentBrand, requestedDate: String, requestedTime: String, slots: [SlotOption],
                values: WaitlistFormValues = WaitlistFormValues(), errors: [String: String] = [:], formAction: String,
                showPartySize: Bool = false, isUpdate: Bool = false) {
        self.brand = brand
        self.requestedDate = requestedDate
        self.requestedTime = requestedTime
        self.slots = slots
        self.values = values
        self.errors = errors
        self.formAction = formAction
        self.showPartySize = showPartySize
        self.isUpdate = isUpdate
    }

    /// This page shown again after a refused submission: the customer's input, the messages,
    /// and exactly the boxes they ticked (none ticked stays none ticked).
    public func resubmitted(with refusal: WaitlistFormErrors) -> WaitlistPageModel {
        var page = self
        page.values = refusal.values
        page.errors = refusal.messages
        page.slots = slots.map { slot in
            var slot = slot
            slot.checked = refusal.values.selectedSlots.contains(slot.value)
            return slot
        }
        return page
    }
}
