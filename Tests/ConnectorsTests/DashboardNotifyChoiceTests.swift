/// The « Notifier maintenant » menu: every slot labelled with its room and the customer's
/// choice, the best one pre-selected.
import Runtime
import Testing
@testable import Connectors

@Suite("dashboard notify choices")
struct DashboardNotifyChoiceTests {
    let zone = ZoneConverter(identifier: "Europe/Paris")!

    /// 2025-01-18 (a Saturday) at `hour:minute`, Paris time (UTC+1 in January).
    func at(_ hour: Int, _ minute: Int = 0) -> Instant {
        Instant(seconds: 1_737_158_400 + Int64((hour - 1) * 3600 + minute * 60))
    }

    @Test("labels say the room and the choice; the first chosen slot with room is selected")
    func labelsAndSelection() {
        let choices = DashboardNotifyChoice.choices([(at(19), 0), (at(19, 30), 1), (at(20), 4), (at(21), 2)],
                                                    chosen: [at(19), at(21)], party: 2, zone: zone)
        #expect(choices.map(\.value) == ["2025-01-18T19:00", "2025-01-18T19:30", "2025-01-18T20:00", "2025-01-18T21:00"])
        #expect(choices[0].label == "samedi 18 janvier à 19h · complet · choisi")
        #expect(choices[1].label.hasSuffix("19h30 · 1 place libre — pas assez pour 2"))
        #expect(choices[2].label.hasSuffix("20h · 4 places libres"))
        #expect(choices.map(\.selected) == [false, false, false, true])
        #expect(choices.map(\.fits) == [false, false, true, true])
    }

    @Test("a party of 4 with 2 places free: the label says it is not enough and nothing is pre-selected")
    func partyLargerThanEveryFreeSlot() {
        let choices = DashboardNotifyChoice.choices([(at(19), 0), (at(19, 30), 2)], chosen: [at(19, 30)], party: 4, zone: zone)
        #expect(choices.map(\.label) == ["samedi 18 janvier à 19h · complet",
                                         "samedi 18 janvier à 19h30 · 2 places libres — pas assez pour 4 · choisi"])
        #expect(choices.map(\.selected) == [false, false])
        #expect(choices.map(\.fits) == [false, false])
        #expect(DashboardNotifyChoice.room(free: 5, party: 4) == "5 places libres")
        #expect(DashboardNotifyChoice.room(free: 1, party: 1) == "1 place libre")
    }

    @Test("without a chosen slot with room, the first slot with room is selected; none fits, none")
    func fallbackSelection() {
        let some = DashboardNotifyChoice.choices([(at(19), 0), (at(20), 3)], chosen: [at(19)], party: 2, zone: zone)
        #expect(some.map(\.selected) == [false, true])
        let none = DashboardNotifyChoice.choices([(at(19), 1)], chosen: [], party: 2, zone: zone)
        #expect(none.map(\.selected) == [false])
    }
}
