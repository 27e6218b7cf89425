/// JSON text encoded after the business's lock is released. An event's batch must be queued
/// under the lock (the log's order is the engine's), but the entry projection's JSON
/// (`entries.json`, read by nothing in the service) only has to exist by the time the writer
/// stores the row. Encoding it under the lock was the largest single cost there (make bench
/// 8a profile), and every other request of the business waited for it. The request thread
/// encodes it right after unlocking; should the writer reach the row first, it encodes it
/// itself. Either way the text is the same: the encoding reads a copy of the entry taken
/// under the lock.
import Synchronization

extension JSONText {
    /// Text already written, or to be written once.
    enum Value: Sendable, Equatable {
        case written(String)
        case deferred(DeferredJSON)

        /// The text (encoding it now if nobody has yet).
        var text: String {
            switch self {
            case .written(let text): return text
            case .deferred(let deferred): return deferred.text
            }
        }

        static func == (left: Value, right: Value) -> Bool { left.text == right.text }
    }
}

/// An encoding run at most once, by whichever thread needs its text first.
final class DeferredJSON: Sendable {
    private let encode: @Sendable () -> String
    private let result = Mutex<String?>(nil)

    init(_ encode: @escaping @Sendable () -> String) {
        self.encode = encode
    }

    /// The text; the first caller encodes it (a second one waits for that, briefly).
    var text: String {
        result.withLock { result in
            if let result { return result }
            let text = encode()
            result = text
            return text
        }
    }
}
