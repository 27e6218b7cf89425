/// Reads an API request's JSON body into an object, as a pure function of the bytes, so the
/// trigger endpoint, the admin API and the fuzzer (`speedai-fuzz trigger`) share exactly one
/// decoder and its refusals (empty body, bad JSON, not an object, a key given twice, unknown
/// field).
import Foundation
import RuleLang

/// Why a JSON request body was refused; `message` is the operator-facing English text.
public enum JSONBodyError: Error, Equatable, Sendable {
    /// No bytes at all.
    case empty
    /// Not JSON; `detail` says where Foundation gave up.
    case invalid(detail: String)
    /// JSON, but not an object (`[1]`, `"x"`, `3`).
    case notAnObject
    /// An object with a field the endpoint does not take; `message` names it and the known ones.
    case unknownField(name: String, message: String)
    /// An object (at any depth) with the same key twice: JSON parsers disagree on which one
    /// counts (Foundation keeps the last), so the body is refused rather than guessed.
    case duplicateKey(name: String)

    /// What the 400 answer says.
    public var message: String {
        switch self {
        case .empty: "the body is empty; send a JSON object"
        case .invalid(let detail): "the body is not valid JSON: \(detail)"
        case .notAnObject: "the body must be a JSON object"
        case .unknownField(_, let message): message
        case .duplicateKey(let name): "the body is not valid JSON for this API: the key '\(name.prefix(64))' appears more than once in an object; send each field once"
        }
    }

    /// The machine-readable error code of the 400 answer.
    public var code: String {
        if case .unknownField = self { return "unknown_field" }
        return "invalid_json"
    }

    /// The field the error is about, when there is one.
    public var field: String? {
        if case .unknownField(let name, _) = self { return name }
        if case .duplicateKey(let name) = self { return String(name.prefix(64)) }
        return nil
    }
}

/// The JSON object body decoder.
public enum JSONObjectBody {
    /// The object in `body`; with `allowedFields`, any other key is refused (the first one in
    /// sorted order, with a did-you-mean hint). `allowedFields` is also the order the message lists.
    public static func parse(_ body: [UInt8], allowedFields: [String]? = nil) -> Result<[String: Any], JSONBodyError> {
        guard !body.isEmpty else { return .failure(.empty) }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(body))
        } catch {
            return .failure(.invalid(detail: FoundationJSONError.describe(error)))
        }
        guard let object = parsed as? [String: Any] else { return .failure(.notAnObject) }
        if let duplicate = firstDuplicateKey(body) { return .failure(.duplicateKey(name: duplicate)) }
        if let allowedFields, let unknown = object.keys.sorted().first(where: { !allowedFields.contains($0) }) {
            let hint = Suggestions.didYouMean(unknown, among: allowedFields).map { " (\($0))" } ?? ""
            let known = allowedFields.isEmpty ? "this endpoint takes no fields" : "fields are \(allowedFields.joined(separator: ", "))"
            return .failure(.unknownField(name: unknown, message: "unknown field '\(unknown)'\(hint); \(known)"))
        }
        return .success(object)
    }

    /// The first key that appears twice in one object of `body`, which Foundation has already
    /// accepted as JSON (so the walk only tracks strings, nesting, `:` and `,`). A key with
    /// escapes is compared decoded (`"a"` and `"\u0061"` are the same key).
    static func firstDuplicateKey(_ body: [UInt8]) -> String? {
        // One frame per open object (its keys so far) or array (nil).
        var frames: [Set<String>?] = []
        var expectingKey = false
        var index = 0
        while index < body.count {
            let byte = body[index]
            switch byte {
            case UInt8(ascii: "\""):
                let start = index
                var escaped = false
                index += 1
                while index < body.count, body[index] != UInt8(ascii: "\"") {
                    if body[index] == UInt8(ascii: "\\") { escaped = true; index += 1 }
                    index += 1
                }
                if expectingKey, var keys = frames.last ?? nil {
                    let token = body[start...min(index, body.count - 1)]
                    let key = escaped
                        ? (try? JSONSerialization.jsonObject(with: Data(token), options: .fragmentsAllowed)) as? String ?? ""
                        : String(decoding: token.dropFirst().dropLast(), as: UTF8.self)
                    if !keys.insert(key).inserted { return key }
                    frames[frames.count - 1] = keys
                    expectingKey = false
                }
            case UInt8(ascii: "{"):
                frames.append(Set<String>())
                expectingKey = true
            case UInt8(ascii: "["):
                frames.append(nil)
                expectingKey = false
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                _ = frames.popLast()
                expectingKey = false
            case UInt8(ascii: ","):
                expectingKey = frames.last.map { $0 != nil } ?? false
            default:
                break
            }
            index += 1
        }
        return nil
    }
}
