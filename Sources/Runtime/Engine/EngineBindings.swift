/// The CEL values rule expressions see: `entry` (record `Entry`) and `slot` (record
/// `Slot`), filled with the field names `RuleEnvironment` declares.
import RuleLang

extension WaitlistEntry {
    /// The fields of `Entry` the engine fills, by name.
    enum Field: String {
        case id, phone, first_name, last_name, email, party_size, requested, slots, service
        case joined_at, source, offers, declines, visits, priority
    }

    /// `Entry`'s fields in declaration order, resolved once: a freed slot builds one
    /// `entry` value per candidate, so no per-entry dictionary of names.
    static let layout: [Field?] = RuleEnvironment.entryType.fields.map { Field(rawValue: $0.name) }

    /// The `entry` value; `visits` is counted by the caller from confirmed entries.
    func celValue(visits: Int) -> Value {
        let form = self.form
        return .object(CELObject(type: RuleEnvironment.entryType, fields: Self.layout.map { field -> Value in
            switch field {
            case .id: .string(String(id))
            case .phone: .string(phone)
            case .first_name: .string(form?.firstName ?? "")
            case .last_name: .string(form?.lastName ?? "")
            case .email: .string(form?.email ?? "")
            case .party_size: .int(Int64(form?.partySize ?? 1))
            case .requested: celTimestamp(requested)
            case .slots: .list((form?.slots ?? []).map(celTimestamp))
            case .service: .string(service)
            case .joined_at: celTimestamp(form?.joinedAt ?? requested)
            case .source: .string(source)
            case .offers: .int(Int64(offerCount))
            case .declines: .int(Int64(declineCount))
            case .visits: .int(Int64(visits))
            case .priority: .int(Int64(manualPriority))
            case nil: .null
            }
        }))
    }
}

extension SlotInfo {
    /// The `slot` value with its free capacity.
    func celValue(free: Int) -> Value {
        .object(CELObject(type: RuleEnvironment.slotType, values: [
            "start": celTimestamp(key.start),
            "end": celTimestamp(end),
            "service": .string(key.service),
            "resource": .string(key.resource),
            "capacity": .int(Int64(capacity)),
            "free": .int(Int64(free)),
        ]))
    }
}

/// An instant as a CEL timestamp (instants the engine sees are always in CEL's range).
func celTimestamp(_ instant: Instant) -> Value {
    .timestamp(CELTimestamp(seconds: instant.seconds) ?? CELTimestamp(seconds: 0)!)
}
