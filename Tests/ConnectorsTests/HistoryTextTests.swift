/// Every history code has a French text: a property over one sample of each case (the
/// exhaustive `caseNumber` switch makes a new case fail to compile here until it has a
/// sample), plus the texts the brief fixes and the English fallback for lines without a code.
import Runtime
import Testing
@testable import Connectors

@Suite("History text")
struct HistoryTextTests {
    static let zone = ZoneConverter(identifier: "Europe/Paris")!
    /// Friday 12 December 2025, 19:30 Paris.
    static let slot = zone.instant(CivilDateTime(year: 2025, month: 12, day: 12, hour: 19, minute: 30))
    static let expires = zone.instant(CivilDateTime(year: 2025, month: 12, day: 12, hour: 19, minute: 5))

    /// One sample of every case, in declaration order.
    static let samples: [HistoryCode] = [
        .invited(slot: slot, source: "phone"), .duplicateTrigger(slot: slot, source: "api"),
        .triggerAfterStop(phone: "+33600000001"), .joined(slots: [slot], party: 2), .formUpdated(slots: [], party: 1),
        .formUnknownLink, .formWhileOffered, .formWhileClosed(status: .confirmed), .formLinkExpired(at: slot),
        .formBadPartySize(party: 0), .noSlotOfferable, .linkExpired, .slotsPassed, .noOffersLeft(max: 3), .stop,
        .stopWithoutEntry(phone: "+33600000001"), .deleted(by: "marie@bistrot.fr"),
        .deletionOfUnknownEntry(entryID: 9, by: "marie"), .deletionRefused(by: "marie", status: .expired),
        .sameDayBooking(slot: slot, entryID: 4), .priorityChanged(by: "marie", from: 0, to: 1),
        .priorityAtBound(by: "marie", value: 100), .priorityRefused(by: "marie", status: .removed),
        .priorityOfUnknownEntry(entryID: 9, by: "marie"),
        .offerSent(slot: slot, service: "dinner", mode: .inTurn, expires: expires),
        .declined(slot: slot, then: .waits), .timedOut(slot: slot, then: .noOffersLeft(max: 3)),
        .slotTakenMeanwhile(then: .noOtherSlot), .slotWentToOther(slot: slot, entryID: 2, then: .waits),
        .booked(slot: slot, service: "dinner", late: false), .lateAcceptStillFree(slot: slot),
        .lateAcceptTooLate(slot: slot, outcome: .expired), .lateDeclineIgnored(slot: slot),
        .answerAgainAfterBooking(accept: true, slot: slot), .answerAfterClosed(accept: false),
        .answerForUnknownOffer(accept: true), .otherSlotsReleased(slots: [slot, expires]),
        .manualOfferOfUnknownEntry(entryID: 9, by: "marie"), .manualOfferRefused(by: "marie", reason: .noRoom(slot)),
        .rulesReloaded, .rulesRefused(message: "line 3: unknown key"),
        .slotFreed(slot: slot, service: "dinner", freeBefore: 0, freeAfter: 2), .quietHours(until: slot),
        .staleTimer(name: "offerExpiry(a.1)"), .calendarStale, .calendarReadAgain,
        .anonymisationOfUnknownEntry(entryID: 9, by: "conservation 30 j"), .anonymisationRefused(by: "conservation 30 j", status: .waiting),
        .closedForErasure(by: "demande du client"), .personalDataErased(by: "demande du client"),
        .entriesAnonymised(count: 3, by: "conservation 30 j"),
        .bookingRefused(slot: slot, reason: .slotTaken(detail: "3 of 3 places"), then: .waits),
        .bookingRefusalIgnored(entryID: 9),
    ]

