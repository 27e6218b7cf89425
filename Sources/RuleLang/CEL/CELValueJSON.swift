import Foundation

/// Converting Foundation JSON (what `JSONSerialization` returns) into CEL values, for the
/// `eval` command's `--vars` input and for tests: integers become `int` (or `uint` beyond
/// Int64), numbers with a fraction or exponent become `double`, objects become maps with
/// string keys in sorted key order (JSON objects are unordered; sorting keeps output stable).
extension Value {
    /// The CEL value of a JSON value; anything that is not JSON becomes `null`.
    public init(json: Any) {
        switch json {
        case let text as String:
            self = .string(text)
        case let number as NSNumber:
            self = Value.number(number)
        case let array as [Any]:
            self = .list(array.map { Value(json: $0) })
        case let object as [String: Any]:
            let entries = object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { ($0, Value(json: object[$0]!)) }
            self = .map(CELMap(strings: entries))
        default:
            self = .null
        }
    }

    /// NSNumber carries the JSON token's kind in its Objective-C type code: `c` for
    /// booleans, `d`/`f` for numbers with a fraction or exponent, `Q` for integers that only
    /// fit in UInt64, an integer code otherwise.
    private static func number(_ number: NSNumber) -> Value {
        let code = String(cString: number.objCType)
        switch code {
        case "c", "B":
            return .bool(number.boolValue)
        case "d", "f":
            return .double(number.doubleValue)
        case "Q":
            let value = number.uint64Value
            return value <= UInt64(Int64.max) ? .int(Int64(value)) : .uint(value)
        default:
            return .int(number.int64Value)
        }
    }
}
