/// The slots offered in the entry page's « Notifier maintenant » menu: every slot of the
/// requested evening that can still be offered, each labelled with its free places and
/// whether the customer chose it, so the admin sees at a glance which ones can work.
import Runtime

/// One option of the menu.
public struct DashboardNotifyChoice: Sendable, Equatable {
    /// The form value: the local start `YYYY-MM-DDTHH:MM`.
    public var value: String
    /// « samedi 28 novembre à 21h30 · 2 places libres — pas assez pour 4 · choisi ».
    public var label: String
    /// Pre-selected: the first chosen slot with room for the party, else the first with room.
    public var selected: Bool
    /// The slot has room for the whole party: the engine would accept the offer.
    public var fits: Bool

    /// An option from its parts.
    public init(value: String, label: String, selected: Bool, fits: Bool = true) {
        self.value = value
        self.label = label
        self.selected = selected
        self.fits = fits
    }

    /// The options for `slots` (start, free places), in the order given.
    static func choices(_ slots: [(start: Instant, free: Int)], chosen: Set<Instant>, party: Int,
                        zone: ZoneConverter) -> [DashboardNotifyChoice] {
        let fits = { (slot: (start: Instant, free: Int)) in slot.free >= party }
        let preferred = slots.first { fits($0) && chosen.contains($0.start) } ?? slots.first(where: fits)
        return slots.map { slot in
            let label = [FrenchFormat.dateAndTime(zone.local(slot.start)), room(free: slot.free, party: party),
                         chosen.contains(slot.start) ? "choisi" : nil]
                .compactMap { $0 }.joined(separator: " · ")
            return DashboardNotifyChoice(value: LocalTimeText.minute(slot.start, zone: zone), label: label,
                                         selected: preferred?.start == slot.start, fits: fits(slot))
        }
    }

    /// « complet », « 1 place libre », « 2 places libres — pas assez pour 4 ».
    static func room(free: Int, party: Int) -> String {
        let places = switch free {
        case ...0: "complet"
        case 1: "1 place libre"
        default: "\(free) places libres"
        }
        // A full slot says it already; a slot with some room says it is not enough for this party.
        return free > 0 && free < party ? "\(places) — pas assez pour \(party)" : places
    }

    /// The menu's first option when no slot has room for the party: the browser would
    /// otherwise pre-select the first slot, which the engine would refuse.
    static func noneFits(party: Int) -> String {
        "Aucun créneau n’a assez de place pour \(party) \(party > 1 ? "personnes" : "personne")"
    }
}
