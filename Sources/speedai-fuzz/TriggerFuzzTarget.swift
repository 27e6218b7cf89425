/// The `trigger` target: the bytes of a `POST /api/v1/waitlist/trigger` body (the voice
/// agent's JSON, reachable by anyone holding an API key) and of the admin API's JSON bodies
/// go through `TriggerPayload.decode` / `JSONObjectBody.parse`, then the pure checks the
/// trigger applies to the strings: phone normalisation, slot time reading, did-you-mean
/// hints. Invariants: no crash, no hang; `PhoneNumber.normalize` is idempotent; a slot time
/// read with an offset is the same instant whatever the establishment's zone.
import Connectors
import RuleLang
import Runtime

/// Fuzzes the API's JSON body decoders.
enum TriggerFuzzTarget {
    static let paris = ZoneConverter(identifier: "Europe/Paris")!
    static let utc = ZoneConverter(identifier: "UTC")!
    /// The field lists the admin API's endpoints accept.
    static let adminFieldLists: [[String]] = [["direction"], ["phone"], ["email", "password"], ["slot"], []]

    static func run(_ bytes: [UInt8]) {
        for fields in adminFieldLists {
            if case .failure(let error) = JSONObjectBody.parse(bytes, allowedFields: fields) { _ = (error.message, error.code, error.field) }
        }
        guard case .success(let payload) = TriggerPayload.decode(bytes) else { return }
        FuzzCheck.require(payload.values.keys.allSatisfy(TriggerPayload.fieldNames.contains), "unknown field accepted: \(payload.values.keys)")
        if case .text(let phone) = payload.value("phone"), let e164 = PhoneNumber.normalize(phone) {
            FuzzCheck.require(PhoneNumber.normalize(e164) == e164, "normalize is not idempotent: \(phone) → \(e164)")
            _ = PhoneNumber.isMobileFR(e164)
        }
        if case .text(let slot) = payload.value("requested_slot") {
            _ = TapeTime(zone: paris).instant(slot)
            if let absolute = TapeTime(zone: paris).instantWithOffset(slot) {
                FuzzCheck.require(TapeTime(zone: utc).instantWithOffset(slot) == absolute, "offset time depends on the zone: \(slot)")
            }
        }
        for field in ["source", "service", "business_id"] {
            if case .text(let text) = payload.value(field) { _ = Suggestions.didYouMean(text, among: ["voice_agent", "coupe", "bistrot"]) }
        }
    }
}
