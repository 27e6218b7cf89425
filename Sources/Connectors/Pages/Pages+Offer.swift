/// The pages behind the two links of an offer SMS (`✅ Oui` / `❌ Non`). A GET only shows
/// the question and one button: link previewers and SMS apps fetch links on their own, so
/// the answer is recorded only by the button's POST. Then one result page per outcome.

extension Pages {
    /// The spec's and the product's copy for offers.
    enum OfferCopy {
        static let confirmButton = "Oui, je confirme ma venue"
        static let declineButton = "Non, libérer la place"
        static let smsFollowUp = "Vous allez recevoir un SMS de confirmation."

        /// `Une place s’est libérée pour samedi 18 janvier à 19h30.`
        static func placeFreed(date: String, time: String) -> HTML {
            "Une place s’est libérée pour \(date) à \(time)."
        }
    }

    /// `GET` of an offer link: the freed slot and the one button for `answer`, posting to `formAction`.
    /// The form also sends `reponse=oui|non` so the handler can check it against the link.
    public static func offerConfirm(brand: EstablishmentBrand, date: String, time: String, answer: OfferAnswer,
                                    formAction: String) -> String {
        let heading: HTML
        let explanation: HTML
        let button: String
        switch answer {
        case .yes:
            heading = "Confirmez votre venue"
            explanation = "Confirmez-vous votre venue ? Votre rendez-vous sera réservé dès que vous aurez confirmé."
            button = OfferCopy.confirmButton
        case .no:
            heading = "Libérer la place"
            explanation = "Vous ne pouvez pas venir ? La place sera proposée à la personne suivante sur la liste d’attente."
            button = OfferCopy.declineButton
        }
        let content = HTML.lines([
            "<p class=\"reminder\">\(OfferCopy.placeFreed(date: date, time: time))</p>",
            "<p>\(explanation)</p>",
            "<form method=\"post\" action=\"\(formAction)\">",
            "<input type=\"hidden\" name=\"reponse\" value=\"\(answer.rawValue)\">",
            "<button class=\"button\" type=\"submit\">\(button)</button>",
            "</form>",
        ])
        return PageLayout.document(title: "Une place s’est libérée", brand: brand, heading: heading, content: content)
    }

    /// After the answer's `POST`: what happened, for the slot `date` at `time`.
    public static func offerResult(brand: EstablishmentBrand, outcome: OfferOutcomePage, date: String, time: String) -> String {
        let copy = offerResultCopy(outcome, date: date, time: time)
        let content = HTML.lines(copy.paragraphs.enumerated().map { index, paragraph -> HTML in
            index == 0 ? "<p class=\"lead\">\(paragraph)</p>" : "<p>\(paragraph)</p>"
        })
        return PageLayout.document(title: copy.heading, brand: brand, heading: "\(copy.heading)", content: content)
    }

    /// Heading and paragraphs of each outcome.
    static func offerResultCopy(_ outcome: OfferOutcomePage, date: String, time: String) -> (heading: String, paragraphs: [String]) {
        let slot = "\(date) à \(time)"
        switch outcome {
        case .booked:
            return ("C’est confirmé !", ["Votre rendez-vous est réservé pour \(slot).", OfferCopy.smsFollowUp,
                                         "Vous êtes retiré·e de la liste d’attente."])
        case .securing:
            return ("Nous réservons votre place", ["Votre réponse est bien enregistrée. Nous inscrivons votre rendez-vous du \(slot) dans l’agenda de l’établissement.",
                                                   "Vous recevrez un SMS dès que la réservation sera confirmée.",
                                                   "Vous n’avez rien d’autre à faire."])
        case .declined:
            return ("C’est noté", ["Merci de nous avoir prévenus. La place du \(slot) est proposée à la personne suivante.",
                                   "Vous n’avez rien d’autre à faire."])
        case .alreadyBooked:
            return ("Déjà confirmé", ["Vous avez déjà confirmé votre venue pour \(slot). Votre réservation est enregistrée.",
                                      "Vous n’avez rien d’autre à faire."])
        case .alreadyDeclined:
            return ("Réponse déjà enregistrée", ["Vous avez déjà libéré la place du \(slot).",
                                                 "Vous n’avez rien d’autre à faire."])
        case .expired:
            return ("Le délai est dépassé", ["Le temps pour confirmer la place du \(slot) est écoulé : elle a été proposée à la personne suivante sur la liste d’attente.",
                                             "Merci pour votre compréhension."])
        case .taken:
            return ("Place déjà attribuée", ["Désolé, la place du \(slot) vient d’être attribuée à une autre personne.",
                                             "Merci d’avoir répondu si vite."])
        case .closed:
            return ("Inscription clôturée", ["Cette inscription sur la liste d’attente est clôturée.",
                                             "Pour un nouveau rendez-vous, contactez directement l’établissement."])
        }
    }
}