    /// The case's position in `HistoryCode`; exhaustive, so a new case needs a sample.
    static func caseNumber(_ code: HistoryCode) -> Int {
        switch code {
        case .invited: 0
        case .duplicateTrigger: 1
        case .triggerAfterStop: 2
        case .joined: 3
        case .formUpdated: 4
        case .formUnknownLink: 5
        case .formWhileOffered: 6
        case .formWhileClosed: 7
        case .formLinkExpired: 8
        case .formBadPartySize: 9
        case .noSlotOfferable: 10
        case .linkExpired: 11
        case .slotsPassed: 12
        case .noOffersLeft: 13
        case .stop: 14
        case .stopWithoutEntry: 15
        case .deleted: 16
        case .deletionOfUnknownEntry: 17
        case .deletionRefused: 18
        case .sameDayBooking: 19
        case .priorityChanged: 20
        case .priorityAtBound: 21
        case .priorityRefused: 22
        case .priorityOfUnknownEntry: 23
        case .offerSent: 24
        case .declined: 25
        case .timedOut: 26
        case .slotTakenMeanwhile: 27
        case .slotWentToOther: 28
        case .booked: 29
        case .lateAcceptStillFree: 30
        case .lateAcceptTooLate: 31
        case .lateDeclineIgnored: 32
        case .answerAgainAfterBooking: 33
        case .answerAfterClosed: 34
        case .answerForUnknownOffer: 35
        case .otherSlotsReleased: 36
        case .manualOfferOfUnknownEntry: 37
        case .manualOfferRefused: 38
        case .rulesReloaded: 39
        case .rulesRefused: 40
        case .slotFreed: 41
        case .quietHours: 42
        case .staleTimer: 43
        case .calendarStale: 44
        case .calendarReadAgain: 45
        case .anonymisationOfUnknownEntry: 46
        case .anonymisationRefused: 47
        case .closedForErasure: 48
        case .personalDataErased: 49
        case .entriesAnonymised: 50
        case .bookingRefused: 51
        case .bookingRefusalIgnored: 52
        }
    }

    @Test func theSamplesCoverEveryCase() {
        #expect(Self.samples.map(Self.caseNumber) == Array(0...52))
    }

    @Test(arguments: samples)
    func everyCodeHasAFrenchText(_ code: HistoryCode) {
        let text = HistoryText.french(code, zone: Self.zone)
        #expect(!text.isEmpty)
        #expect(!text.contains("Optional(") && !text.contains("HistoryCode"))
        // No English engine vocabulary leaks into the French text.
        for word in [" the ", "ignored", "refused", "entry ", "offer of", "booked"] { #expect(!text.contains(word), "\(text)") }
    }

    @Test func theBriefsExamples() {
        #expect(HistoryText.french(.offerSent(slot: Self.slot, service: "dinner", mode: .inTurn, expires: Self.expires), zone: Self.zone)
                == "Offre envoyée pour le vendredi 12 décembre à 19h30, valable jusqu’à 19h05 (à son tour)")
        #expect(HistoryText.french(.booked(slot: Self.slot, service: "dinner", late: false), zone: Self.zone)
                == "Confirmé par SMS (Oui) : réservation du vendredi 12 décembre à 19h30")
        #expect(HistoryText.french(.deleted(by: "marie@bistrot.fr"), zone: Self.zone) == "Supprimée par marie@bistrot.fr")
    }

    @Test("an offer ending another day than its slot reads « valable jusqu’au … », never « jusqu’à au »")
    func offerEndingAnotherDay() {
        let late = Self.zone.instant(CivilDateTime(year: 2025, month: 12, day: 11, hour: 23, minute: 50))
        let nextDay = Self.zone.instant(CivilDateTime(year: 2025, month: 12, day: 12, hour: 0, minute: 36))
        let text = HistoryText.french(.offerSent(slot: late, service: "dinner", mode: .inTurn, expires: nextDay), zone: Self.zone)
        #expect(text == "Offre envoyée pour le jeudi 11 décembre à 23h50, valable jusqu’au vendredi 12 décembre à 0h36 (à son tour)")
        #expect(!text.contains("jusqu’à au"))
    }

    @Test("trigger sources read in French: « agent vocal », « téléphone », « tableau de bord », « web », « SMS »")
    func sourcesInFrench() {
        let labels = ["voice_agent", "phone", "dashboard", "web", "sms"].map(HistoryText.sourceLabel)
        #expect(labels == ["agent vocal", "téléphone", "tableau de bord", "web", "SMS"])
        #expect(HistoryText.french(.invited(slot: Self.slot, source: "voice_agent"), zone: Self.zone)
                == "Créneau du vendredi 12 décembre à 19h30 complet : lien de liste d’attente envoyé par SMS (agent vocal)")
    }

    @Test func linesWithoutACodeKeepTheirEnglishReason() {
        let line = HistoryLine(at: Self.slot, from: .waiting, to: .offered, reason: "offer of samedi 18 janvier 19:30 sent")
        #expect(HistoryText.french(line, zone: Self.zone) == "offer of samedi 18 janvier 19:30 sent")
    }
}
