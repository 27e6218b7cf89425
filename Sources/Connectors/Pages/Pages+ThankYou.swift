/// The page after a successful registration: what was recorded and what happens next, so
/// the customer can close it without wondering whether it worked.

extension Pages {
    /// Shown after `POST /waitlist/<token>` succeeded. `date`/`time` are the requested slot
    /// (`samedi 18 janvier`, `19h30`), `slotLabels` the chosen ones (`19h30`, `20h`).
    public static func thankYou(brand: EstablishmentBrand, date: String, time: String, slotLabels: [String]) -> String {
        let content = HTML.lines([
            "<p class=\"lead\">Merci ! Votre demande pour le \(date) à \(time) est bien enregistrée.</p>",
            HTML.when(!slotLabels.isEmpty, HTML.lines([
                "<h2>\(slotLabels.count == 1 ? "Votre créneau" : "Vos créneaux")</h2>",
                "<ul class=\"chosen\">",
                HTML.lines(slotLabels.map { "<li>\($0)</li>" }),
                "</ul>",
            ])),
            "<div class=\"reassurance\">",
            HTML.lines(WaitlistCopy.reassurance.map { "<p>\($0)</p>" }),
            "</div>",
            "<p class=\"muted\">Pour modifier vos choix, rouvrez le lien reçu par SMS.</p>",
        ])
        return PageLayout.document(title: "Inscription enregistrée", brand: brand,
                                   heading: "Vous êtes sur la liste d’attente", content: content)
    }
}
