/// Bridges Foundation's JSON objects (what `JSONSerialization` returns) to
/// `MustacheValue`, so data files and the spec suite can feed templates without a
/// hand-written JSON parser. Conversion only: reading the bytes is the caller's job.
import Foundation

extension MustacheValue {
    /// Converts a value produced by `JSONSerialization.jsonObject` (or built from the
    /// same Swift types: `String`, numbers, `Bool`, `NSNull`, `[Any]`, `[String: Any]`).
    /// Returns nil for anything else.
    ///
    /// Foundation dictionaries have no key order, so object keys are sorted to keep
    /// the result deterministic.
    public init?(jsonObject: Any) {
        switch jsonObject {
        case is NSNull:
            self = .null
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            self = Self.value(of: number)
        case let items as [Any]:
            var values: [MustacheValue] = []
            values.reserveCapacity(items.count)
            for item in items {
                guard let value = MustacheValue(jsonObject: item) else { return nil }
                values.append(value)
            }
            self = .list(values)
        case let dictionary as [String: Any]:
            var object = MustacheObject()
            for key in dictionary.keys.sorted() {
                guard let value = MustacheValue(jsonObject: dictionary[key]!) else { return nil }
                object[key] = value
            }
            self = .object(object)
        default:
            return nil
        }
    }

    /// Booleans come back from JSON as `NSNumber`s whose type code is `c` (char); the
    /// parser never produces a `c` for an actual number, so the code tells them apart.
    private static func value(of number: NSNumber) -> MustacheValue {
        switch String(cString: number.objCType) {
        case "c", "B":
            return .bool(number.boolValue)
        case "d", "f":
            return .double(number.doubleValue)
        case "Q" where number.uint64Value > UInt64(Int64.max):
            return .double(number.doubleValue)
        default:
            return .int(number.int64Value)
        }
    }
}
