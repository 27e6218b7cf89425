/// History and journal lines in French for the dashboard. The engine writes English reasons
/// (fixed by the golden transcripts) plus a structured `HistoryCode`; this renders the code
/// with `FrenchFormat` dates in the establishment's time zone, and falls back to the English
/// reason only for lines written before codes existed.
import Runtime

/// French text of history lines.
public enum HistoryText {
    /// The line in French: from its code, else its English reason.
    public static func french(_ line: HistoryLine, zone: ZoneConverter) -> String {
        line.code.map { french($0, zone: zone) } ?? line.reason
    }

    /// The French text of one code.
    public static func french(_ code: HistoryCode, zone: ZoneConverter) -> String {
        let when = { (instant: Instant) in FrenchFormat.dateAndTime(zone.local(instant)) }
        let list = { (instants: [Instant]) in instants.isEmpty ? "aucun créneau" : instants.map(when).joined(separator: ", ") }
        switch code {
        case let .invited(slot, source):
            return "Créneau du \(when(slot)) complet : lien de liste d’attente envoyé par SMS (\(sourceLabel(source)))"
        case let .duplicateTrigger(slot, source):
            return "Nouvelle demande (\(sourceLabel(source))) pour le \(when(slot)) : déjà inscrit, aucun SMS renvoyé"
        case .triggerAfterStop(let phone):
            return "Demande pour \(phone) ignorée : ce numéro a répondu STOP"
        case let .joined(slots, party):
            return "Inscription sur la liste d’attente pour \(list(slots)) (\(people(party)))"
        case let .formUpdated(slots, party):
            return "Formulaire modifié : \(list(slots)) (\(people(party)))"
        case .formUnknownLink:
            return "Formulaire reçu avec un lien inconnu : refusé"
        case .formWhileOffered:
            return "Formulaire renvoyé pendant une offre en cours : ignoré"
        case .formWhileClosed(let status):
            return "Formulaire renvoyé alors que l’entrée est \(DashboardStatusLabel.label(status.rawValue)) : ignoré"
        case .formLinkExpired(let at):
            return "Formulaire refusé : le lien a expiré le \(when(at))"
        case .formBadPartySize(let party):
            return "Formulaire refusé : nombre de personnes invalide (\(party))"
        case .noSlotOfferable:
            return "Expirée : aucun des créneaux choisis ne peut encore être proposé"
        case .linkExpired:
            return "Expirée : le lien a expiré avant que le formulaire soit rempli"
        case .slotsPassed:
            return "Expirée : les créneaux choisis sont passés ou commencent trop tôt"
        case .noOffersLeft(let most):
            return "Expirée : plus d’offre possible (\(most) au plus)"
        case .stop:
            return "Le client a répondu STOP : entrée close"
        case .stopWithoutEntry(let phone):
            return "STOP reçu de \(phone) sans entrée ouverte : ce numéro ne recevra plus de SMS"
        case .deleted(let by):
            return "Supprimée par \(by)"
        case let .deletionOfUnknownEntry(entryID, by):
            return "Suppression de l’entrée n° \(entryID) par \(by) ignorée : entrée inconnue"
        case let .deletionRefused(by, status):
            return "Suppression par \(by) ignorée : l’entrée est déjà \(DashboardStatusLabel.label(status.rawValue))"
        case let .sameDayBooking(slot, entryID):
            return "Close : la même personne a réservé le \(when(slot)) (entrée n° \(entryID))"
        case let .priorityChanged(by, from, to):
            return "Priorité \(to > from ? "augmentée" : "diminuée") par \(by) : \(signed(from)) → \(signed(to))"
        case let .priorityAtBound(by, value):
            return "Priorité inchangée (déjà à \(signed(value))) : demande de \(by)"
        case let .priorityRefused(by, status):
            return "Changement de priorité par \(by) ignoré : l’entrée est déjà \(DashboardStatusLabel.label(status.rawValue))"
        case let .priorityOfUnknownEntry(entryID, by):
            return "Changement de priorité de l’entrée n° \(entryID) par \(by) ignoré : entrée inconnue"
        case let .offerSent(slot, _, mode, expires):
            let sameDay = zone.local(slot).epochDay == zone.local(expires).epochDay
            // « jusqu’à 0h36 » the same day, « jusqu’au mardi 8 décembre à 0h36 » another day.
            let until = sameDay ? "jusqu’à \(FrenchFormat.time(zone.local(expires)))" : "jusqu’au \(when(expires))"
            return "Offre envoyée pour le \(when(slot)), valable \(until) (\(modeLabel(mode)))"
        case let .declined(slot, then):
            return "Refusé par SMS (Non) pour le \(when(slot))" + followUp(then)
        case let .timedOut(slot, then):
            return "Pas de réponse à l’offre du \(when(slot))" + followUp(then)
        case .slotTakenMeanwhile(let then):
            return "Oui reçu, mais le créneau a été pris entre-temps" + followUp(then)
        case let .slotWentToOther(slot, entryID, then):
            return "Le créneau du \(when(slot)) est revenu à l’entrée n° \(entryID)" + followUp(then)
        case let .bookingRefused(slot, reason, then):
            let why: String
            switch reason {
            case .slotTaken: why = "la place a été prise entre-temps par une autre réservation"
            case .writeFailed: why = "l’agenda n’a pas pu l’enregistrer malgré plusieurs essais"
            }
            return "Réservation du \(when(slot)) refusée par l’agenda : \(why) ; le client est prévenu par SMS" + followUp(then)
        case .bookingRefusalIgnored(let entryID):
            return "Refus de l’agenda pour l’entrée n° \(entryID) ignoré : aucune réservation en cours"
        case let .booked(slot, _, late):
            return "Confirmé par SMS (\(late ? "Oui tardif" : "Oui")) : réservation du \(when(slot))"
        case .lateAcceptStillFree(let slot):
            return "Oui tardif pour le \(when(slot)) : le créneau est encore libre"
        case let .lateAcceptTooLate(slot, outcome):
            return "Oui tardif pour le \(when(slot)) : le créneau n’est plus disponible (offre \(outcomeLabel(outcome)))"
        case .lateDeclineIgnored(let slot):
            return "Non pour le \(when(slot)) après la fin de l’offre : rien à faire"
        case let .answerAgainAfterBooking(accept, slot):
            return "\(accept ? "Oui" : "Non") reçu de nouveau pour le \(when(slot)), déjà réservé : ignoré"
        case .answerAfterClosed(let accept):
            return "\(accept ? "Oui" : "Non") reçu après la clôture de l’entrée : ignoré"
        case .answerForUnknownOffer(let accept):
            return "\(accept ? "Oui" : "Non") reçu sur un lien d’offre inconnu : ignoré"
        case .otherSlotsReleased(let slots):
            return "Autres créneaux choisis libérés : \(list(slots))"
        case let .manualOfferOfUnknownEntry(entryID, by):
            return "Offre manuelle de \(by) à l’entrée n° \(entryID) ignorée : entrée inconnue"
        case let .manualOfferRefused(by, reason):
            return "Offre manuelle de \(by) refusée : \(refusal(reason, when: when))"
        case .rulesReloaded:
            return "Nouvelles règles en vigueur"
        case .rulesRefused(let message):
            return "Nouvelles règles refusées, les précédentes restent en vigueur : \(DiagnosticFrench.refusalSummary(message))"
        case let .slotFreed(slot, _, freeBefore, freeAfter):
            return "Place libérée le \(when(slot)) : \(freeBefore) → \(freeAfter) \(freeAfter > 1 ? "places libres" : "place libre")"
        case .quietHours(let until):
            return "Heures calmes : les offres attendent jusqu’au \(when(until))"
        case .staleTimer(let name):
            return "Minuterie \(name) déjà traitée : ignorée"
        case .calendarStale:
            return "Agenda illisible depuis trop longtemps : les offres attendent qu’il soit relu"
        case .calendarReadAgain:
            return "Agenda relu : les offres reprennent"
        case let .anonymisationOfUnknownEntry(entryID, by):
            return "Effacement de l’entrée n° \(entryID) (\(by)) sans effet : entrée inconnue"
        case let .anonymisationRefused(by, status):
            return "Effacement (\(by)) reporté : l’entrée est encore \(DashboardStatusLabel.label(status.rawValue))"
        case .closedForErasure(let by):
            return "Close avant l’effacement des données personnelles (\(by))"
        case .personalDataErased(let by):
            return "Données personnelles effacées (\(by)) ; une trace anonyme reste pour les statistiques"
        case let .entriesAnonymised(count, by):
            return "\(count) \(count == 1 ? "entrée anonymisée" : "entrées anonymisées") (\(by))"
        }
    }

