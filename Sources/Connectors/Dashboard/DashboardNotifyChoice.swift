/// The slots offered in the entry page's « Notifier maintenant » menu: every slot of the
/// requested evening that can still be offered, each labelled with its free places and
/// whether the customer chose it, so the admin sees at a glance which ones can work.
import Runtime

/// One option of the menu.
public struct DashboardNotifyChoice: Sendable, Equatable {
    /// The form value: the local start `YYYY-MM-DDTHH:MM`.
    public var value: String
    /// « samedi 28 novembre à 21h30 · 2 places libres · choisi ».
    public var label: String
    /// Pre-selected: the first chosen slot with room for the party, else the first with room.
    public var selected: Bool

    /// An option from its parts.
    public init(value: String, label: String, selected: Bool) {
        self.value = value
        self.label = label
        self.selected = selected
    }

    /// The options for `slots` (start, free places), in the order given.
    static func choices(_ slots: [(start: Instant, free: Int)], chosen: Set<Instant>, party: Int,
                        zone: ZoneConverter) -> [DashboardNotifyChoice] {
        let fits = { (slot: (start: Instant, free: Int)) in slot.free >= party }
        let preferred = slots.first { fits($0) && chosen.contains($0.start) } ?? slots.first(where: fits)
        return slots.map { slot in
            let room = switch slot.free {
            case ...0: "complet"
            case 1: "1 place libre"
            default: "\(slot.free) places libres"
            }
            let label = [FrenchFormat.dateAndTime(zone.local(slot.start)), room, chosen.contains(slot.start) ? "choisi" : nil]
                .compactMap { $0 }.joined(separator: " · ")
            return DashboardNotifyChoice(value: LocalTimeText.minute(slot.start, zone: zone), label: label,
                                         selected: preferred?.start == slot.start)
        }
    }
}
