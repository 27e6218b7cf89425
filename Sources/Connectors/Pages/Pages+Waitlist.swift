/// The waitlist page, in the order the product spec requires: header (logo, `Liste
/// d’attente – Confirmation`), the reminder of the requested slot, the customer's details,
/// the slots (requested first, then the alternatives), the reassurance lines, the button.

extension Pages {
    /// The spec's copy, verbatim (typographic apostrophe, en dash).
    enum WaitlistCopy {
        static let title = "Liste d’attente – Confirmation"
        static let reassurance = ["Vous serez contacté par message si une place se libère.",
                                  "La réservation ne sera confirmée qu’après votre validation."]
        static let submit = "S’inscrire sur la liste d’attente"
        static let alreadyJoined = "Vous êtes déjà inscrit·e ; vous pouvez modifier vos choix."
        static let requestedTag = "Créneau demandé"
        static let alternativesHeading = "Créneaux alternatifs proposés"

        /// `Vous avez demandé un rendez-vous le samedi 18 janvier à 19h30.`
        static func reminder(date: String, time: String) -> HTML {
            "Vous avez demandé un rendez-vous le \(date) à \(time)."
        }
    }

    /// The waitlist form (`GET /waitlist/<token>`, and again after a refused `POST`).
    public static func waitlist(_ model: WaitlistPageModel) -> String {
        let form = WaitlistFormMarkup(model: model)
        let content = HTML.lines([
            form.errorSummary,
            "<p class=\"reminder\">\(WaitlistCopy.reminder(date: model.requestedDate, time: model.requestedTime))</p>",
            HTML.when(model.isUpdate, "<p class=\"note\">\(WaitlistCopy.alreadyJoined)</p>"),
            "<form class=\"form\" method=\"post\" action=\"\(model.formAction)\" novalidate>",
            form.textField(.firstName, label: "Prénom", value: model.values.firstName,
                           attributes: "type=\"text\" autocomplete=\"given-name\" autocapitalize=\"words\" spellcheck=\"false\""),
            form.textField(.lastName, label: "Nom", value: model.values.lastName,
                           attributes: "type=\"text\" autocomplete=\"family-name\" autocapitalize=\"words\" spellcheck=\"false\""),
            form.textField(.phone, label: "Téléphone", value: model.values.phone,
                           attributes: "type=\"tel\" inputmode=\"tel\" autocomplete=\"tel\"",
                           hint: "Pour vous prévenir par SMS si une place se libère."),
            form.textField(.email, label: "Email", value: model.values.email,
                           attributes: "type=\"email\" autocomplete=\"email\" autocapitalize=\"off\" spellcheck=\"false\""),
            HTML.when(model.showPartySize, form.textField(
                .partySize, label: "Nombre de couverts", value: model.values.partySize.map(String.init) ?? "",
                attributes: "type=\"text\" inputmode=\"numeric\" pattern=\"[0-9]*\" autocomplete=\"off\"", short: true)),
            form.slotFieldset,
            "<div class=\"reassurance\">",
            HTML.lines(WaitlistCopy.reassurance.map { "<p>\($0)</p>" }),
            "</div>",
            "<button class=\"button\" type=\"submit\">\(WaitlistCopy.submit)</button>",
            "</form>",
        ])
        let title = model.errors.isEmpty ? WaitlistCopy.title : "Erreur : " + WaitlistCopy.title
        return PageLayout.document(title: title, brand: model.brand, heading: "\(WaitlistCopy.title)", content: content)
    }
}

/// The form's parts for one model: fields with their errors wired to `aria-describedby`,
/// the slot cards, and the error summary whose links jump to the fields.
private struct WaitlistFormMarkup {
    let model: WaitlistPageModel

    /// The slots as shown: the requested ones first, others in the model's order.
    var orderedSlots: [SlotOption] {
        model.slots.filter(\.isRequested) + model.slots.filter { !$0.isRequested }
    }

    /// The `id` of slot card `index` (1-based, in shown order).
    func slotID(_ index: Int) -> String { "creneau-\(index)" }

    /// `<div role="alert">` listing every error with a link to its field; nothing without errors.
    var errorSummary: HTML {
        guard !model.errors.isEmpty else { return .empty }
        let known = WaitlistFormField.pageOrder.compactMap { field in model.errors[field.rawValue].map { (field.rawValue, $0) } }
        let knownNames = Set(WaitlistFormField.allCases.map(\.rawValue))
        let others = model.errors.filter { !knownNames.contains($0.key) }.sorted { $0.key < $1.key }
        let items = (known + others.map { ($0.key, $0.value) }).map { name, message -> HTML in
            if let target = anchor(for: name) {
                return "<li><a href=\"#\(target)\">\(message)</a></li>"
            }
            return "<li>\(message)</li>"
        }
        return HTML.lines([
            "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\">",
            "<h2 id=\"error-summary-title\">Merci de corriger les points suivants :</h2>",
            "<ul>",
            HTML.lines(items),
            "</ul>",
            "</div>",
        ])
    }

