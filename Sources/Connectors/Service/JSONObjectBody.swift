/// Reads an API request's JSON body into an object, as a pure function of the bytes, so the
/// trigger endpoint, the admin API and the fuzzer (`speedai-fuzz trigger`) share exactly one
/// decoder and its refusals (empty body, bad JSON, not an object, unknown field).
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

    /// What the 400 answer says.
    public var message: String {
        switch self {
        case .empty: "the body is empty; send a JSON object"
        case .invalid(let detail): "the body is not valid JSON: \(detail)"
        case .notAnObject: "the body must be a JSON object"
        case .unknownField(_, let message): message
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
        if let allowedFields, let unknown = object.keys.sorted().first(where: { !allowedFields.contains($0) }) {
            let hint = Suggestions.didYouMean(unknown, among: allowedFields).map { " (\($0))" } ?? ""
            let known = allowedFields.isEmpty ? "this endpoint takes no fields" : "fields are \(allowedFields.joined(separator: ", "))"
            return .failure(.unknownField(name: unknown, message: "unknown field '\(unknown)'\(hint); \(known)"))
        }
        return .success(object)
    }
}
