/// The variables SMS templates may use. They are French (`{{lien}}`, `{{heure}}`) because
/// the product spec writes them so and the admins writing templates are French; each
/// template only gets the ones that make sense when it is sent (an `initial` SMS has no
/// offer links yet).
public enum RuleTemplateVariables {
    /// One template variable.
    public struct Variable: Sendable, Hashable {
        /// The name as templates write it, e.g. `lien`.
        public var name: String
        /// One line for documentation and `--help`.
        public var summary: String
        /// A realistic value, used by previews and the documentation.
        public var example: String
    }

    /// Every variable, in documentation order.
    public static let all: [Variable] = [
        Variable(name: "lien", summary: "the customer's public waitlist page", example: "https://app.speedai.io/waitlist/k3J9xQ2mPz"),
        Variable(name: "date", summary: "the slot's date, in French", example: "samedi 18 janvier"),
        Variable(name: "heure", summary: "the slot's time, in French style", example: "19h30"),
        Variable(name: "etablissement", summary: "the establishment's display name", example: "Le Bistrot du Port"),
        Variable(name: "prenom", summary: "the customer's first name", example: "Camille"),
        Variable(name: "nom", summary: "the customer's last name", example: "Martin"),
        Variable(name: "lien_oui", summary: "one-tap link accepting the offer", example: "https://app.speedai.io/offer/AbC123/oui"),
        Variable(name: "lien_non", summary: "one-tap link declining the offer", example: "https://app.speedai.io/offer/AbC123/non"),
        Variable(name: "delai", summary: "how long the offer stays open, in French", example: "15 minutes"),
    ]

    /// The SMS template keys, in schema order.
    public static let templateNames = ["initial", "offer", "confirmed", "declined", "expired", "offer_taken"]

    /// The variables a template may use.
    public static func allowed(in template: String) -> [String] {
        switch template {
        case "initial": return ["lien", "date", "heure", "etablissement"]
        case "offer": return all.map(\.name)
        default: return ["date", "heure", "etablissement", "prenom", "nom"]
        }
    }

    /// The default texts (the first two are the product spec's). `’` is U+2019.
    public static func defaultText(of template: String) -> String {
        switch template {
        case "initial":
            return "Votre créneau souhaité n’est pas disponible.\nVous pouvez rejoindre la liste d’attente en quelques secondes ici :\n{{lien}}"
        case "offer":
            return "Une place s’est libérée pour {{date}} à {{heure}}.\nConfirmez-vous votre venue ?\n\n✅ Oui : {{lien_oui}}\n❌ Non : {{lien_non}}"
        case "confirmed":
            return "C’est confirmé : votre réservation du {{date}} à {{heure}} chez {{etablissement}} est enregistrée. À bientôt !"
        case "declined":
            return "C’est noté, la place du {{date}} à {{heure}} est proposée à la personne suivante. Merci de votre réponse."
        case "expired":
            return "Sans réponse de votre part, la place du {{date}} à {{heure}} ne vous est plus réservée."
        case "offer_taken":
            return "Désolé, la place du {{date}} à {{heure}} vient d’être attribuée. Nous vous recontacterons si une autre place se libère."
        default:
            return ""
        }
    }

    /// What each template is for, for documentation and `--help`.
    public static func summary(of template: String) -> String {
        switch template {
        case "initial": return "sent when the requested slot is full: invites the customer to the waitlist"
        case "offer": return "proposes a freed slot, with one-tap Oui/Non links"
        case "confirmed": return "the customer accepted; the booking is made"
        case "declined": return "the customer declined the offer"
        case "expired": return "the offer expired without an answer"
        case "offer_taken": return "the customer said yes, but the slot had just been taken"
        default: return ""
        }
    }
}
