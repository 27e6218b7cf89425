/// The CEL values rule expressions see: `entry` (record `Entry`) and `slot` (record
/// `Slot`), filled with the field names `RuleEnvironment` declares.
import RuleLang

extension WaitlistEntry {
    /// The `entry` value; `visits` is counted by the caller from confirmed entries.
    func celValue(visits: Int) -> Value {
        let form = self.form
        return .object(CELObject(type: RuleEnvironment.entryType, values: [
            "id": .string(String(id)),
            "phone": .string(phone),
            "first_name": .string(form?.firstName ?? ""),
            "last_name": .string(form?.lastName ?? ""),
            "email": .string(form?.email ?? ""),
            "party_size": .int(Int64(form?.partySize ?? 1)),
            "requested": celTimestamp(requested),
            "slots": .list((form?.slots ?? []).map(celTimestamp)),
            "service": .string(service),
            "joined_at": celTimestamp(form?.joinedAt ?? requested),
            "source": .string(source),
            "offers": .int(Int64(offerCount)),
            "declines": .int(Int64(declineCount)),
            "visits": .int(Int64(visits)),
            "priority": .int(Int64(manualPriority)),
        ]))
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
