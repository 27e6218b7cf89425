/// Turns what the engine decided into one store batch: the logged event, the outbox rows for
/// every SMS and calendar write, the read-side projections, and the public link secrets.
///
/// The engine only knows tokens that are digests (`WaitlistEngine` stores them, so the
/// database never holds a usable link). Its SMS texts therefore carry digests; here each one
/// is swapped for a fresh 256-bit secret whose digest is recorded in `public_tokens`, so the
/// customer's link works and a copy of the database does not open it.
import Foundation
import RuleLang
import Runtime

/// Builds the batch for one applied event.
struct EffectBatchBuilder {
    let business: String
    let now: Instant
    /// How the business's bookings and holds are named in its calendar.
    let calendar: CalendarIdentity
    /// The sequence of the logged event whose effects these are (each outbox row records it).
    let step: Int64?
    /// Secrets already minted by the caller, by engine token (the trigger mints its own so it
    /// can return the link in the API answer).
    var minted: [String: String]
    var batch = StoreBatch()
    /// Entry links handed out in this batch, by entry id.
    private(set) var links: [Int: String] = [:]

    init(business: String, now: Instant, calendar: CalendarIdentity, step: Int64? = nil, minted: [String: String] = [:]) {
        self.business = business
        self.now = now
        self.calendar = calendar
        self.step = step
        self.minted = minted
    }

    /// Adds the effects of one step of `engine` (already applied).
    mutating func add(_ effects: [EngineEffect], engine: WaitlistEngine, publicURL: String) {
        var touched = Set<Int>()
        for effect in effects {
            switch effect {
            case let .sendSMS(phone, template, text, entryID):
                touched.insert(entryID)
                let body = withSecrets(text, entryID: entryID, engine: engine, publicURL: publicURL)
                let payload = SMSPayload(to: phone, body: body, template: template, entryID: entryID)
                batch.outbox.append(OutboxInsert(business: business, entryID: entryID, kind: OutboxKind.sms,
                                                 payload: payload.encoded(), nextAttemptAt: now, createdAt: now, step: step))
            case let .createBooking(slot, end, entryID, units):
                touched.insert(entryID)
                let operation = CalendarOperation(action: .upsert, business: business, uid: calendar.bookingUID(entryID: entryID),
                                                  start: slot.start, end: end, resource: slot.resource, units: units,
                                                  summary: Self.summary(engine.state.entry(entryID), units: units, hold: false),
                                                  capacity: engine.slotCalendar.slot(for: slot)?.capacity)
                queue(operation, entryID: entryID)
            case let .placeHold(slot, entryID):
                touched.insert(entryID)
                // A hold keeps the places the booking would take, for as long as it would take them.
                let slotEnd = engine.slotCalendar.slot(for: slot)?.end ?? slot.start + .seconds(1800)
                let end = engine.slotCalendar.bookingEnd(of: slot, slotEnd: slotEnd)
                let units = engine.state.entry(entryID)?.form?.partySize ?? 1
                let operation = CalendarOperation(action: .upsert, business: business, uid: calendar.holdUID(entryID: entryID),
                                                  start: slot.start, end: end, resource: slot.resource, units: units,
                                                  summary: Self.summary(engine.state.entry(entryID), units: units, hold: true),
                                                  capacity: engine.slotCalendar.slot(for: slot)?.capacity)
                queue(operation, entryID: entryID)
            case let .releaseHold(slot, entryID):
                touched.insert(entryID)
                let operation = CalendarOperation(action: .delete, business: business, uid: calendar.holdUID(entryID: entryID),
                                                  start: slot.start, end: slot.start, resource: slot.resource, units: 0,
                                                  summary: "")
                queue(operation, entryID: entryID)
            case let .scheduleTimer(id, at):
                batch.timersScheduled.append(TimerRow(business: business, key: id.description, due: at))
            case .cancelTimer(let id):
                batch.timersRemoved.append(TimerKey(business: business, key: id.description, due: now))
            case let .history(entryID, line):
                if let entryID { touched.insert(entryID) }
                batch.history.append(HistoryRow(business: business, entryID: entryID, at: line.at,
                                                from: line.from?.rawValue, to: line.to?.rawValue, reason: line.reason))
            }
        }
        batch.timersFiredThrough = TimerKey(business: business, key: "", due: now)
        project(touched, engine: engine)
    }

    /// Mints (or reuses) the secret of an entry link and returns the public URL.
    mutating func entryLink(entryID: Int, engine: WaitlistEngine, publicURL: String) -> String? {
        guard let entry = engine.state.entry(entryID) else { return nil }
        let secret = secret(for: entry.token, kind: "entry", entryID: entryID, expires: entry.tokenExpires)
        let url = "\(publicURL)/waitlist/\(secret)"
        links[entryID] = url
        return url
    }

    // MARK: - Secrets

