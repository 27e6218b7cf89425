/// The trigger endpoint's body (`POST /api/v1/waitlist/trigger`) read without the service:
/// which fields are there and which are strings. Everything that needs the establishment
/// (its zone, its slots, its services) stays in `parseTrigger`, which reads these values in
/// its own order so the first error reported is unchanged. Pure, so the fuzzer drives it.
import Foundation

/// A trigger body's fields, not yet validated against an establishment.
public struct TriggerPayload: Sendable, Equatable {
    /// What a field of the body holds.
    public enum Value: Sendable, Equatable {
        /// Missing or `null`.
        case absent
        /// Present but not a JSON string.
        case notString
        /// A JSON string.
        case text(String)
    }

    /// The fields the endpoint takes, sorted (the order error messages list them in).
    public static let fieldNames = ["business_id", "phone", "requested_slot", "service", "source"]

    /// The value of each known field that was present.
    public var values: [String: Value]

    /// A payload from its values.
    public init(values: [String: Value]) {
        self.values = values
    }

    /// What `field` holds (`.absent` when it was not sent).
    public func value(_ field: String) -> Value { values[field] ?? .absent }

    /// The payload in `body`, or the refusal (empty, not JSON, not an object, unknown field).
    public static func decode(_ body: [UInt8]) -> Result<TriggerPayload, JSONBodyError> {
        let object: [String: Any]
        switch JSONObjectBody.parse(body, allowedFields: fieldNames) {
        case .success(let value): object = value
        case .failure(let error): return .failure(error)
        }
        var values: [String: Value] = [:]
        for (name, raw) in object {
            if raw is NSNull { continue }
            values[name] = (raw as? String).map(Value.text) ?? .notString
        }
        return .success(TriggerPayload(values: values))
    }
}
