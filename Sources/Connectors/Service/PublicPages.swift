/// `GET|POST /waitlist/{secret}` and `/waitlist/{secret}/merci`: the customer's waitlist
/// page. The secret is looked up by its SHA-256 only; an unknown link is a 404 and an expired
/// one a 410, and neither page says anything about the entry.
import Foundation
import RuleLang
import Runtime

/// What a link secret resolved to.
struct ResolvedEntry {
    var business: String
    var runtime: BusinessRuntime
    var entry: WaitlistEntry
    var token: PublicTokenRow
    /// The engine's `BusinessState.version` when `entry` was read (what a cached page checks).
    var version: UInt64
}

extension WaitlistService {
    /// Resolves an entry link, or the 404/410 page to answer.
    func resolveEntry(secret: String) -> Result<ResolvedEntry, HTTPResponseBox> {
        let notFound = HTTPResponseBox(pageResponse(status: 404, html: Pages.notFound(), noStore: true))
        guard Self.looksLikeSecret(secret) else { return .failure(notFound) }
        guard let row = try? store.publicToken(digest: Digest.sha256Hex(secret)), row.kind == "entry",
              let runtime = runtime(row.business) else {
            return .failure(notFound)
        }
        let (found, version) = runtime.state.withLock { ($0.engine.entry(byToken: row.engineToken), $0.version) }
        guard let entry = found else { return .failure(notFound) }
        let now = clock.now()
        let usable = now < entry.tokenExpires && (entry.status == .invited || entry.status == .waiting || entry.status == .offered)
        guard usable else { return .failure(HTTPResponseBox(pageResponse(status: 410, html: Pages.gone(), noStore: true))) }
        return .success(ResolvedEntry(business: row.business, runtime: runtime, entry: entry, token: row, version: version))
    }

    /// Link secrets are 43 base64url characters; anything else is not worth a lookup.
    static func looksLikeSecret(_ text: String) -> Bool {
        text.utf8.count == 43 && text.utf8.allSatisfy {
            ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D || $0 == 0x5F
        }
    }

    /// The waitlist page (GET) and its form (POST).
    func handleWaitlistPage(_ request: HTTPRequest, secret: String) -> HTTPResponse {
        if request.method == "GET", let cached = cachedWaitlistPage(secret: secret) { return cached }
        let resolved: ResolvedEntry
        switch resolveEntry(secret: secret) {
        case .success(let value): resolved = value
        case .failure(let box):
            pageCache.remove(secret)
            return box.response
        }
        let (model, options, validity) = waitlistModel(resolved, secret: secret)
        if request.method == "GET" {
            let response = pageResponse(status: 200, html: Pages.waitlist(model), noStore: true)
            pageCache.store(CachedPublicPage(business: resolved.business, runtime: resolved.runtime,
                                             engineToken: resolved.entry.token, version: resolved.version,
                                             renderedAt: validity.lowerBound, validUntil: validity.upperBound,
                                             response: response), for: secret)
            return response
        }
        guard OriginCheck.allows(request: request, publicOrigin: publicOrigin(for: resolved.runtime)) else {
            return pageResponse(status: 403, html: Pages.error(status: 403, title: "Action refusée",
                                                               message: "Cette demande ne provient pas de la page de liste d’attente. Rouvrez le lien reçu par SMS."),
                                noStore: true)
        }
        let type = request.header("content-type")?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else {
            return pageResponse(status: 415, html: Pages.error(status: 415, title: "Formulaire illisible",
                                                               message: "Le formulaire n’a pas pu être lu. Rouvrez le lien reçu par SMS."),
                                noStore: true)
        }
        guard let fields = FormDecoding.decode(request.body) else {
            return pageResponse(status: 400, html: Pages.error(status: 400, title: "Formulaire illisible",
                                                               message: "Le formulaire n’a pas pu être lu. Rouvrez le lien reçu par SMS."),
                                noStore: true)
        }
        if resolved.entry.status == .offered {
            var blocked = model
            blocked.errors["creneaux"] = "Une place vous est proposée par SMS : répondez d’abord à cette proposition."
            return pageResponse(status: 409, html: Pages.waitlist(blocked), noStore: true)
        }
        let allowed = Set(options.keys)
        let form: ValidWaitlistForm
        switch WaitlistForm.validate(fields: fields, allowedSlots: allowed, partySizeRange: model.showPartySize ? 1...20 : nil) {
        case .success(let valid): form = valid
        case .failure(let errors):
            return pageResponse(status: 422, html: Pages.waitlist(model.resubmitted(with: errors)), noStore: true)
        }
        let slots = form.slots.compactMap { options[$0] }
        let event = LoggedEvent.form(token: resolved.entry.token, firstName: form.firstName, lastName: form.lastName,
                                     email: form.email, partySize: form.partySize ?? 1, slots: slots)
        do {
            let status = try apply(event, to: resolved.business, inspect: { engine, _ in
                engine.entry(byToken: resolved.entry.token)?.status
            }).result
            if status == .expired {
                return pageResponse(status: 410, html: Pages.gone(), noStore: true)
            }
        } catch {
            return pageResponse(status: 503, html: Pages.error(status: 503, title: "Service momentanément indisponible",
                                                               message: "Votre inscription n’a pas pu être enregistrée. Réessayez dans un instant."),
                                noStore: true)
        }
        return HTTPResponse(status: 303, headers: [("Location", "/waitlist/\(secret)/merci")] + SecurityHeaders.page(noStore: true))
    }

