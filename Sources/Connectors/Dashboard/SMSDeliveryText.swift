/// The French words for what the SMS provider reported after accepting a message: « remis le
/// jeudi 14 mars à 19h02 », « non remis (erreur 30003 : téléphone éteint ou injoignable) »,
/// « en cours d’acheminement ». The common Twilio error codes get a short reason an
/// establishment understands; others show their number, to quote to support.
import Runtime

/// French text of delivery reports.
public enum SMSDeliveryText {
    /// What follows « SMS « offre » envoyé — » for a reported `status`, or nil when the
    /// status is one we do not know (the caller keeps its text without a report).
    public static func outcome(status: String, error: String?, deliveredAt: Instant?, zone: ZoneConverter?) -> String? {
        switch status {
        case "delivered", "read":
            guard let deliveredAt, let zone else { return "remis" }
            return "remis le \(FrenchFormat.dateAndTime(zone.local(deliveredAt)))"
        case "undelivered", "failed":
            return "non remis" + (error.map { " (\(reason($0)))" } ?? "")
        case "canceled":
            return "non remis (envoi annulé)"
        case "queued", "sending", "sent", "accepted", "scheduled":
            return "en cours d’acheminement"
        default:
            return nil
        }
    }

    /// « erreur 30003 : téléphone éteint ou injoignable », or « erreur NNNNN » for a code
    /// without a known meaning.
    public static func reason(_ code: String) -> String {
        guard let meaning = meanings[code] else { return "erreur \(code)" }
        return "erreur \(code) : \(meaning)"
    }

    /// Twilio's common delivery error codes, in a few French words.
    static let meanings: [String: String] = [
        "30003": "téléphone éteint ou injoignable",
        "30004": "message bloqué par le destinataire",
        "30005": "numéro inconnu ou inexistant",
        "30006": "numéro fixe ou opérateur injoignable",
        "30007": "message filtré par l’opérateur",
        "30008": "erreur inconnue de l’opérateur",
        "21610": "le client a répondu STOP",
    ]
}
