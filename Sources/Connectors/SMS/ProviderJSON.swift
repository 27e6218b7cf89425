/// Tolerant reading of providers' JSON answers: a body that is not JSON, or a field of an
/// unexpected type, reads as nil rather than throwing, so each connector can say plainly what
/// it got instead of crashing on a proxy's HTML error page.
import Foundation

/// JSON reading helpers for provider responses.
enum ProviderJSON {
    /// The top-level object of `body`, or nil when it is not a JSON object.
    static func object(_ body: [UInt8]) -> [String: Any]? {
        guard !body.isEmpty else { return nil }
        return (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }

    /// A string field (nil when absent, null or not a string).
    static func string(_ object: [String: Any], _ key: String) -> String? {
        object[key] as? String
    }

    /// An integer field written as a JSON number or a numeric string (Twilio writes
    /// `num_segments` as `"1"`); nil otherwise.
    static func int(_ object: [String: Any], _ key: String) -> Int? {
        switch object[key] {
        case let number as Int: return number
        case let number as Double:
            guard number.isFinite, number == number.rounded(), abs(number) < 1e15 else { return nil }
            return Int(number)
        case let text as String: return Int(text)
        default: return nil
        }
    }

    /// The first `limit` characters of `body` on one line, to quote an unexpected answer.
    static func snippet(_ body: [UInt8], limit: Int = 120) -> String {
        if body.isEmpty { return "an empty body" }
        let text = String(decoding: body.prefix(limit * 4), as: UTF8.self)
        let flat = text.split(whereSeparator: { $0.isNewline }).joined(separator: " ")
        let cut = String(flat.prefix(limit))
        return "'" + cut + (flat.count > limit ? "…" : "") + "'"
    }
}
