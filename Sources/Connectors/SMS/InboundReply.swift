/// What a customer's SMS answer means: yes to the offered slot, no, or a request to stop (or
/// resume) receiving SMS. Customers answer in their own way ("Oui !", "✅ oui", "non merci",
/// "ARRÊT", "STOP 36173"), so the text is folded (case, accents) and cut into words; the
/// punctuation and emoji around them are ignored. Anything not clearly one of these is
/// `unknown`, and the service leaves it to a human: guessing wrong would book or release a
/// table the customer did not mean to.

import Foundation

/// The meaning of an inbound SMS.
public enum InboundReply: Sendable, Equatable {
    /// Accepts the offer (`OUI`, `o`, `1`, `yes`, `ok`, `d'accord`).
    case yes
    /// Declines the offer (`NON`, `n`, `2`, `no`).
    case no
    /// Opts out of all SMS (`STOP`, `ARRET`, `ARRÊT`, `STOP SMS`, `STOP 36173`, `unsubscribe`,
    /// and Twilio's other opt-out keywords). Takes precedence: it is a legal obligation.
    case stop
    /// Opts back in (`START`, `UNSTOP`).
    case start
    /// Anything else.
    case unknown

    /// Words that open an opt-out, whatever follows (`STOP SMS`, `STOP 36173`, `arrêtez svp`).
    static let stopWords: Set<String> = ["stop", "arret", "arreter", "arretez", "stopall", "unsubscribe",
                                         "desabonner", "desinscrire"]
    /// Twilio's other standard opt-out keywords. Twilio honours them only as the whole
    /// message (and then refuses later sends to the number with 21610), so they count only
    /// alone: "end" or "cancel" inside a sentence is not an opt-out.
    static let soleStopWords: Set<String> = ["cancel", "end", "quit", "optout", "revoke"]
    /// Words that open an opt-in again (Twilio's `START` and `UNSTOP`).
    static let startWords: Set<String> = ["start", "unstop"]
    static let yesWords: Set<String> = ["oui", "o", "1", "yes", "y", "ok", "okay", "ouais", "ouai", "daccord"]
    static let noWords: Set<String> = ["non", "n", "2", "no", "nope"]
    /// Greetings that may open an answer.
    static let greetings: Set<String> = ["bonjour", "bonsoir", "salut", "hello", "coucou"]
    /// Politeness that may follow a yes or a no without changing it ("non merci", "oui svp").
    static let fillers: Set<String> = ["merci", "beaucoup", "svp", "stp", "please", "thanks", "bien", "sur",
                                       "volontiers", "bonjour", "bonsoir", "parfait", "super", "top", "desole"]

    /// The meaning of `body`. Stop and start are recognised by their first word (what follows,
    /// such as `SMS` or a short code, does not matter); yes and no only when every other
    /// word is the same answer again or politeness, so "oui mais à 21h" stays `unknown`.
    public static func interpret(_ body: String) -> InboundReply {
        var words = self.words(of: body)
        // "d'accord" splits on the apostrophe: join it back into one word.
        if let index = words.firstIndex(of: "d"), index + 1 < words.count, words[index + 1] == "accord" {
            words.replaceSubrange(index...index + 1, with: ["daccord"])
        }
        // A greeting before the answer changes nothing ("Bonjour, oui").
        while let first = words.first, words.count > 1, greetings.contains(first) { words.removeFirst() }
        guard let first = words.first else { return .unknown }
        if stopWords.contains(first) || (words.count == 1 && soleStopWords.contains(first)) { return .stop }
        if startWords.contains(first) { return .start }
        let rest = words.dropFirst()
        if yesWords.contains(first), rest.allSatisfy({ yesWords.contains($0) || fillers.contains($0) }) { return .yes }
        if noWords.contains(first), rest.allSatisfy({ noWords.contains($0) || fillers.contains($0) }) { return .no }
        return .unknown
    }

    /// The letters-and-digits runs of `text`, lower-cased and without accents
    /// (`"✅ Oui !"` → `["oui"]`, `"ARRÊT"` → `["arret"]`).
    static func words(of text: String) -> [String] {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive],
                                  locale: Locale(identifier: "fr_FR")).lowercased()
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in folded.unicodeScalars {
            if scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }
}
