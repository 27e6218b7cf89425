/// `GET|POST /o/{secret}/oui|non`: the two links of an offer SMS. A GET only shows the slot
/// and one button (link previewers fetch links; they must not book); the POST acts, and
/// answers with a redirect to the same URL, which then explains what happened. Oui and Non
/// clicked together, or twice, are answered from the offer's recorded outcome.
import Foundation
import RuleLang
import Runtime

extension WaitlistService {
    /// Handles an offer link.
    func handleOfferPage(_ request: HTTPRequest, secret: String, answer: String) -> HTTPResponse {
        let notFound = pageResponse(status: 404, html: Pages.notFound(), noStore: true)
        guard answer == "oui" || answer == "non", Self.looksLikeSecret(secret),
              let row = try? store.publicToken(digest: Digest.sha256Hex(secret)), row.kind == "offer",
              let runtime = runtime(row.business) else { return notFound }
        let accept = answer == "oui"
        let view = runtime.state.withLock { state -> (Offer, WaitlistEntry, ZoneConverter, String, String?)? in
            guard let offer = state.engine.offer(byToken: row.engineToken), let entry = state.engine.state.entry(offer.entryID) else { return nil }
            return (offer, entry, state.engine.zone, state.engine.rules.establishment.name, state.engine.rules.establishment.logoURL)
        }
        guard let (offer, _, zone, name, logo) = view else { return notFound }
        let brand = Self.brand(name: name, logo: logo)
        let local = zone.local(offer.slot.start)
        let date = FrenchFormat.date(local), time = FrenchFormat.time(local)
        let now = clock.now()
        let open = offer.outcome == .open && now < offer.expiresAt
        if request.method == "GET" {
            if open {
                return pageResponse(status: 200, html: Pages.offerConfirm(brand: brand, date: date, time: time,
                                                                          answer: accept ? .yes : .no,
                                                                          formAction: "/o/\(secret)/\(answer)"), noStore: true)
            }
            var outcome = offerOutcome(row: row, runtime: runtime, now: now)
            if outcome == .booked, [.pending, .refused].contains(bookingState(business: row.business, entryID: offer.entryID)) {
                // Refused: the engine hears it in a moment and the page will say « taken ».
                outcome = .securing
            }
            if outcome == .booked && !accept { outcome = .alreadyBooked }
            if outcome == .declined && accept { outcome = .alreadyDeclined }
            return pageResponse(status: 200, html: Pages.offerResult(brand: brand, outcome: outcome, date: date, time: time), noStore: true)
        }
        guard OriginCheck.allows(request: request, publicOrigin: publicOrigin(for: runtime)) else {
            return pageResponse(status: 403, html: Pages.error(status: 403, title: "Action refusée",
                                                               message: "Cette demande ne provient pas de la page de la proposition. Rouvrez le lien reçu par SMS."),
                                noStore: true)
        }
        if open {
            do {
                // Open is checked again under the lock: between the look above and the event, a
                // concurrent Oui may have taken the place (broadcast) or the timeout passed it on;
                // the answer is then told by the page from the recorded outcome, like any late tap.
                let applied = try apply(.reply(offerToken: row.engineToken, accept: accept), to: row.business,
                                        onlyIf: { engine, now in
                                            engine.offer(byToken: row.engineToken).map { $0.outcome == .open && now < $0.expiresAt } ?? false
                                        },
                                        inspect: { _, _ in () })
                if let applied, applied.effects.contains(where: Self.isBookingEffect) {
                    // « Confirmé » only once the calendar holds it: write it now, wait a little.
                    writeBookingNow(business: row.business, entryID: offer.entryID, waitingAtMost: Self.bookingWait)
                }
            } catch {
                return pageResponse(status: 503, html: Pages.error(status: 503, title: "Service momentanément indisponible",
                                                                   message: "Votre réponse n’a pas pu être enregistrée. Réessayez dans un instant."),
                                    noStore: true)
            }
        }
        return HTTPResponse(status: 303, headers: [("Location", "/o/\(secret)/\(answer)")] + SecurityHeaders.page(noStore: true))
    }

    /// How long a Oui's page waits for the calendar to take the booking before it says the
    /// place is being secured (the SMS then tells the outcome).
    static let bookingWait: Duration = .seconds(5)

    /// Whether an effect writes a booking.
    static func isBookingEffect(_ effect: EngineEffect) -> Bool {
        if case .createBooking = effect { return true }
        return false
    }

    /// What the result page says about an offer that is no longer open.
    func offerOutcome(row: PublicTokenRow, runtime: BusinessRuntime, now: Instant) -> OfferOutcomePage {
        runtime.state.withLock { state -> OfferOutcomePage in
            guard let offer = state.engine.offer(byToken: row.engineToken) else { return .closed }
            switch offer.outcome {
            case .accepted: return .booked
            case .declined: return .declined
            case .expired: return .expired
            case .open: return now < offer.expiresAt ? .closed : .expired
            case .withdrawn:
                // Withdrawn because the entry was closed (admin, STOP, same-day booking): closed.
                // Otherwise the place went to someone else, even when losing it ended the entry
                // (its only chosen slot): the customer must read "taken", not "closed".
                return state.engine.state.entry(offer.entryID)?.status == .removed ? .closed : .taken
            }
        }
    }

    func publicOrigin(for runtime: BusinessRuntime) -> String {
        let url = runtime.state.withLock { $0.engine.rules.establishment.publicURL }
        guard let schemeEnd = url.range(of: "://") else { return url }
        return String(url[..<schemeEnd.upperBound]) + url[schemeEnd.upperBound...].prefix { $0 != "/" }
    }
}
