/// How the checker names types in sentences an establishment admin reads: "a timestamp",
/// "an int", "true or false", never `google.protobuf.Timestamp` alone.
extension CELType {
    /// The type with an article, e.g. "a timestamp", "an int", "a list(string)", "an Entry".
    var phrase: String {
        switch self {
        case .bool: return "true or false"
        case .null: return "null"
        case .bytes: return "bytes"
        case .dyn, .error, .parameter: return "a value of any type"
        case .type: return "a type"
        case .uint: return "a uint"
        default:
            let name = friendlyName
            let vowels: Set<Character> = ["a", "e", "i", "o", "u", "A", "E", "I", "O", "U"]
            return (name.first.map { vowels.contains($0) } ?? false ? "an " : "a ") + name
        }
    }

    /// How a parameter type reads in a list of accepted signatures ("list", "map", "any").
    var signatureName: String {
        switch self {
        case .parameter: return "any"
        case .list: return "list"
        case .map: return "map"
        default: return friendlyName
        }
    }

    /// Whether values of this type are numbers (int, uint or double).
    var isNumber: Bool {
        switch self {
        case .int, .uint, .double: return true
        default: return false
        }
    }
}

/// Joins names as "a", "a and b", "a, b and c".
func celJoinedForPeople(_ items: [String]) -> String {
    switch items.count {
    case 0: return ""
    case 1: return items[0]
    default: return items.dropLast().joined(separator: ", ") + " and " + items[items.count - 1]
    }
}

/// A "did you mean" for a misspelt or shortened name: the closest by edit distance, or
/// else the only candidate having the name as one of its `_`-separated words
/// (`party` → `party_size`).
func celSuggestion(for name: String, among candidates: [String]) -> String? {
    if let close = Suggestions.didYouMean(name, among: candidates) { return close }
    guard name.count >= 3 else { return nil }
    let lowered = name.lowercased()
    let containing = candidates.filter { $0.lowercased().split(separator: "_").contains { $0 == lowered } }
    return containing.count == 1 ? "did you mean '\(containing[0])'?" : nil
}