    private mutating func withSecrets(_ text: String, entryID: Int, engine: WaitlistEngine, publicURL: String) -> String {
        guard let entry = engine.state.entry(entryID) else { return text }
        var body = text
        for offer in engine.offers(ofEntry: entryID).reversed() {
            let marker = "/o/\(offer.token)/"
            guard ASCIISearch.firstRange(of: marker, in: Substring(body)) != nil else { continue }
            let secret = secret(for: offer.token, kind: "offer", entryID: entryID, expires: offer.expiresAt)
            body = ASCIISearch.replacingAll(marker, with: "/o/\(secret)/", in: body) ?? body
        }
        let marker = "/waitlist/\(entry.token)"
        if ASCIISearch.firstRange(of: marker, in: Substring(body)) != nil {
            let secret = secret(for: entry.token, kind: "entry", entryID: entryID, expires: entry.tokenExpires)
            body = ASCIISearch.replacingAll(marker, with: "/waitlist/\(secret)", in: body) ?? body
            links[entryID] = "\(publicURL)/waitlist/\(secret)"
        }
        return body
    }

    private mutating func secret(for engineToken: String, kind: String, entryID: Int, expires: Instant) -> String {
        if let secret = minted[engineToken], batch.tokens.contains(where: { $0.engineToken == engineToken }) {
            return secret
        }
        let secret = minted[engineToken] ?? SecureRandom.token()
        minted[engineToken] = secret
        batch.tokens.append(PublicTokenRow(digest: Digest.sha256Hex(secret), business: business, kind: kind,
                                           engineToken: engineToken, entryID: entryID, createdAt: now, expiresAt: expires))
        return secret
    }

    // MARK: - Outbox and projections

    private mutating func queue(_ operation: CalendarOperation, entryID: Int) {
        batch.outbox.append(OutboxInsert(business: business, entryID: entryID, kind: OutboxKind.calendar,
                                         payload: operation.encoded(), nextAttemptAt: now, createdAt: now, step: step))
    }

    /// Entries and offers whose state the effects changed.
    mutating func project(_ ids: Set<Int>, engine: WaitlistEngine) {
        guard !ids.isEmpty else { return }
        for id in ids.sorted() {
            guard let entry = engine.state.entry(id) else { continue }
            batch.entries.append(Self.row(business: business, entry: entry, now: now))
        }
        for offer in engine.offers(ofEntries: ids) {
            batch.offers.append(OfferRow(business: business, engineToken: offer.token, entryID: offer.entryID,
                                         slotStart: offer.slot.start, service: offer.slot.service, sentAt: offer.sentAt,
                                         expiresAt: offer.expiresAt, outcome: offer.outcome.rawValue))
        }
    }

    static func row(business: String, entry: WaitlistEntry, now: Instant) -> EntryRow {
        var redacted = entry
        redacted.token = "" // the engine token is a digest, but keep the projection free of it
        return EntryRow(business: business, id: entry.id, status: entry.status.rawValue, phone: entry.phone,
                        firstName: entry.form?.firstName ?? "", lastName: entry.form?.lastName ?? "",
                        email: entry.form?.email ?? "", requested: entry.requested, service: entry.service,
                        slots: entry.form?.slots ?? [], partySize: entry.form?.partySize ?? 0, source: entry.source,
                        createdAt: entry.history.first?.at ?? now, updatedAt: now,
                        jsonText: .deferred(DeferredJSON { [redacted] in StoredJSON.encodeEntry(redacted) }))
    }


    static func summary(_ entry: WaitlistEntry?, units: Int, hold: Bool) -> String {
        let name = [entry?.form?.firstName, entry?.form?.lastName].compactMap { $0 }.joined(separator: " ")
        let who = name.isEmpty ? "Liste d’attente" : name
        return hold ? "Option liste d’attente – \(who) (\(units))" : "\(who) (\(units)) – liste d’attente"
    }
}

/// Outbox row kinds.
enum OutboxKind {
    static let sms = "sms"
    static let calendar = "calendar"
}

/// The outbox payload of an SMS.
struct SMSPayload: Codable, Equatable {
    var to: String
    var body: String
    var template: String
    var entryID: Int?

    func encoded() -> String { StoredJSON.encode(self) }
    static func decode(_ text: String) -> SMSPayload? { StoredJSON.decode(SMSPayload.self, text) }
}

extension CalendarOperation {
    func encoded() -> String { StoredJSON.encode(self) }
    static func decode(_ text: String) -> CalendarOperation? { StoredJSON.decode(CalendarOperation.self, text) }
}

/// Sorted-keys JSON for stored payloads.
enum StoredJSON {
    /// One configured encoder for every call: `encode` keeps no state between calls (each
    /// makes its own), so sharing it across threads is safe, and the hot path (several
    /// encodings per event) no longer builds and configures one each time.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
    /// The entry projection's encoder (`entries.json`): sorted keys, slashes escaped, as before.
    private static let entryEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func encode<T: Encodable>(_ value: T) -> String {
        (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func encodeEntry(_ entry: WaitlistEntry) -> String {
        (try? entryEncoder.encode(entry)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) -> T? {
        try? JSONDecoder().decode(type, from: Data(text.utf8))
    }
}