    /// The element a summary link jumps to, or nil for an error with no field on the page.
    private func anchor(for name: String) -> String? {
        switch WaitlistFormField(rawValue: name) {
        case .slots: model.slots.isEmpty ? "creneaux" : slotID(1)
        case .partySize: model.showPartySize ? name : nil
        case .some(let field): field.rawValue
        case nil: nil
        }
    }

    /// A labelled text input; its hint and error are tied to it by `aria-describedby`.
    func textField(_ field: WaitlistFormField, label: String, value: String, attributes: HTML,
                   hint: String? = nil, short: Bool = false) -> HTML {
        let name = field.rawValue
        let error = model.errors[name]
        let described = [hint.map { _ in "\(name)-hint" }, error.map { _ in "\(name)-error" }].compactMap { $0 }
        let invalid: HTML = error == nil ? "" : " aria-invalid=\"true\""
        let describedBy: HTML = described.isEmpty ? "" : " aria-describedby=\"\(described.joined(separator: " "))\""
        let inputClass = short ? "input input-short" : "input"
        return HTML.lines([
            "<div class=\"field\">",
            "<label class=\"label\" for=\"\(name)\">\(label)</label>",
            hint.map { "<p class=\"hint\" id=\"\(name)-hint\">\($0)</p>" } ?? .empty,
            errorMessage(error, id: "\(name)-error"),
            "<input class=\"\(inputClass)\" id=\"\(name)\" name=\"\(name)\" \(attributes) value=\"\(value)\" required\(invalid)\(describedBy)>",
            "</div>",
        ])
    }

    /// The slot checkboxes as big cards in a `<fieldset>`, alternatives under their own heading.
    var slotFieldset: HTML {
        let name = WaitlistFormField.slots.rawValue
        let error = model.errors[name]
        let describedBy = error == nil ? "\(name)-hint" : "\(name)-hint \(name)-error"
        let cards = orderedSlots.enumerated().map { offset, slot in card(slot, id: slotID(offset + 1), invalid: error != nil) }
        let requestedCount = orderedSlots.prefix { $0.isRequested }.count
        let alternatives = Array(cards.dropFirst(requestedCount))
        return HTML.lines([
            "<fieldset class=\"slots\" id=\"\(name)\" aria-describedby=\"\(describedBy)\">",
            "<legend class=\"legend\">Vos créneaux</legend>",
            "<p class=\"hint\" id=\"\(name)-hint\">Plusieurs choix possibles : cochez tous ceux qui vous conviennent.</p>",
            errorMessage(error, id: "\(name)-error"),
            HTML.when(requestedCount > 0, HTML.lines(["<div class=\"slot-list\">"] + cards.prefix(requestedCount) + ["</div>"])),
            HTML.when(!alternatives.isEmpty, HTML.lines([
                "<p class=\"slot-group\" id=\"\(name)-alternatifs\">\(Pages.WaitlistCopy.alternativesHeading)</p>",
                "<div class=\"slot-list\" role=\"group\" aria-labelledby=\"\(name)-alternatifs\">",
            ] + alternatives + ["</div>"])),
            "</fieldset>",
        ])
    }

    /// One slot card: the whole card is the checkbox's label, so all of it is a tap target.
    private func card(_ slot: SlotOption, id: String, invalid: Bool) -> HTML {
        let checked: HTML = slot.checked ? " checked" : ""
        let invalidAttribute: HTML = invalid ? " aria-invalid=\"true\"" : ""
        let tag: HTML = slot.isRequested ? "<span class=\"slot-tag\">\(Pages.WaitlistCopy.requestedTag)</span>" : ""
        let detail: HTML = slot.detail.map { "<span class=\"slot-detail\">\($0)</span>" } ?? ""
        return HTML.lines([
            "<label class=\"slot\" for=\"\(id)\">",
            "<input id=\"\(id)\" type=\"checkbox\" name=\"\(WaitlistFormField.slots.rawValue)\" value=\"\(slot.value)\"\(checked)\(invalidAttribute)>",
            "<span class=\"slot-text\"><span class=\"slot-label\">\(slot.label)</span>\(tag)\(detail)</span>",
            "</label>",
        ])
    }

    /// An error line with a hidden "Erreur :" prefix for screen readers; nothing when `message` is nil.
    private func errorMessage(_ message: String?, id: String) -> HTML {
        guard let message else { return .empty }
        return "<p class=\"error-message\" id=\"\(id)\"><span class=\"visually-hidden\">Erreur : </span>\(message)</p>"
    }
}
