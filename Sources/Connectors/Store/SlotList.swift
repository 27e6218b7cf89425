/// The `slots` column of `entries`: chosen slot starts as a JSON array of integers (seconds),
/// readable by `json_each` in ad-hoc SQL and by any other store implementation.
import Foundation
import Runtime

/// Encodes and decodes an entry's slot list.
enum SlotList {
    /// `[1737225000,1737228600]`.
    static func encode(_ slots: [Instant]) -> String {
        "[" + slots.map { String($0.seconds) }.joined(separator: ",") + "]"
    }

    /// The instants of a stored slot list, or nil when the text is not a JSON array of integers.
    static func decode(_ text: String) -> [Instant]? {
        guard let seconds = try? JSONDecoder().decode([Int64].self, from: Data(text.utf8)) else { return nil }
        return seconds.map(Instant.init(seconds:))
    }
}
