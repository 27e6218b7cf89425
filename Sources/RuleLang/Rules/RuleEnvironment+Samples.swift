/// A realistic entry and freed slot for trying rule expressions (`speedai-rules eval
/// --sample`, the fuzzer, benchmarks): Camille Martin, two people, waiting for Saturday
/// 18 January 2025 at 19:30 in Paris, with 19:00 and 20:00 ticked as alternatives; the
/// 19:30 slot has just been freed at 17:00.
extension RuleEnvironment {
    /// `now`: 2025-01-18 17:00 in Paris.
    public static let sampleNow = CELTimestamp(rfc3339: "2025-01-18T16:00:00Z")!

    /// The sample `entry`, `slot` and `now`.
    public static func sampleBindings() -> [String: Value] {
        func at(_ text: String) -> Value { .timestamp(CELTimestamp(rfc3339: text)!) }
        let entry = CELObject(type: entryType, values: [
            "id": .string("wl_8f3k2"),
            "phone": .string("+33612345678"),
            "first_name": .string("Camille"),
            "last_name": .string("Martin"),
            "email": .string("camille.martin@example.fr"),
            "party_size": .int(2),
            "requested": at("2025-01-18T18:30:00Z"),
            "slots": .list([at("2025-01-18T18:00:00Z"), at("2025-01-18T18:30:00Z"), at("2025-01-18T19:00:00Z")]),
            "service": .string("dinner"),
            "joined_at": at("2025-01-17T10:12:00Z"),
            "source": .string("voice_agent"),
            "offers": .int(0),
            "declines": .int(0),
            "visits": .int(3),
            "priority": .int(0),
        ])
        let slot = CELObject(type: slotType, values: [
            "start": at("2025-01-18T18:30:00Z"),
            "end": at("2025-01-18T19:00:00Z"),
            "service": .string("dinner"),
            "resource": .string(""),
            "capacity": .int(4),
            "free": .int(2),
        ])
        return ["entry": .object(entry), "slot": .object(slot), "now": .timestamp(sampleNow)]
    }
}