    /// The thank-you page after a successful form.
    func handleThankYou(_ request: HTTPRequest, secret: String) -> HTTPResponse {
        let resolved: ResolvedEntry
        switch resolveEntry(secret: secret) {
        case .success(let value): resolved = value
        case .failure(let box): return box.response
        }
        let (zone, name, logo) = resolved.runtime.state.withLock {
            ($0.engine.zone, $0.engine.rules.establishment.name, $0.engine.rules.establishment.logoURL)
        }
        let local = zone.local(resolved.entry.requested)
        let chosen = (resolved.entry.form?.slots ?? []).map { FrenchFormat.dateAndTime(zone.local($0)) }
        return pageResponse(status: 200, html: Pages.thankYou(brand: Self.brand(name: name, logo: logo),
                                                              date: FrenchFormat.date(local), time: FrenchFormat.time(local),
                                                              slotLabels: chosen), noStore: true)
    }

    /// The cached waitlist page of `secret` when it is still exactly what `resolveEntry` and
    /// `waitlistModel` would build now (see `PublicPageCache` for why these checks suffice).
    func cachedWaitlistPage(secret: String) -> HTTPResponse? {
        guard let page = pageCache.page(for: secret) else { return nil }
        let now = clock.now()
        guard let runtime = runtime(page.business), runtime === page.runtime,
              runtime.state.withLock({ $0.version }) == page.version,
              page.renderedAt <= now, now < page.validUntil else {
            pageCache.remove(secret)
            return nil
        }
        return page.response
    }

    /// The page model for an entry: requested slot first (pre-checked), then alternatives;
    /// the slot values the form may send back, mapped to their instants; and the times
    /// between which this model stays the same for the same engine state: from now until the
    /// first listed slot that is neither past nor chosen starts (it then leaves the list) or
    /// the link expires, whichever comes first.
    func waitlistModel(_ resolved: ResolvedEntry, secret: String) -> (WaitlistPageModel, [String: Instant], Range<Instant>) {
        let (zone, rules, availability) = resolved.runtime.state.withLock {
            ($0.engine.zone, $0.engine.rules, $0.engine.pageAvailability(entryID: resolved.entry.id))
        }
        let entry = resolved.entry
        let chosen = Set(entry.form?.slots ?? [])
        var starts = [entry.requested]
        for alternative in (availability?.alternatives ?? []).sorted(by: { $0.slot.start < $1.slot.start })
        where !starts.contains(alternative.slot.start) {
            starts.append(alternative.slot.start)
        }
        for start in chosen.sorted() where !starts.contains(start) { starts.append(start) }
        let now = clock.now()
        var options: [String: Instant] = [:]
        var slots: [SlotOption] = []
        var validUntil = resolved.entry.tokenExpires
        for start in starts where start > now && !chosen.contains(start) { validUntil = min(validUntil, start) }
        for start in starts where start > now || chosen.contains(start) {
            let value = LocalTimeText.minute(start, zone: zone)
            options[value] = start
            let isRequested = start == entry.requested
            let checked = entry.form == nil ? isRequested : chosen.contains(start)
            slots.append(SlotOption(value: value, label: FrenchFormat.time(zone.local(start)),
                                    detail: nil, checked: checked, isRequested: isRequested))
        }
        let local = zone.local(entry.requested)
        let values = WaitlistFormValues(firstName: entry.form?.firstName ?? "", lastName: entry.form?.lastName ?? "",
                                        phone: PhoneNumber.display(entry.phone), email: entry.form?.email ?? "",
                                        partySize: entry.form?.partySize, selectedSlots: Set(slots.filter(\.checked).map(\.value)))
        let model = WaitlistPageModel(brand: Self.brand(name: rules.establishment.name, logo: rules.establishment.logoURL),
                                      requestedDate: FrenchFormat.date(local), requestedTime: FrenchFormat.time(local),
                                      slots: slots, values: values, errors: [:], formAction: "/waitlist/\(secret)",
                                      showPartySize: rules.slots.capacity > 1 || rules.slots.services.contains { $0.capacity > 1 },
                                      isUpdate: entry.form != nil)
        return (model, options, now..<max(now, validUntil))
    }

    /// The brand of an establishment: its name and a logo served by us (never a third-party URL).
    static func brand(name: String, logo: String?) -> EstablishmentBrand {
        let path = logo.flatMap { $0.hasPrefix("/") && !$0.hasPrefix("//") ? $0 : nil }
        return EstablishmentBrand(name: name, logoPath: path)
    }
}
