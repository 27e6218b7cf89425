/// GDPR erasure inside the engine. The engine is the truth the log replays into, so the
/// personal data of an entry must leave the engine state itself (through an event, so the
/// invariants hold), not only the tables around it. What stays is an anonymous trace:
/// status, times, slots, party size, offers — enough for the statistics.

extension WaitlistEngine {
    /// What an erased phone number or email becomes inside history lines.
    public static let erasedText = "[effacé]"

    /// Erases the personal data of `ids` (see `EngineEvent.anonymise`).
    mutating func anonymise(_ ids: [Int], by: String, closeOpen: Bool, stopDigests: [String]) {
        var erased: [Int] = []
        for id in Array(Set(ids)).sorted() {
            guard let entry = state.entry(id) else {
                note(nil, "anonymisation of unknown entry \(id) by \(by) ignored", .anonymisationOfUnknownEntry(entryID: id, by: by))
                continue
            }
            guard entry.anonymisedAt == nil else { continue }
            if !entry.status.isFinal {
                guard closeOpen else {
                    note(id, "anonymisation by \(by) refused: the entry is still \(entry.status.rawValue)",
                         .anonymisationRefused(by: by, status: entry.status))
                    continue
                }
                close(id, as: .removed, "closed before erasure of personal data (\(by))", .closedForErasure(by: by))
            }
            erased.append(id)
        }
        guard !erased.isEmpty else { return }
        var phones = Set<String>()
        for id in erased {
            let entry = state.entries[id - 1]
            if !entry.phone.isEmpty { phones.insert(entry.phone) }
            let secrets = [entry.phone, entry.form?.email ?? ""].filter { !$0.isEmpty }
            for line in state.entries[id - 1].history.indices {
                state.entries[id - 1].history[line].reason = Self.scrub(entry.history[line].reason, removing: secrets)
                state.entries[id - 1].history[line].code = entry.history[line].code?.scrubbed(removing: Set(secrets), erased: Self.erasedText)
            }
            state.entries[id - 1].phone = ""
            state.entries[id - 1].form?.firstName = ""
            state.entries[id - 1].form?.lastName = ""
            state.entries[id - 1].form?.email = ""
            state.entries[id - 1].anonymisedAt = now
            note(id, "personal data erased (\(by))", .personalDataErased(by: by))
        }
        // Phones no longer carried by any entry are forgotten: out of the STOP list (the
        // service hands their digests in) and out of the journal.
        index = EngineIndex(state: state, now: now, stopBefore: rules.offers.stopBefore, zone: programs.zone, programs: programs)
        let forgotten = phones.filter { index.entriesByPhone[$0] == nil }.sorted()
        if !forgotten.isEmpty {
            state.optedOut.removeAll { forgotten.contains($0) }
            for line in state.journal.indices where forgotten.contains(where: { state.journal[line].reason.contains($0) }) {
                state.journal[line].reason = Self.scrub(state.journal[line].reason, removing: forgotten)
                state.journal[line].code = state.journal[line].code?.scrubbed(removing: Set(forgotten), erased: Self.erasedText)
            }
        }
        if !stopDigests.isEmpty {
            state.optedOutDigests = Array(Set((state.optedOutDigests ?? []) + stopDigests)).sorted()
        }
        note(nil, "\(erased.count) \(erased.count == 1 ? "entry" : "entries") anonymised (\(by))", .entriesAnonymised(count: erased.count, by: by))
    }

    /// `text` with every occurrence of `secrets` replaced by `erasedText`.
    public static func scrub(_ text: String, removing secrets: [String]) -> String {
        secrets.reduce(text) { $1.isEmpty ? $0 : $0.replacing($1, with: erasedText) }
    }

    /// Whether a phone that sent STOP was erased since: the service checks the digest of a
    /// calling number here before inviting it.
    public func isErasedOptOut(digest: String) -> Bool {
        state.optedOutDigests?.contains(digest) ?? false
    }
}