    /// The trigger's `source` as the establishment says it: « agent vocal », not "voice_agent".
    public static func sourceLabel(_ source: String) -> String {
        switch source.lowercased() {
        case "voice_agent", "voice", "agent": return "agent vocal"
        case "phone", "telephone", "call": return "téléphone"
        case "dashboard", "admin": return "tableau de bord"
        case "web", "website", "form": return "web"
        case "sms": return "SMS"
        case "api": return "API"
        // An integrator's own word: shown as given, not mistranslated.
        default: return source
        }
    }

    static func people(_ count: Int) -> String { count > 1 ? "\(count) personnes" : "\(count) personne" }

    static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : "\(value)" }

    static func modeLabel(_ mode: OfferMode) -> String {
        switch mode {
        case .inTurn: return "à son tour"
        case .broadcast: return "à tous les inscrits"
        case .byHand(let by): return "à la main, par \(by)"
        }
    }

    static func followUp(_ next: HistoryFollowUp) -> String {
        switch next {
        case .waits: return " ; reste en attente de ses autres créneaux"
        case .noOffersLeft(let most): return " ; plus d’offre possible (\(most) au plus)"
        case .noOtherSlot: return " ; plus d’autre créneau choisi"
        }
    }

    static func outcomeLabel(_ outcome: Offer.Outcome) -> String {
        switch outcome {
        case .open: return "ouverte"
        case .accepted: return "acceptée"
        case .declined: return "refusée"
        case .expired: return "expirée"
        case .withdrawn: return "retirée"
        }
    }

    static func refusal(_ reason: ManualOfferRefusal, when: (Instant) -> String) -> String {
        switch reason {
        case .entryStatus(let status): return "l’entrée est \(DashboardStatusLabel.label(status.rawValue))"
        case .noSuchSlot(let slot): return "aucun créneau ne commence le \(when(slot))"
        case .tooSoon(let slot): return "le créneau du \(when(slot)) commence trop tôt"
        case .noRoom(let slot): return "plus assez de place le \(when(slot))"
        case .alreadyOffered(let slot): return "le créneau du \(when(slot)) est déjà proposé à quelqu’un d’autre"
        }
    }
}
